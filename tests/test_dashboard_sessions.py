"""Many sessions on one server (dashboards/sessions.py): several playing at once all make
progress and simulate what each would alone; a released session frees its model; the cap
turns the next tab away with a polite page, which lets it in once a place is free; and
`run.py dashboard` sets the cap and the release time. (How fast: benchmarks/
dashboard_sessions.py; no timings here.)"""

from __future__ import annotations

import copy
import gc
import os
import subprocess
import sys
import threading
import weakref

import pandas as pd
import pytest
import yaml

from dashboards import app
from dashboards.explorer import Explorer
from dashboards.session import Session
from dashboards.sessions import Sessions, Turns
from dashboards.settings import Settings, load_uploaded
from tests.conftest import SMALL
from tests.dashboard_page import Page, kernel_context, wait_until
from tests.test_dashboard import ipython_display  # noqa: F401  (the page needs it)
from tests.test_dashboard_server import ROOT


def small_session() -> Session:
    session = Session()
    session.reset(Settings.of(load_uploaded("small.yaml",
                                            yaml.safe_dump(copy.deepcopy(SMALL)).encode())))
    return session


def test_several_sessions_each_make_progress_and_simulate_as_alone():
    sessions = Sessions(limit=None)
    playing = [sessions.admit(small_session) for _ in range(3)]
    cancel = threading.Event()
    frames = [0, 0, 0]

    def frame_of(i: int, session: Session):
        def frame(charts: bool) -> None:
            session.key_figures()
            frames[i] += 1
            session.rendered.set()
        return frame

    threads = [threading.Thread(target=s.play, args=(cancel, frame_of(i, s)))
               for i, s in enumerate(playing)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: all(s.explorer.week >= 6 for s in playing), timeout=120)
    finally:
        cancel.set()
        for thread in threads:
            thread.join()
    assert all(s.play_stats.weeks >= 6 for s in playing)
    assert all(count >= 1 for count in frames)
    # the same run as the same settings stepped alone: playing among others changes nothing
    for session in playing:
        alone = Explorer(session.settings)
        alone.step(session.explorer.week)
        pd.testing.assert_frame_equal(session.history(), alone.history())


def test_a_released_session_frees_its_model_and_its_place():
    sessions = Sessions(limit=2)
    session = sessions.admit(small_session)
    model = weakref.ref(session.explorer.model)
    assert sessions.open == 1
    sessions.release(session, free=False)
    gc.collect()
    assert model() is None  # even while something still holds the Session
    assert session.released.is_set()
    assert sessions.open == 0


def test_a_play_stops_when_its_session_is_released():
    sessions = Sessions(limit=None)
    session = sessions.admit(small_session)

    def frame(charts: bool) -> None:
        session.rendered.set()

    player = threading.Thread(target=session.play, args=(threading.Event(), frame))
    player.start()
    wait_until(lambda: session.explorer is not None and session.explorer.week > 0,
               timeout=60)
    sessions.release(session, free=False)
    player.join(timeout=30)
    assert not player.is_alive()


def test_turns_go_first_come_first_served():
    turns, order = Turns(), []
    first_in = threading.Event()
    release_first = threading.Event()

    def first() -> None:
        with turns():
            first_in.set()
            release_first.wait(5)
            order.append("first")

    def later(name: str, started: threading.Event) -> None:
        started.set()
        with turns():
            order.append(name)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    first_in.wait(5)
    for name in ("second", "third"):
        started = threading.Event()
        threads.append(threading.Thread(target=later, args=(name, started)))
        threads[-1].start()
        started.wait(5)
        wait_until(lambda: turns.waiting == len(threads), timeout=5)
    release_first.set()
    for thread in threads:
        thread.join()
    assert order == ["first", "second", "third"]


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_a_full_server_shows_a_polite_page_and_lets_in_once_a_place_is_free():
    sessions = Sessions(limit=1)
    first_context, second_context = kernel_context("first"), kernel_context("second")
    with first_context:
        first = Page(component=lambda: app.Admitted(sessions, parallel=False))
    assert first.all("zs-play") and not first.all("zs-full")
    with second_context:
        second = Page(component=lambda: app.Admitted(sessions, parallel=False))
        assert second.all("zs-full") and not second.all("zs-play")
        assert "Het dashboard is even vol" in second.text("zs-full")
        second.click("zs-language")
        assert "The dashboard is full for now" in second.text("zs-full")
        second.click("zs-full-retry")  # still full
        assert second.all("zs-full")
    with first_context:
        first.close()  # the tab closed: its session released, its place free
    assert sessions.open == 0
    with second_context:
        second.click("zs-full-retry")
        assert second.all("zs-play") and not second.all("zs-full")
        assert sessions.open == 1
        second.close()
    assert sessions.open == 0


def run_environment(*args: str) -> str:
    code = ("import argparse, sys; from dashboards.serve import dashboard_environment; "
            "dashboard_environment(argparse.Namespace("
            "max_sessions=sys.argv[1], release_after=sys.argv[2]) if sys.argv[1:] else None); "
            "from solara.server import settings; from dashboards.sessions import SESSIONS; "
            "print(settings.kernel.cull_timeout, SESSIONS.limit)")
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=60,
                            env={**{k: v for k, v in os.environ.items()
                                    if k not in ("ZELFSTURING_MAX_SESSIONS",
                                                 "SOLARA_KERNEL_CULL_TIMEOUT")},
                                 "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_dashboard_command_sets_the_release_time_and_the_cap():
    assert run_environment() == "2m 20"
    assert run_environment("5", "90s") == "90s 5"
    assert run_environment("0", "1h") == "1h None"


def test_the_dashboard_command_refuses_a_bad_release_time_or_cap(capsys):
    import run

    for option in (["--release-after", "soon"], ["--max-sessions", "-1"]):
        with pytest.raises(SystemExit):
            run.build_parser().parse_args(["dashboard", *option])
    args = run.build_parser().parse_args(["dashboard", "--release-after", "90s",
                                          "--max-sessions", "0"])
    assert (args.release_after, args.max_sessions) == ("90s", 0)


def test_the_server_restarts_on_the_c_allocator_once_on_linux(monkeypatch):
    from dashboards import sessions as sessions_module

    calls = []

    def execv(path, argv):
        calls.append((path, list(argv), os.environ.get("PYTHONMALLOC")))
        raise SystemExit(0)  # as far as this process is concerned, exec does not return

    monkeypatch.setattr(sessions_module.os, "execv", execv)
    monkeypatch.setattr(sessions_module.sys, "platform", "linux")
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    with pytest.raises(SystemExit):
        sessions_module.use_system_allocator()
    assert calls == [(sys.executable, list(sys.orig_argv), "malloc")]
    # set already (by the restart, or by the user): goes on as it is
    sessions_module.use_system_allocator()
    monkeypatch.setenv("PYTHONMALLOC", "pymalloc")
    sessions_module.use_system_allocator()
    monkeypatch.delenv("PYTHONMALLOC")
    monkeypatch.setattr(sessions_module.sys, "platform", "darwin")
    sessions_module.use_system_allocator()
    assert len(calls) == 1


def test_a_closed_tab_is_kept_for_a_reload_then_released():
    sessions = Sessions(limit=None)
    session = sessions.admit(small_session, key="browser")
    session.step(3)
    sessions.release(session, keep=30, key="browser")  # closed: parked for a reload
    assert sessions.open == 0 and sessions.parked == 1
    again = sessions.admit(small_session, key="browser")  # the reload takes it up
    assert again is session and again.explorer.week == 3
    assert sessions.open == 1 and sessions.parked == 0
    model = weakref.ref(session.explorer.model)
    sessions.release(session, keep=0.05, key="browser", free=False)
    wait_until(lambda: sessions.parked == 0, timeout=10)  # not reloaded: released
    gc.collect()
    assert model() is None and session.released.is_set()


def test_parked_sessions_give_way_to_new_visitors():
    sessions = Sessions(limit=1)
    parked = sessions.admit(small_session, key="a")
    sessions.release(parked, keep=60, key="a")
    newcomer = sessions.admit(small_session, key="b")
    assert newcomer is not None and newcomer is not parked
    assert parked.released.is_set() and sessions.parked == 0
    assert sessions.admit(small_session, key="a") is None  # full: the polite page
    sessions.release(newcomer, free=False)
