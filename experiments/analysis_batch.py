"""An experiment folder as the analysis reads it: its manifest (checked, experiments/store.py)
and its summary, and the outcomes to analyse. A folder that cannot be analysed is an
AnalysisError, whose message says what is wrong and what to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.store import SUMMARY, DamagedFolderError, read_manifest, resume_command

KEY_OUTCOMES = ("participation", "unmet_share", "waiting_list_share", "overburdened_share",
                "mean_trust", "cost_per_inhabitant", "budget_balance", "unmet_gap_ses")
RUN_COLUMNS = ("run_id", "point", "replication", "seed", "status", "error")
SUMMARY_COLUMNS = ("run_id", "point", "replication", "status")  # what the analysis reads


class AnalysisError(ValueError):
    """Why a folder cannot be analysed; the message says what to do (the CLI prints it)."""


@dataclass
class Batch:
    """An experiment folder as the analysis reads it."""

    out: Path
    manifest: dict[str, Any]
    summary: pd.DataFrame

    @property
    def experiment(self) -> dict[str, Any]:
        return self.manifest["experiment"]

    @property
    def design(self) -> dict[str, Any]:
        return self.manifest["design"]

    @property
    def kind(self) -> str:
        return self.design["kind"]

    @property
    def parameters(self) -> list[str]:
        return list(self.manifest["parameters"])

    @property
    def ok(self) -> pd.DataFrame:
        """The runs that finished."""
        return self.summary[self.summary["status"] == "ok"]

    @property
    def incomplete(self) -> pd.DataFrame:
        """The runs that failed or have not run."""
        return self.summary[self.summary["status"] != "ok"]

    def outcome_columns(self) -> list[str]:
        """Every outcome the summary holds (none when no run has finished)."""
        skip = {*RUN_COLUMNS, *self.parameters}
        return [c for c in self.summary.columns
                if c not in skip and pd.api.types.is_numeric_dtype(self.summary[c])]

    def resume_command(self) -> str:
        """The command that completes this experiment (same file, same overrides)."""
        return resume_command(self.manifest, self.out)



def load(out: Path) -> Batch:
    """The folder's manifest and summary; AnalysisError (no traceback) when either is absent,
    unreadable or of the wrong shape."""
    if not out.is_dir():
        raise AnalysisError(f"{out} is not a folder, so it holds no experiment; give an "
                            "experiment's output folder")
    try:
        manifest = read_manifest(out)
    except DamagedFolderError as exc:
        text = str(exc)
        if "not found" in text:
            text += f"; run `python run.py batch EXPERIMENT --out {out}` first"
        raise AnalysisError(text.replace("to finish the experiment", "to analyse it")) \
            from None
    summary_path = out / SUMMARY
    resume = resume_command(manifest, out)
    if not summary_path.is_file():
        raise AnalysisError(f"{summary_path} not found: run `{resume}` first; it writes the "
                            "summary")
    try:
        summary = pd.read_parquet(summary_path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds; all mean the same
        raise AnalysisError(f"{summary_path}: cannot read it ({str(exc)[:100]}); `{resume}` "
                            "writes it again (the finished runs are kept)") from None
    missing = [c for c in SUMMARY_COLUMNS if c not in summary.columns]
    if missing:
        raise AnalysisError(f"{summary_path} lacks the column(s) {', '.join(missing)}; "
                            f"`{resume}` writes it again (the finished runs are kept)")
    return Batch(out, manifest, summary)


def choose_outcomes(batch: Batch, requested: list[str] | None) -> list[str]:
    """The outcomes to analyse: the requested ones, checked, or the key outcomes present."""
    allowed = batch.outcome_columns()
    if requested is None:
        return [o for o in KEY_OUTCOMES if o in allowed]
    unknown = [o for o in requested if o not in allowed]
    if unknown:
        listed = ", ".join(allowed) if allowed else \
            "none yet, as no run has finished; complete the runs first"
        raise AnalysisError(f"unknown outcome {', '.join(repr(o) for o in unknown)}; "
                            f"allowed: {listed}")
    return list(dict.fromkeys(requested))

