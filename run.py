"""Command line of zelfsturing: run a scenario, validate files, run and analyse experiments.

    python run.py run [SCENARIO] [--years N] [--seed S] [--residents N] [--out DIR]
    python run.py validate FILE...
    python run.py batch EXPERIMENT [--workers N] [--scheduler ADDRESS] [--out DIR] [--resume]
    python run.py analyze DIR [--outcomes NAME,...]
    python run.py dashboard [--host 127.0.0.1] [--port 8765] [--max-sessions N] [--release-after T]
    python run.py workshop [--host 127.0.0.1] [--port 8765] [--data DIR] [...]; workshop export
    python run.py scenario from-cbs FILE --municipality NAME [--level wijk|buurt] --out FILE

Exit codes: 0 fine, 1 some runs of an experiment failed (the others are written),
2 invalid input (one line per problem, no traceback), 130 interrupted (what was simulated
so far is still written).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboards.sessions import add_session_options

if TYPE_CHECKING:
    from model import Scenario

DEFAULT_SCENARIO = "scenarios/baseline_2015.yaml"
DASHBOARD_HOST = "127.0.0.1"
DASHBOARD_PORT = 8765
EXIT_FAILED_RUNS = 1
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130
WORKERS_PER_CORE = 4  # local workers beyond this only share the cores and multiply memory
MAX_WORKERS = 1024  # with --oversubscribe
PLANNED_RUNS = 5_000  # validate resolves each run of a design up to this size
CBS_LEVELS = ("wijk", "buurt")  # cbs.LEVELS, written out so --help needs no pandas (tested)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error names the problem in one line and exits 2; a bad option
    value reads like a bad field in a file ("--years: got 101; must be between 1 and 100")."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("argument ") and ": " in message:
            option, _, reason = message.removeprefix("argument ").partition(": ")
            message = f"{option.split('/')[-1]}: {reason}"
        else:
            message = f"{self.prog}: {message}"
        self.exit(EXIT_INVALID, message.splitlines()[0][:300] + "\n")


def _whole_number(text: str) -> int:
    if len(text) > 30:
        raise argparse.ArgumentTypeError(f"got {text[:20]!r}...; not a whole number")
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {text!r}; not a whole number") from None


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"got {value}; must be 1 or more")
    return value


def _field(section: str, name: str) -> Callable[[str], int]:
    """An option that overrides a schema field takes what the field takes, with the same
    message (the schema is imported only when the option is given)."""

    def parse(text: str) -> int:
        value = _whole_number(text)
        from experiments.experiment import Design, Experiment
        from model import Scenario, check_value

        root = {"scenario": Scenario, "experiment": Experiment, "design": Design}[section]
        try:
            return check_value(root, name, value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = name  # argparse names the type in some messages
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zelfsturing", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="run one scenario and write its results")
    run.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO,
                     help=f"scenario YAML file (default: {DEFAULT_SCENARIO})")
    run.add_argument("--years", type=_field("scenario", "horizon_years"), help="horizon in "
                     "years, 1 to 100 (default: the scenario's horizon_years)")
    run.add_argument("--seed", type=_field("scenario", "seed"),
                     help="random seed (default: the scenario's seed)")
    run.add_argument("--residents", type=_field("experiment", "residents"),
                     help="run the scenario at this many residents aged 15+, every "
                     "neighbourhood scaled in proportion (default: the scenario's size)")
    run.add_argument("--out", type=Path, help="output folder (default: results/<scenario "
                     "name>, the name reduced to letters, digits, '_', '-' and '.')")
    run.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    validate = commands.add_parser("validate", help="check scenario and experiment files")
    validate.add_argument("files", nargs="+", type=Path,
                         help="scenario or experiment YAML files (an experiment names a "
                         "base scenario under `scenario:`)")

    batch = commands.add_parser("batch", help="run an experiment: many runs, each written to "
                                "its own Parquet file")
    batch.add_argument("experiment", type=Path, help="experiment YAML file "
                       "(scenarios/experiments/)")
    batch.add_argument("--workers", type=_positive_int, help="local worker processes "
                       f"(default: all cores; at most {WORKERS_PER_CORE} per core)")
    batch.add_argument("--oversubscribe", action="store_true", help="allow more --workers "
                       f"than {WORKERS_PER_CORE} per core (up to {MAX_WORKERS})")
    batch.add_argument("--max-runs", type=_positive_int, help="allow an experiment of more "
                       "runs than the limit of 100,000")
    batch.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, for "
                       "example tcp://10.0.0.5:8786, instead of local processes")
    batch.add_argument("--out", type=Path, help="output folder (default: "
                       "results/<experiment name>)")
    batch.add_argument("--resume", action="store_true", help="finish an interrupted "
                       "experiment in --out: run only what is missing")
    batch.add_argument("--samples", type=_field("design", "samples"), help="override the "
                       "design's samples (lhs, sobol, morris)")
    batch.add_argument("--replications", type=_field("experiment", "replications"),
                       help="override the replications")
    batch.add_argument("--residents", type=_field("experiment", "residents"),
                       help="override the size of the base scenario (residents aged 15+)")
    batch.add_argument("--years", type=_field("experiment", "horizon_years"),
                       help="override the horizon in years")
    batch.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    analyze = commands.add_parser("analyze", help="sensitivity indices, plots and a report "
                                  "for a finished experiment")
    analyze.add_argument("folder", type=Path, help="the experiment's output folder")
    analyze.add_argument("--outcomes", help="comma-separated outcomes to analyse (default: "
                         "the key outcomes)")

    dashboard = commands.add_parser("dashboard", help="start the dashboard (Solara) and print "
                                    "its address")
    dashboard.add_argument("--host", default=DASHBOARD_HOST, help="address to listen on "
                           f"(default: {DASHBOARD_HOST}, this machine only; 0.0.0.0 for a "
                           "workshop network)")
    dashboard.add_argument("--port", type=_port, default=DASHBOARD_PORT,
                           help=f"port to listen on (default: {DASHBOARD_PORT})")
    add_session_options(dashboard)
    _add_scenario_commands(commands)
    from workshop.cli import add_workshop_command  # argparse only: --help stays quick

    add_workshop_command(commands)
    return parser


def _add_scenario_commands(commands: Any) -> None:  # what add_subparsers returns
    scenario = commands.add_parser("scenario", help="make scenario files")
    kinds = scenario.add_subparsers(dest="scenario_command", required=True,
                                    parser_class=_Parser, metavar="from-cbs")
    cbs = kinds.add_parser("from-cbs", help="a scenario of one municipality's wijken or "
                           "buurten from CBS Kerncijfers wijken en buurten")
    cbs.add_argument("file", type=Path, help="the yearly kwb file (.xlsx, or CSV saved from "
                     "it) or a StatLine table (CSV) such as 85984NED")
    cbs.add_argument("--municipality", required=True, metavar="NAME", help="its name (any "
                     "case; accents optional) or its code, such as GM0363")
    cbs.add_argument("--level", choices=CBS_LEVELS, default=CBS_LEVELS[0],
                     help="one neighbourhood per wijk (default) or per buurt")
    cbs.add_argument("--out", type=Path, required=True, metavar="FILE.yaml",
                     help="the scenario YAML file to write")
    cbs.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    cbs.add_argument("--national-income", type=_positive_number, metavar="K_EURO",
                     help="income per inhabitant (x 1,000 euro) that gives ses 0.5 (default: "
                     "the file's Nederland row)")


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {text[:20]!r}; not a number") from None
    if not (value > 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"got {text[:20]}; must be a number above 0")
    return value


def _port(text: str) -> int:
    value = _whole_number(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is out of range; allowed: 0 to 65535")
    return value


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _print_problems(error: Exception) -> None:
    for problem in getattr(error, "problems", [error]):
        print(problem, file=sys.stderr)


def _validate_experiment(path: Path, data: dict) -> bool:
    """Check an experiment, its base scenario and its largest run. Up to PLANNED_RUNS runs
    are resolved one by one (to count the distinct ones); a larger design is checked from
    its points alone, in seconds."""
    from experiments.design import count, points
    from experiments.experiment import load_experiment
    from experiments.runs import plan
    from model import ScenarioError, memory_problem

    try:
        experiment, base = load_experiment(path, data=data)
    except ScenarioError as exc:
        _print_problems(exc)
        return False
    total = count(experiment) * experiment.replications
    repeated = ""
    if total <= PLANNED_RUNS:
        runs = plan(experiment, base)
        horizons = {r.scenario["horizon_years"] for r in runs if r.scenario}
        distinct = len({r.run_id for r in runs})
        repeated = f", {distinct:,} distinct" if distinct < len(runs) else ""
    else:
        horizons = {int(p.get("horizon_years", base.horizon_years)) for p in points(experiment)}
        horizons = {h for h in horizons if 1 <= h <= 100}
    longest = max(horizons, default=base.horizon_years)
    if problem := memory_problem(base.model_copy(update={"horizon_years": longest})):
        print(f"{path}: {problem}", file=sys.stderr)
        return False
    years = "a varied number of years" if "horizon_years" in experiment.parameters \
        else _count(base.horizon_years, "year")
    print(f"{path}: ok (experiment, {experiment.design.kind} design: "
          f"{_count(count(experiment), 'point')} x "
          f"{_count(experiment.replications, 'replication')} = {_count(total, 'run')}"
          f"{repeated}, of {base.residents:,} residents for {years})")
    return True


def _validate_scenario(path: Path, data: object) -> bool:
    from model import ScenarioError, memory_problem, validate_data

    try:
        scenario = validate_data(data, str(path))
    except ScenarioError as exc:
        _print_problems(exc)
        return False
    if problem := memory_problem(scenario):
        print(f"{path}: {problem}", file=sys.stderr)
        return False
    count = len(scenario.region.municipalities)
    print(f"{path}: ok ({scenario.residents:,} residents aged 15+ in {count} "
          f"{'municipality' if count == 1 else 'municipalities'}, {scales_text(scenario)})")
    return True


def cmd_validate(files: list[Path]) -> int:
    """Check each file once: an experiment (it names its base scenario as text under
    `scenario:`) with its base scenario and design, or a scenario, and whether its runs fit
    in memory."""
    from model import ScenarioError, read_yaml

    failed = False
    for path in files:
        try:
            data = read_yaml(path)
        except ScenarioError as exc:
            _print_problems(exc)
            failed = True
            continue
        if isinstance(data, dict) and isinstance(data.get("scenario"), str):
            ok = _validate_experiment(path, data)
        else:
            ok = _validate_scenario(path, data)
        failed = failed or not ok
    return EXIT_INVALID if failed else 0


def _load_for_run(args: argparse.Namespace) -> Scenario | int:
    """The scenario as `run` runs it (--residents, --years applied), checked to fit; or the
    exit code after a one-line message."""
    from model import ScenarioError, load_scenario, memory_problem, with_residents

    try:
        scenario = load_scenario(Path(args.scenario))
    except ScenarioError as exc:
        _print_problems(exc)
        return EXIT_INVALID
    if args.residents is not None:
        try:
            scenario = with_residents(scenario, args.residents)
        except ValueError as exc:
            print(f"--residents: {exc}", file=sys.stderr)
            return EXIT_INVALID
    if args.years is not None:
        scenario = scenario.model_copy(update={"horizon_years": args.years})
        if any(entry.year >= args.years for entry in scenario.schedule):
            print(f"note: schedule entries from year {args.years} on fall past --years "
                  f"{args.years} and do not take effect", file=sys.stderr)
    if problem := memory_problem(scenario):
        print(f"{args.scenario}: {problem}", file=sys.stderr)
        return EXIT_INVALID
    return scenario


def cmd_run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from experiments.folders import default_out, make_out
    from model import ParticipationModel, summary, write_results

    scenario = _load_for_run(args)
    if isinstance(scenario, int):
        return scenario
    out_dir = args.out if args.out is not None else default_out(scenario.name)
    if problem := make_out(out_dir):
        print(f"{str(out_dir)[:200]}: {problem}", file=sys.stderr)
        return EXIT_INVALID

    model = ParticipationModel(scenario, rng=args.seed)
    interrupted = False
    with tqdm(total=model.weeks_total, unit="week", desc=scenario.name[:40],
              disable=args.no_progress, file=sys.stderr) as bar:
        try:
            while model.running:
                model.step()
                bar.update(1)
        except KeyboardInterrupt:
            interrupted = True
    written = write_results(model, out_dir)
    print(summary(model))
    print("\nWritten: " + ", ".join(str(path) for path in written.values()))
    if interrupted:
        print(f"interrupted after {model.week} weeks; the weeks so far are written",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def _workers(args: argparse.Namespace, cores: int) -> int | str:
    """The number of local workers, or why the request is refused."""
    if args.workers is None:
        return cores
    if args.oversubscribe and args.workers > MAX_WORKERS:
        return f"--workers: got {args.workers:,}; at most {MAX_WORKERS:,}, also with " \
            "--oversubscribe"
    if not args.oversubscribe and args.workers > WORKERS_PER_CORE * cores:
        return (f"--workers: got {args.workers:,}; at most {WORKERS_PER_CORE * cores:,} on "
                f"this machine ({WORKERS_PER_CORE} per core); add --oversubscribe to start "
                f"more (up to {MAX_WORKERS:,})")
    return args.workers


def cmd_batch(args: argparse.Namespace) -> int:
    from experiments import store
    from experiments.experiment import MAX_RUNS
    from experiments.runner import BatchError, check_scheduler, run_experiment
    from model import ScenarioError, available_cores

    overrides = {key: getattr(args, key) for key in ("samples", "replications", "residents")
                 if getattr(args, key) is not None}
    if args.years is not None:
        overrides["horizon_years"] = args.years
    workers = _workers(args, available_cores())
    if isinstance(workers, str):
        print(workers, file=sys.stderr)
        return EXIT_INVALID
    try:
        if args.scheduler is not None:
            check_scheduler(args.scheduler)
        report = run_experiment(args.experiment, args.out, workers=workers,
                                scheduler=args.scheduler, resume=args.resume,
                                overrides=overrides, progress=not args.no_progress,
                                max_runs=args.max_runs or MAX_RUNS)
    except ScenarioError as exc:
        _print_problems(exc)
        return EXIT_INVALID
    except BatchError as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return EXIT_INVALID
    out = report.out
    print(f"{report.done} of {report.total} runs done, {report.failed} failed, "
          f"{report.missing} not run; results in {out}/ (summary: {report.summary})")
    resume = store.resume_command(store.read_manifest(out), out)
    if report.failed:
        print(f"failed runs and their errors: {out}/failed/; `{resume}` tries them again "
              "(a run whose values make no valid scenario fails again)", file=sys.stderr)
    if report.interrupted:
        print(f"interrupted; the finished runs are kept. Continue with: {resume}",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_FAILED_RUNS if report.failed else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from experiments.analyze import AnalysisError, analyze

    outcomes = None
    if args.outcomes is not None:
        outcomes = [name.strip() for name in args.outcomes.split(",") if name.strip()]
    try:
        report = analyze(args.folder, outcomes)
    except AnalysisError as exc:
        print(f"analyze: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Report: {report}")
    return 0


def cmd_scenario(args: argparse.Namespace) -> int:
    from cbs.cli import from_cbs

    return from_cbs(args, EXIT_INVALID)


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the dashboard until Ctrl-C (dashboards/serve.py)."""
    from dashboards.serve import serve

    return serve(args, EXIT_INTERRUPTED)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "workshop":
        from workshop.cli import workshop

        return workshop(args, EXIT_INVALID)
    commands = {"validate": lambda a: cmd_validate(a.files), "batch": cmd_batch,
                "analyze": cmd_analyze, "dashboard": cmd_dashboard, "scenario": cmd_scenario}
    return commands.get(args.command, cmd_run)(args)


def scales_text(scenario: Scenario) -> str:
    """'scale local', or with per-domain teams each domain's scale at the start."""
    from model import DOMAINS

    if not scenario.by_domain:
        return f"scale {scenario.scale}"
    scales = ", ".join(f"{d} {scenario.domain_scale(d, 0)}" for d in DOMAINS)
    moves = sum(1 for e in scenario.schedule if e.domains
                for c in e.domains.values().values() if c.scale)
    return f"scales {scales}" + (f", {moves} scheduled move{'s' * (moves != 1)}" if moves else "")


def console() -> int:
    """`main`, quiet when the reader of its output goes away (`run ... | head`): the results
    are written before the summary is printed."""
    try:
        return main()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(console())
