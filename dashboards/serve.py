"""`run.py dashboard`: start Solara's server on the dashboard, set up as a public server of
the municipality needs it (no telemetry, no version check, the sessions' cap and release
time, the C allocator on Linux; dashboards/sessions.py)."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboards.sessions import SESSIONS, session_environment, use_system_allocator

# Solara's usage telemetry (Mixpanel), read from the environment when solara is imported.
TELEMETRY_SETTING = "SOLARA_TELEMETRY_MIXPANEL_ENABLE"
APP = "dashboards.app"


def dashboard_environment(args: argparse.Namespace | None = None) -> str:
    """Prepare this process for the dashboard's server, before solara is imported (its
    settings read the environment once): telemetry off, the sessions' cap and release time
    (`args`' options; dashboards/sessions.py), the project importable (for the app and the
    compare tab's workers). Returns the app as a module, so its folder is not on sys.path."""
    os.environ[TELEMETRY_SETTING] = "False"
    session_environment(getattr(args, "max_sessions", None), getattr(args, "release_after", None))
    os.environ.setdefault("SOLARA_THEME_TITLE", "zelfsturing")  # the tab's title until loaded
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    return APP


def serve(args: argparse.Namespace, interrupted: int) -> int:
    """Serve the dashboard until Ctrl-C, which returns `interrupted` (the command line's
    exit code for that)."""
    use_system_allocator()  # memory back after tabs close (dashboards/sessions.py)
    app = dashboard_environment(args)
    stopped = solara_server(app, args.host, args.port, "zelfsturing dashboard",
                            lambda settings: SESSIONS.describe(settings.kernel.cull_timeout))
    if stopped:
        print("dashboard stopped", file=sys.stderr)
        return interrupted
    return 0


def solara_server(app: str, host: str, port: int, name: str,
                  banner: Callable[[Any], str]) -> bool:
    """Run Solara's server on `app` (a module) in production mode, without telemetry,
    without a version check against PyPI and without opening a browser, until Ctrl-C
    (True) or its end (False). `banner(settings)` is printed once it is set up. Shared by
    the dashboard and the workshop."""
    os.environ[TELEMETRY_SETTING] = "False"
    # Solara warns on every plain-http visit by IP address that it sets a lax cookie, which
    # is right for a dashboard on this machine or a workshop network.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none",
                            category=UserWarning)
    import click
    from solara.__main__ import cli
    from solara.server import settings

    from dashboards.assets import ensure

    settings.telemetry.mixpanel_enable = False
    print(f"Solara usage telemetry: {'on' if settings.telemetry.mixpanel_enable else 'off'}")
    for problem in ensure():  # the page's front end, for machines without Solara's CDN
        print(f"warning: {problem}", file=sys.stderr)
    print(banner(settings), flush=True)
    argv = ["run", app, "--host", host, "--port", str(port), "--production", "--no-open",
            "--no-check-version"]
    try:
        cli.main(argv, prog_name=name, standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl-C: the server has stopped
        return True
    return False
