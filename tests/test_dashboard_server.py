"""The dashboard as it is served: loaded the way the Solara server loads it, and the
`run.py dashboard` server as a subprocess."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

SERVER_LIKE = r"""
import json, re, sys, time
import ipywidgets
import solara.server.app as server_app  # patches threads and widgets as the server does
from solara.server import kernel, kernel_context
from tests.dashboard_page import Page

app = server_app.AppScript("dashboards.app")
server_app.apps["__default__"] = app
app.init()
pages = []
for name in ("a", "b"):
    context = kernel_context.VirtualKernelContext(id=name, kernel=kernel.Kernel(),
                                                  session_id="session-" + name)
    with context:
        context.container = ipywidgets.VBox()
        server_app.load_app_widget(None, app, "/")
        page = Page.__new__(Page)
        page.box = context.container
        pages.append((context, page))
(first_context, first), (second_context, second) = pages
def first_week():
    with first_context:
        return int(re.match(r"Week (\d+)", first.text("zs-week")).group(1))
with first_context:
    first.click("zs-step")
    first.click("zs-play")
end = time.monotonic() + 60  # a generous cap, not a timing: a busy machine plays slowly
while first_week() <= 4 and time.monotonic() < end:
    time.sleep(0.2)
with first_context:
    first.click("zs-pause")
time.sleep(1.0)
result = {"first": first.text("zs-week"), "second": second.text("zs-week"),
          "language": second.button_label("zs-language")}
for context, _ in pages:
    context.close()
app.close()
print(json.dumps(result))
"""


@pytest.mark.slow
def test_the_page_as_the_solara_server_loads_it():
    """Through Solara's own app loading (the module's Layout around Page, patched threads):
    the page renders, plays in its thread, and a second session's model stays put."""
    import json

    result = subprocess.run([sys.executable, "-c", SERVER_LIKE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    week = int(re.match(r"Week (\d+) van 520", shown["first"]).group(1))
    assert week > 4  # played on in its thread after the one step
    assert shown["second"].startswith("Week 0 van 520")
    assert shown["language"] == "English"


# --- the server -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at `port` (Linux's /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_telemetry_setting_is_the_one_solara_reads():
    code = ("from dashboards.serve import dashboard_environment; dashboard_environment(); "
            "from solara.server import settings; print(settings.telemetry.mixpanel_enable)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "False", result.stderr


def test_dashboard_command_serves_the_page_on_localhost_only():
    port = free_port()
    server = subprocess.Popen([sys.executable, "run.py", "dashboard", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        status = None
        end = time.monotonic() + 60
        while status is None and time.monotonic() < end and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    status = reply.status
            except OSError:
                time.sleep(0.3)
        assert status == 200
        if sys.platform.startswith("linux") and "PYTHONMALLOC" not in os.environ:
            # restarted on the C library's allocator (same pid), so tabs give memory back
            environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
            assert b"PYTHONMALLOC=malloc" in environ
        if os.path.exists("/proc/net/tcp"):
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode in (0, 130), err
    assert f"http://127.0.0.1:{port}" in out
    assert "telemetry: off" in out
    assert "Traceback" not in err
