"""`python run.py workshop`: serve a workshop, and `workshop export`: write its CSV files.

    python run.py workshop [--host 127.0.0.1] [--port 8765] [--data DIR]
                           [--scenario FILE --groups N --rounds N [--round-years 1|4]]
    python run.py workshop export --out DIR [--data DIR] [--session CODE] [--lang nl|en]
                                  [--no-pages]

The parser is built with argparse alone (this module imports nothing heavy at the top), so
`--help` stays quick; the rest is imported when a command runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import Any

from workshop.store import DATA_ENV, default_data

HOST = "127.0.0.1"
PORT = 8765
URL_ENV = "ZS_WORKSHOP_URL"  # the participants' address, as printed
ANY_ADDRESS = ("0.0.0.0", "::", "")


def _port(text: str) -> int:
    if not text.isdigit() or len(text) > 5 or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"got {text[:20]!r}; allowed: 0 to 65535")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit() or len(text) > 6:
        raise argparse.ArgumentTypeError(f"got {text[:20]!r}; not a whole number")
    return int(text)


def add_workshop_command(commands: Any) -> None:  # what add_subparsers returns
    """The `workshop` command and its `export` subcommand, on run.py's parser."""
    workshop = commands.add_parser("workshop", help="serve a workshop: a facilitator, "
                                   "groups and rounds (docs/workshop.md)")
    workshop.add_argument("--host", default=HOST, help=f"address to listen on (default: "
                          f"{HOST}, this machine only; 0.0.0.0 for the room's network)")
    workshop.add_argument("--port", type=_port, default=PORT,
                          help=f"port to listen on (default: {PORT})")
    workshop.add_argument("--data", type=Path, help="folder of the workshop's database "
                          f"(default: {default_data()})")
    workshop.add_argument("--scenario", help="make a session of this scenario file (or the "
                          "name of one in scenarios/) before serving")
    workshop.add_argument("--groups", type=_count, help="groups in that session (default 3)")
    workshop.add_argument("--rounds", type=_count, help="rounds in that session (default 3)")
    workshop.add_argument("--round-years", type=_count, help="years per round: 1, or 4 for "
                          "a council term (default 1)")
    workshop.add_argument("--title", help="the session's title (default: the scenario's "
                          "name)")
    inner = workshop.add_subparsers(dest="workshop_command", parser_class=type(workshop),
                                    metavar="export")
    export = inner.add_parser("export", help="write a workshop's CSV files")
    export.add_argument("--data", type=Path, help=f"the server's --data folder (default: "
                        f"{default_data()})")
    export.add_argument("--out", type=Path, required=True, help="folder to write the CSV "
                        "files to")
    export.add_argument("--session", metavar="CODE", help="only the session with this join "
                        "code (default: every session)")
    export.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of "
                        "the debrief pages (default: nl)")
    export.add_argument("--no-pages", action="store_true", help="write the CSV files only, "
                        "not the debrief pages (PNG, PDF)")


def workshop(args: argparse.Namespace, exit_invalid: int) -> int:
    """Run `workshop` or `workshop export`; a refusal is one line and `exit_invalid`."""
    from workshop.rules import RefusedError
    from workshop.store import StoreError

    if args.workshop_command != "export" and (problem := _session_options(args)):
        print(problem, file=sys.stderr)
        return exit_invalid
    try:
        if args.workshop_command == "export":
            return _export(args)
        return _serve(args)
    except (StoreError, RefusedError) as exc:
        print(str(exc)[:600], file=sys.stderr)
        return exit_invalid


def _export(args: argparse.Namespace) -> int:
    from workshop.export import write_csvs
    from workshop.store import Store

    store = Store.open(args.data or default_data(), create=False)
    written = write_csvs(store, args.out, args.session)
    if not args.no_pages:
        from workshop.debrief_report import write_pages
        from workshop.export import session_ids

        written += write_pages(store, args.out, session_ids(store, args.session), args.lang)
    print("Written: " + ", ".join(str(path) for path in written))
    return 0


def _session_options(args: argparse.Namespace) -> str | None:
    """Why --groups, --rounds, --round-years or --title cannot be used, or None."""
    if args.scenario is None:
        given = [f"--{name.replace('_', '-')}" for name in ("groups", "rounds", "round_years",
                                                            "title")
                 if getattr(args, name) is not None]
        if given:
            return f"{given[0]}: needs --scenario (the session is made from a scenario)"
    return None


def _make_session(store: Any, token: str, args: argparse.Namespace) -> str:
    """The session of --scenario; its join code."""
    from workshop import rules, sessions

    path = Path(args.scenario)
    if not path.exists() and args.scenario in sessions.shipped_scenarios():
        path = sessions.shipped_scenarios()[args.scenario]
    scenario = sessions.scenario_from_file(path)
    groups = 3 if args.groups is None else args.groups
    rounds = 3 if args.rounds is None else args.rounds
    years = 1 if args.round_years is None else args.round_years
    options = {"groups": "--groups", "rounds": "--rounds", "years_per_round": "--round-years",
               "title": "--title"}
    try:
        _, code = sessions.create_session(store, token, scenario, args.title or scenario["name"],
                                          groups, rounds, years)
    except rules.RefusedError as exc:
        field = exc.values.get("field")
        if field in options:
            message = exc.message("en").removeprefix(f"{field}: ")
            raise rules.RefusedError("cli", option=options[field], message=message) from None
        raise
    return code


def public_address(host: str, port: int) -> str:
    """The participants' address: the host asked for, or this machine's address on the
    room's network when listening on all of them (found without sending anything)."""
    if host in ANY_ADDRESS:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect(("10.255.255.255", 1))
                host = probe.getsockname()[0]
            except OSError:
                host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _serve(args: argparse.Namespace) -> int:
    from workshop import sessions
    from workshop.store import Store

    data = (args.data or default_data()).expanduser()
    store = Store.open(data)
    token = sessions.facilitator_token(store)
    code = _make_session(store, token, args) if args.scenario is not None else None
    address = public_address(args.host, args.port)
    os.environ[DATA_ENV] = str(data.resolve())
    os.environ[URL_ENV] = address
    os.environ.setdefault("SOLARA_THEME_TITLE", "zelfsturing workshop")
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from dashboards.serve import solara_server

    lines = [f"data: {store.path}", f"facilitator: {address}facilitator?token={token}",
             "  (the link holds the facilitator's key: do not show it on the projector)"]
    if code is not None:
        lines.append(f"join code: {code}")
    lines.append(f"participants: {address}")
    if solara_server("workshop.app", args.host, args.port, "zelfsturing workshop",
                     lambda settings: "\n".join(lines)):
        print("workshop stopped; everything is kept in the database", file=sys.stderr)
        return 130
    return 0
