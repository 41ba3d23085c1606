"""An experiment's folder: manifest, one Parquet file per finished run, failure records,
and the summary. Nothing here ever deletes a finished run.

    DIR/manifest.json          the experiment, its runs and seeds, versions, git revision
    DIR/runs/<run_id>.parquet  one finished run (written to a temporary file, then renamed)
    DIR/failed/<run_id>.json   a run that raised: its error and traceback
    DIR/summary.parquet        one row per run: status, parameters, outcomes
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import subprocess
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.runs import Result, Run, canonical
from model import write_parquet

MANIFEST = "manifest.json"
SUMMARY = "summary.parquet"
PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "salib", "dask", "distributed")


OVERRIDE_OPTIONS = {"samples": "--samples", "replications": "--replications",
                    "residents": "--residents", "horizon_years": "--years"}


def resume_command(manifest: dict[str, Any], out: Path) -> str:
    """The command that finishes the experiment in `out`: the same file and overrides."""
    words = ["python", "run.py", "batch", manifest["experiment_file"], "--out", str(out)]
    for key, option in OVERRIDE_OPTIONS.items():
        if key in manifest.get("overrides", {}):
            words += [option, str(manifest["overrides"][key])]
    return " ".join(shlex.quote(w) for w in [*words, "--resume"])


def runs_dir(out: Path) -> Path:
    return out / "runs"


def run_path(out: Path, run_id: str) -> Path:
    return runs_dir(out) / f"{run_id}.parquet"


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def git_revision() -> str:
    """The project's git revision, with '-dirty' when files differ from it; 'unknown' outside
    a git checkout."""
    root = Path(__file__).resolve().parent.parent
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10,
                               check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return rev + ("-dirty" if dirty else "")


def _write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    _write_text_atomic(out / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))


class DamagedFolderError(ValueError):
    """An experiment folder whose manifest is missing, unreadable or of the wrong shape; the
    message says what is wrong and what still works. Nothing in the folder is touched."""


# What a manifest must hold for resume, summary and analysis, with the type of each.
MANIFEST_FIELDS: dict[str, type | tuple[type, ...]] = {
    "experiment_file": str, "experiment": dict, "design": dict, "parameters": list,
    "runs": list}
RESUME_FIELDS: dict[str, type | tuple[type, ...]] = {"fingerprint": str, "resumed": list}
RUN_FIELDS: dict[str, type | tuple[type, ...]] = {
    "run_id": str, "point": int, "replication": int, "seed": int, "params": dict}


def _manifest_problem(manifest: Any, resume: bool) -> str | None:
    if not isinstance(manifest, dict):
        return f"it holds a JSON {type(manifest).__name__}, not the manifest's object"
    for key, kind in {**MANIFEST_FIELDS, **(RESUME_FIELDS if resume else {})}.items():
        if not isinstance(manifest.get(key), kind):
            return f"'{key}' is missing or not a {getattr(kind, '__name__', kind)}"
    if not isinstance(manifest["experiment"].get("name"), str) or \
            not isinstance(manifest["design"].get("kind"), str):
        return "the experiment's name or the design's kind is missing"
    for index, entry in enumerate(manifest["runs"]):
        if not isinstance(entry, dict) or any(not isinstance(entry.get(k), kind)
                                              for k, kind in RUN_FIELDS.items()):
            return f"run {index} is incomplete"
    return None


def read_manifest(out: Path, resume: bool = False) -> dict[str, Any]:
    """The folder's manifest, checked for the fields the program reads (and those a resume
    needs, with `resume`); DamagedFolderError when it is missing, not JSON or of the wrong
    shape."""
    path = out / MANIFEST
    keep = (f"nothing was changed or deleted; the finished runs in {runs_dir(out)}/ are "
            "readable on their own (each file holds its scenario and seed)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DamagedFolderError(f"{path} not found: {out} holds no experiment") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
            str(exc).splitlines()[0][:100]
        raise DamagedFolderError(f"{path} is damaged (not readable JSON: {reason}); {keep}; "
                            "to finish the experiment, run it again into a new --out") from None
    if problem := _manifest_problem(manifest, resume):
        raise DamagedFolderError(f"{path} is damaged ({problem}); {keep}; to finish the "
                            "experiment, run it again into a new --out")
    return manifest


def new_manifest(experiment: dict[str, Any], source: str, fingerprint: str,
                 design: dict[str, Any], runs: list[Run],
                 overrides: dict[str, Any]) -> dict[str, Any]:
    from model import __version__

    return {
        "format": 1,
        "experiment_file": source,
        "overrides": overrides,
        "experiment": experiment,
        "fingerprint": fingerprint,
        "design": design,
        "parameters": list(experiment["parameters"]),
        "runs": [{"run_id": r.run_id, "point": r.point, "replication": r.replication,
                  "seed": r.seed, "params": r.params} for r in runs],
        "model_version": __version__,
        "git_revision": git_revision(),
        "versions": versions(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "resumed": [],
    }


def write_run(out: Path, run: Run, result: Result) -> Path:
    """The run's rows, with its id, seed, parameters, scenario and outcomes in the file's
    metadata, so the file alone says what it is and how to run it again."""
    from model import __version__

    path = run_path(out, run.run_id)
    write_parquet(result.table, path, {
        "run_id": run.run_id,
        "seed": str(run.seed),
        "params": canonical(run.params),
        "scenario_json": canonical(run.scenario),
        "model_version": __version__,
        "outcomes": canonical(result.outcomes),
    })
    failure_path(out, run.run_id).unlink(missing_ok=True)
    return path


def failure_path(out: Path, run_id: str) -> Path:
    return out / "failed" / f"{run_id}.json"


def write_failure(out: Path, run: Run, error: str, trace: str | None) -> None:
    (out / "failed").mkdir(exist_ok=True)
    _write_text_atomic(failure_path(out, run.run_id), json.dumps({
        "run_id": run.run_id, "point": run.point, "replication": run.replication,
        "seed": run.seed, "params": run.params, "error": error, "traceback": trace,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }, indent=1, ensure_ascii=False))


def run_metadata(path: Path) -> dict[str, str]:
    meta = pq.read_schema(path).metadata or {}
    prefix = b"zelfsturing."
    return {k[len(prefix):].decode(): v.decode() for k, v in meta.items()
            if k.startswith(prefix)}


def finished(out: Path) -> set[str]:
    """Ids of the runs whose file is complete. Temporary files of a write that was cut off
    are removed; a file that cannot be read is moved to `DIR/unreadable/` and its run counts
    as missing."""
    folder = runs_dir(out)
    if not folder.is_dir():
        return set()
    done = set()
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            path.unlink(missing_ok=True)  # half-written: the rename never happened
            continue
        if path.suffix != ".parquet":
            continue
        try:
            ok = run_metadata(path).get("run_id") == path.stem
        except (OSError, pa.ArrowException):
            ok = False
        if ok:
            done.add(path.stem)
        else:  # kept for a look, out of the way of readers of runs/
            (out / "unreadable").mkdir(exist_ok=True)
            path.rename(out / "unreadable" / path.name)
    return done


def read_run(out: Path, run_id: str) -> pd.DataFrame:
    """One run's rows."""
    return pd.read_parquet(run_path(out, run_id))


def summary(out: Path, manifest: dict[str, Any]) -> pd.DataFrame:
    """One row per run of the manifest, in design order: id, point, replication, seed,
    status (ok, failed, not run), error, the varied parameters, then the outcomes."""
    done = finished(out)
    rows = []
    for entry in manifest["runs"]:
        row: dict[str, Any] = {k: entry[k] for k in ("run_id", "point", "replication", "seed")}
        row["status"], row["error"] = "not run", None
        failure = failure_path(out, entry["run_id"])
        if entry["run_id"] in done:
            row["status"] = "ok"
        elif failure.exists():
            row["status"] = "failed"
            row["error"] = _failure_error(failure)
        row.update(entry["params"])
        if row["status"] == "ok":
            row.update(_outcomes(run_path(out, entry["run_id"])))
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["error"] = frame["error"].astype("string")
    frame["status"] = frame["status"].astype("string")
    return frame


def _failure_error(path: Path) -> str:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return str(record["error"]) if isinstance(record, dict) else "(record damaged)"
    except (OSError, ValueError, KeyError):
        return f"(its record {path.name} cannot be read)"


def _outcomes(path: Path) -> dict[str, float]:
    """A finished run's outcomes from its file's metadata; none when they cannot be read."""
    try:
        outcomes = json.loads(run_metadata(path).get("outcomes", "{}"))
    except (OSError, ValueError, pa.ArrowException):
        return {}
    return {k: v for k, v in outcomes.items() if isinstance(v, int | float)} \
        if isinstance(outcomes, dict) else {}


def write_summary(out: Path, manifest: dict[str, Any]) -> Path:
    path = out / SUMMARY
    write_parquet(summary(out, manifest), path, {"experiment": manifest["experiment"]["name"]})
    return path
