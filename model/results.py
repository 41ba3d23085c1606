"""Results of one run: Parquet files written atomically, and the summary a person reads."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.model import ParticipationModel
from model.parameters import DOMAINS
from model.version import __version__


def tables(model: ParticipationModel) -> dict[str, pd.DataFrame]:
    """The run's data: one row per week, per neighbourhood and week, and per year."""
    collector = model.datacollector
    weekly = collector.get_model_vars_dataframe().reset_index(drop=True)
    weekly["week"] = weekly["week"].astype("int64")
    weekly["year"] = weekly["year"].astype("int64")
    neighbourhoods = collector.get_table_dataframe("neighbourhoods")
    years = collector.get_table_dataframe("years")
    return {"model": weekly, "neighbourhoods": neighbourhoods, "years": years}


def write_parquet(frame: pd.DataFrame, path: Path, metadata: dict[str, str]) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half a file."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}),
            **{f"zelfsturing.{k}".encode(): v.encode() for k, v in metadata.items()}}
    table = table.replace_schema_metadata(meta)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)  # on disk before the rename, so a crash leaves no empty file behind
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_metadata(model: ParticipationModel) -> dict[str, str]:
    config = model.config
    return {
        "scenario": config.name,
        "seed": str(model.seed),
        "weeks": str(model.week),
        "model_version": __version__,
        "scenario_json": json.dumps(config.model_dump(mode="json"), sort_keys=True),
    }


def write_results(model: ParticipationModel, out_dir: Path) -> dict[str, Path]:
    """model.parquet, neighbourhoods.parquet and years.parquet in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = run_metadata(model)
    written = {}
    for name, frame in tables(model).items():
        path = out_dir / f"{name}.parquet"
        write_parquet(frame, path, metadata)
        written[name] = path
    return written


SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    # (weekly metric, label, format)
    ("participation", "participation (helpers + volunteers)", "pct"),
    ("volunteer_share", "  volunteers", "pct"),
    ("informal_helper_share", "  informal helpers", "pct"),
    ("unmet_share", "unmet need (share of requested hours)", "pct"),
    ("waiting_list", "waiting list (residents)", "int"),
    ("overburdened_share", "carer overload (heavily burdened helpers)", "pct"),
    ("burned_out_share", "burned out", "pct"),
    ("mean_trust", "trust in the municipality (0-1)", "num"),
    ("cost_per_inhabitant", "cost per inhabitant (euro/year)", "eur"),
    ("unmet_gap_ses", "unmet-need gap, lowest vs highest SES quintile", "pp"),
)


def _fmt(value: float, kind: str) -> str:
    if kind == "pct":
        return f"{100 * value:6.1f}%"
    if kind == "pp":
        return f"{100 * value:+6.1f} pp"
    if kind in ("int", "eur"):
        return f"{value:7.0f}"
    return f"{value:7.3f}"


def summary(model: ParticipationModel) -> str:
    """Key outcomes: mean over the first and the last simulated year, side by side."""
    data = tables(model)
    weekly = data["model"][data["model"]["week"] > 0]
    if weekly.empty:
        return "nothing simulated yet"
    first = weekly[weekly["year"] == weekly["year"].min()]
    last = weekly[weekly["year"] == weekly["year"].max()]
    y0, y1 = int(first["year"].iloc[0]) + 1, int(last["year"].iloc[0]) + 1
    width = max(len(label) for _, label, _ in SUMMARY_ROWS)
    lines = [f"Scenario {model.config.name}, seed {model.seed}, "
             f"{model.week} weeks ({model.config.residents:,} residents aged 15+)",
             f"{'outcome':<{width}}  {'year ' + str(y0):>10}  {'year ' + str(y1):>10}"]
    rows = list(SUMMARY_ROWS)
    if model.config.by_domain:  # per domain, with its scale in the last year
        year = int(last["year"].iloc[0])
        for domain in DOMAINS:
            rows.append(("unmet_share", f"{domain} ({model.config.domain_scale(domain, year)})",
                         "head"))
            rows += [(f"{metric}_{domain}", f"  {label}", kind) for metric, label, kind in (
                ("unmet_share", "unmet need", "pct"), ("waiting_list", "waiting list", "int"),
                ("cost_per_inhabitant", "cost per inhabitant (euro/year)", "eur"))]
        width = max(len(label) for _, label, _ in rows)
    for metric, label, kind in rows:
        if kind == "head":
            lines.append(label)
            continue
        lines.append(f"{label:<{width}}  {_fmt(first[metric].mean(), kind):>10}  "
                     f"{_fmt(last[metric].mean(), kind):>10}")
    years = data["years"]
    if not years.empty:
        row = years.iloc[-1]
        lines.append("")
        lines.append(f"Year {int(row['year']) + 1} as national statistics count it: "
                     f"volunteered {100 * row['volunteer_year_share']:.0f}% "
                     f"(monthly {100 * row['volunteer_monthly_share']:.0f}%), "
                     f"gave informal care {100 * row['informal_care_share']:.0f}%, "
                     f"heavily burdened carers {100 * row['heavily_burdened_carer_share']:.0f}%, "
                     f"budget balance {row['budget_balance'] / 1e6:+.2f} M euro")
    return "\n".join(lines)
