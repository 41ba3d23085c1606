"""`run.py workshop` as a subprocess, for the restart test and the browser test: started in
its own process group, its printed links read, stopped (or killed) afterwards."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0


@dataclass
class Server:
    process: subprocess.Popen
    log: object  # the file its output goes to
    url: str

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def printed(self, label: str) -> str | None:
        found = re.search(rf"^{re.escape(label)}: (\S+)$", self.output(), re.MULTILINE)
        return found.group(1) if found else None

    def kill(self) -> None:
        """`kill -9` of the server and all it started: no chance to clean up."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            with suppress(ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGINT)
                self.process.wait(timeout=15)
        self.kill()
        self.log.close()


def start(data: Path, port: int, *extra: str) -> Server:
    """`run.py workshop --data DATA --port PORT ...`, once it serves its page."""
    log = tempfile.TemporaryFile(mode="w+", prefix="zs-workshop-")  # noqa: SIM115  (closed by stop)
    process = subprocess.Popen(
        [sys.executable, "run.py", "workshop", "--data", str(data), "--port", str(port),
         *extra], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    server = Server(process, log, f"http://127.0.0.1:{port}/")
    end = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            output = server.output()
            log.close()
            raise RuntimeError(f"the workshop exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(server.url, timeout=5) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            pass
        if time.monotonic() > end:
            server.stop()
            raise RuntimeError(f"the workshop did not serve {server.url} in time")
        time.sleep(0.3)
