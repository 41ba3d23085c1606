"""Persistence: `kill -9` of `run.py workshop` mid-round and a restart with the same --data
lose nothing; the open round stays open with the same deadline, the links still work.

The server is a real subprocess; the session is made by its command line, and the
participants act through the same functions the pages call, on the same database, while it
runs."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import yaml

from model import LEVERS
from tests.browser import free_port
from tests.conftest import SMALL
from tests.workshop.conftest import levers
from tests.workshop.server import start
from workshop import rounds, runs, sessions, views
from workshop.store import Store


def test_kill_9_mid_round_and_restart_lose_nothing(tmp_path: Path):
    data, scenario = tmp_path / "data", tmp_path / "small.yaml"
    scenario.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    port = free_port()
    server = start(data, port, "--scenario", str(scenario), "--groups", "3", "--rounds", "2")
    try:
        link, code = server.printed("facilitator"), server.printed("join code")
        assert link and code, server.output()
        assert server.printed("participants") == f"http://127.0.0.1:{port}/"
        assert "Solara usage telemetry: off" in server.output()
        token = link.split("token=")[1]
        store = Store.open(data, create=False)
        sid = views.sessions_list(store, token)[0].id
        seats = [sessions.join(store, code, name) for name in ("Ada", "Bo", "Cas")]
        deadline = rounds.open_round(store, token, sid, 1, timer=900)
        sessions.submit(store, seats[0], levers(**{LEVERS[0]: 0.9}), "meer ruimte")
        sessions.submit(store, seats[2], levers(**{LEVERS[5]: 0.4}), "het moet")
        before = views.facilitator_view(store, token, sid)
    finally:
        server.kill()
        server.log.close()
    time.sleep(0.5)
    again = start(data, port)
    try:
        assert again.printed("facilitator") == link  # the same key: the old link works
        assert again.printed("join code") is None  # no new session without --scenario
        after = views.facilitator_view(store, token, sid)
        assert after.current.status == "open" and after.current.deadline == deadline
        assert after.decisions == before.decisions
        assert [len(g.members) for g in after.groups] == [1, 1, 1]
        assert views.participant_view(store, seats[1]).current.deadline == deadline
        assert sessions.join(store, code, "Dirk")  # the join code still admits
        with urllib.request.urlopen(link, timeout=30) as reply:
            assert reply.status == 200
        rounds.lock_round(store, token, sid, 1)
        runs.run_round(store, token, sid, 1, processes=False, background=False)
        results = views.facilitator_view(store, token, sid).results
        assert sorted({r["group"] for r in results}) == [1, 2, 3]
    finally:
        again.stop()
