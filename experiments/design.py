"""Design points of an experiment: every grid combination, or samples drawn through SALib.

The samplers are seeded with the experiment seed, so the same file gives the same points.
A point is a dict from dotted field path to value, in the order the file lists them.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from experiments.experiment import (
    Distribution,
    Experiment,
    Range,
    Values,
    design_points,
    field_type,
)


def salib_problem(experiment: Experiment) -> dict[str, Any]:
    """SALib's problem: names, bounds and distributions of the varied fields."""
    names, bounds, dists = [], [], []
    for path, variation in experiment.parameters.items():
        names.append(path)
        if isinstance(variation, Range):
            dists.append("unif")
            bounds.append([variation.low, variation.high])
        elif isinstance(variation, Distribution):
            dist, bound = variation.salib()
            dists.append(dist)
            bounds.append(bound)
        else:
            raise ValueError(f"{path}: a list of values cannot be sampled")
    return {"num_vars": len(names), "names": names, "bounds": bounds, "dists": dists}


def _sample(experiment: Experiment) -> np.ndarray:
    from SALib.sample import latin, morris, sobol

    design = experiment.design
    problem = salib_problem(experiment)
    seed = experiment.seed
    if design.kind == "lhs":
        return latin.sample(problem, design.samples, seed=seed)
    if design.kind == "sobol":
        return sobol.sample(problem, design.samples, calc_second_order=design.second_order,
                            seed=seed)
    uniform = {k: v for k, v in problem.items() if k != "dists"}
    return morris.sample(uniform, design.samples, num_levels=design.levels, seed=seed)


def _value(path: str, value: Any) -> Any:
    """A plain Python value of the field's type (ints rounded, numpy scalars unwrapped)."""
    kind = field_type(path)
    if isinstance(value, np.generic):
        value = value.item()
    if kind is int and isinstance(value, float):
        return round(value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def points(experiment: Experiment) -> list[dict[str, Any]]:
    """The design points, in a fixed order."""
    paths = list(experiment.parameters)
    if experiment.design.kind == "grid":
        axes = []
        for variation in experiment.parameters.values():
            axes.append(variation.values if isinstance(variation, Values) else variation.grid())
        return [{p: _value(p, v) for p, v in zip(paths, combo, strict=True)}
                for combo in itertools.product(*axes)]
    matrix = _sample(experiment)
    return [{p: _value(p, float(v)) for p, v in zip(paths, row, strict=True)} for row in matrix]


def count(experiment: Experiment) -> int:
    """How many design points, without drawing them."""
    return design_points(experiment)
