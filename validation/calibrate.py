"""Fit the baseline's free parameters to the 2015 targets; writes model/calibrated.json.

    .venv/bin/python -m validation.calibrate [--seeds 4] [--evaluations 120] [--workers 2]

The targets, their sources and the distance are in `validation/calibration.py`. The fit starts
from the values in model/calibrated.json and runs Nelder-Mead (scipy) on the parameters in
FREE, each scaled to its search range. Every evaluation runs the same seeds (common random
numbers), so the objective is a deterministic function of the parameters. The need hazards
keep their age profile; one factor on all of them is fitted. Afterwards, check the result
over the full 10 seeds with `python -m validation.make_validation` (the calibration table)
or `pytest -m slow tests/validation/test_calibration.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import numpy as np
from scipy.optimize import minimize

from model import FIT_FILE, read_yaml
from validation.calibration import BASELINE, TARGETS, compare, distance, measure

# name, index within a per-age tuple (or None), search range
FREE: tuple[tuple[str, int | None, float, float], ...] = (
    ("threshold_mean", None, 0.3, 0.6),
    ("drive_noise_persistence", None, 0.9, 0.998),
    ("motivation_ses_effect", None, 0.0, 0.8),
    ("motivation_age_effect", 2, -0.1, 0.4),  # 35-44
    ("motivation_age_effect", 6, -0.4, 0.1),  # 75+
    ("short_need_share", None, 0.5, 0.97),
    ("need_hazard_scale", None, 0.5, 2.0),  # factor on the current need_hazard_by_age
    ("heavy_strain", None, 0.3, 3.0),
)


def start_values(fit: dict[str, Any]) -> np.ndarray:
    values = []
    for name, index, _, _ in FREE:
        if name == "need_hazard_scale":
            values.append(1.0)
        else:
            values.append(fit[name] if index is None else fit[name][index])
    return np.array(values, dtype=float)


def to_parameters(x: np.ndarray, fit: dict[str, Any]) -> dict[str, Any]:
    """The fitted values as they go into model/calibrated.json."""
    out = {k: (list(v) if isinstance(v, list | tuple) else v) for k, v in fit.items()}
    for (name, index, low, high), value in zip(FREE, x, strict=True):
        value = float(np.clip(value, low, high))
        if name == "need_hazard_scale":
            out["need_hazard_by_age"] = [round(h * value, 6) for h in fit["need_hazard_by_age"]]
        elif index is None:
            out[name] = round(value, 4)
        else:
            out[name][index] = round(value, 4)
    return out


def scenario_with(parameters: dict[str, Any]) -> dict[str, Any]:
    data = read_yaml(BASELINE)
    data.setdefault("parameters", {}).update(parameters)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--evaluations", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    fit = json.loads(FIT_FILE.read_text(encoding="utf-8"))["values"]
    x0 = start_values(fit)
    low = np.array([f[2] for f in FREE])
    width = np.array([f[3] - f[2] for f in FREE])
    seeds = range(args.seeds)
    history: list[tuple[float, np.ndarray]] = []
    started = time.time()

    def objective(z: np.ndarray) -> float:
        x = low + np.clip(z, 0.0, 1.0) * width
        table = compare(measure(seeds, scenario_with(to_parameters(x, fit)),
                                workers=args.workers))
        value = distance(table) + float(((z - np.clip(z, 0.0, 1.0)) ** 2).sum())
        history.append((value, x))
        print(f"{len(history):4d}  distance {value:8.4f}  "
              + " ".join(f"{v:.4f}" for v in x), flush=True)
        return value

    z0 = (x0 - low) / width
    simplex = [z0] + [z0 + np.eye(len(z0))[i] * (0.08 if z0[i] < 0.9 else -0.08)
                      for i in range(len(z0))]
    minimize(objective, z0, method="Nelder-Mead",
             options={"maxfev": args.evaluations, "initial_simplex": np.array(simplex),
                      "xatol": 1e-3, "fatol": 1e-3})
    best_value, best_x = min(history, key=lambda item: item[0])
    fitted = to_parameters(best_x, fit)
    table = compare(measure(seeds, scenario_with(fitted), workers=args.workers))
    record = {
        "fitted_by": "validation/calibrate.py",
        "note": "Written by validation/calibrate.py; do not edit by hand. Values of the "
                "parameters fitted to the 2015 targets (validation/calibration.py).",
        "seeds": list(seeds),
        "evaluations": len(history),
        "distance": round(best_value, 6),
        "minutes": round((time.time() - started) / 60, 1),
        "targets": {t.column: [t.low, t.high] for t in TARGETS},
        "fitted_means": {row.column: round(row.model_mean, 4) for row in table.itertuples()},
        "values": fitted,
    }
    FIT_FILE.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(table[["column", "low", "high", "model_mean", "within"]].to_string())
    print(f"best distance {best_value:.4f} after {len(history)} evaluations; wrote {FIT_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
