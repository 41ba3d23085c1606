"""The runs of an experiment: each a resolved scenario with its own seed and id, and the
function a worker process (local or on a Dask cluster) calls to run one.

A run id is the hash of the resolved scenario (which holds the seed) and the model version:
two runs with the same id give the same numbers, so an id that occurs twice (a repeated
design point) runs once, and a finished run never needs running again.
"""

from __future__ import annotations

import hashlib
import json
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from experiments.design import points
from experiments.experiment import Experiment
from model import RunSpec, Scenario, ScenarioError, override, simulate, validate_data


@dataclass(frozen=True)
class Run:
    """One (design point, replication) of the experiment."""

    run_id: str
    point: int
    replication: int
    seed: int
    params: dict[str, Any]
    scenario: dict[str, Any] | None  # the resolved scenario, None when it is invalid
    error: str | None = None  # why the point makes no valid scenario


@dataclass(frozen=True)
class Task:
    """What a worker needs: small, picklable, no reference to the experiment."""

    run_id: str
    scenario: dict[str, Any]
    outputs: dict[str, Any]


@dataclass
class Result:
    run_id: str
    table: pd.DataFrame | None = None
    outcomes: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    traceback: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def run_seed(experiment: Experiment, point: int, replication: int) -> int:
    """The run's seed, derived from the experiment seed. With common random numbers
    replication r has the same seed at every point, so differences between points are not
    differences in luck."""
    key = [experiment.seed, replication] if experiment.common_random_numbers else \
        [experiment.seed, replication, point]
    state = np.random.SeedSequence(key).generate_state(1, np.uint64)[0]
    return int(state >> np.uint64(1))  # below 2**63, as scenario seeds are


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def run_id(scenario: dict[str, Any]) -> str:
    from model import __version__

    text = canonical({"scenario": scenario, "model_version": __version__})
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def plan(experiment: Experiment, base: Scenario) -> list[Run]:
    """Every run, ordered by point then replication."""
    base_data = base.model_dump(mode="json")
    runs = []
    for index, params in enumerate(points(experiment)):
        data = override(json.loads(canonical(base_data)), params)
        for replication in range(experiment.replications):
            seed = run_seed(experiment, index, replication)
            data["seed"] = seed
            try:
                resolved = validate_data(data, f"point {index}").model_dump(mode="json")
            except ScenarioError as exc:
                problem = "; ".join(str(p) for p in exc.problems)
                key = canonical({"invalid": data})
                runs.append(Run(hashlib.sha256(key.encode()).hexdigest()[:20], index,
                                replication, seed, params, None,
                                f"these values make no valid scenario: {problem}"))
                continue
            runs.append(Run(run_id(resolved), index, replication, seed, params, resolved))
    return runs


def execute(task: Task) -> Result:
    """Run one scenario to its horizon. Never raises: an error is part of the result."""
    from experiments.experiment import Outputs
    from experiments.outputs import outcomes, run_table
    start = time.perf_counter()
    try:
        model = simulate(RunSpec(task.scenario))  # its own seed, to its horizon
        table = run_table(model, Outputs.model_validate(task.outputs))
        table.insert(0, "run_id", task.run_id)
        return Result(task.run_id, table, outcomes(model),
                      seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a failing run is recorded, the others go on
        return Result(task.run_id, error=f"{type(exc).__name__}: {exc}",
                      traceback=traceback.format_exc(), seconds=time.perf_counter() - start)
