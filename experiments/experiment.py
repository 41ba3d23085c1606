"""Experiment files: what to vary, how to sample it, and what to keep (docs/experiments.md).

An experiment names a base scenario and varies fields of it by their dotted path
(`levers.room_to_act`, `budget.shrinkage`, `scale`, `parameters.threshold_mean`, ...).
`load_experiment` either returns a validated `Experiment` or raises `ScenarioError` with one
`Problem` per mistake, naming the file, the field, the bad value and what is allowed; the
values each varied field can take are checked against the scenario schema before anything
runs.
"""

from __future__ import annotations

import math
import re
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from model import (
    MODEL_METRICS,
    NEIGHBOURHOOD_METRICS,
    NOTHING,
    YEAR_METRICS,
    Description,
    Problem,
    Scenario,
    ScenarioError,
    StrictModel,
    error_message,
    load_scenario,
    override,
    problems_from_validation,
    read_yaml,
    schema_class,
    validate_data,
    with_residents,
)

DESIGNS = ("grid", "lhs", "sobol", "morris")
KEYS = ("level", "week", "year", "neighbourhood", "municipality")  # columns of a run's table
SAMPLED = ("lhs", "sobol", "morris")
METRIC_LEVELS = ("model", "neighbourhoods")
# Runs an experiment may have (points x replications) unless batch is given --max-runs:
# more is a mistake more often than a plan, and planning alone would take minutes.
MAX_RUNS = 100_000


class Values(StrictModel):
    """A list of values, for a grid."""

    values: list[Any] = Field(min_length=1)


class Range(StrictModel):
    """An interval: `steps` evenly spaced values in a grid, uniform for the samplers."""

    low: float
    high: float
    steps: int | None = Field(None, ge=2, le=1000, description="grid only: number of values")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.low >= self.high:
            raise ValueError(f"low must be below high (got low {self.low}, high {self.high})")
        return self

    def grid(self) -> list[float]:
        n = self.steps or 0
        return [self.low + (self.high - self.low) * i / (n - 1) for i in range(n)]


class Distribution(StrictModel):
    """A distribution for the samplers (lhs, sobol): uniform, triangular or normal."""

    distribution: Literal["uniform", "triangular", "normal"]
    low: float | None = None
    high: float | None = None
    peak: float | None = Field(None, description="triangular: the most likely value")
    mean: float | None = None
    sd: float | None = Field(None, gt=0.0)

    @model_validator(mode="after")
    def _complete(self) -> Distribution:
        need = {"uniform": ("low", "high"), "triangular": ("low", "high", "peak"),
                "normal": ("mean", "sd")}[self.distribution]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.distribution} distribution needs "
                             f"{', '.join(need)}; missing: {', '.join(missing)}")
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high, or neither")
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError(f"low must be below high (got low {self.low}, high {self.high})")
        if self.distribution == "triangular" and not self.low <= self.peak <= self.high:
            raise ValueError(f"peak must lie between low and high (got {self.peak})")
        return self

    def salib(self) -> tuple[str, list[float]]:
        """SALib's name and bounds for this distribution."""
        if self.distribution == "uniform":
            return "unif", [self.low, self.high]
        if self.distribution == "triangular":
            width = self.high - self.low
            return "triang", [self.low, self.high, (self.peak - self.low) / width]
        if self.low is None:
            return "norm", [self.mean, self.sd]
        return "truncnorm", [self.low, self.high, self.mean, self.sd]

    def support(self) -> tuple[float, float] | None:
        return None if self.low is None else (self.low, self.high)


def _variation_kind(value: Any) -> str:
    """Which form a varied field takes: a list, a distribution, or else a range."""
    if isinstance(value, dict):
        return "values" if "values" in value else \
            "distribution" if "distribution" in value else "range"
    return {Values: "values", Distribution: "distribution"}.get(type(value), "range")


Variation = Annotated[
    Annotated[Values, Tag("values")] | Annotated[Range, Tag("range")]
    | Annotated[Distribution, Tag("distribution")],
    Discriminator(_variation_kind),
]
VARIATION_TAGS = ("values", "range", "distribution")


class Design(StrictModel):
    kind: Literal["grid", "lhs", "sobol", "morris"] = "grid"
    samples: int | None = Field(
        None, ge=1, le=1_000_000,
        description="lhs: number of points; sobol: base sample N (a power of 2; N*(D+2) "
        "points, N*(2D+2) with second order); morris: number of trajectories (N*(D+1) points)")
    levels: int = Field(4, ge=2, le=100, description="morris: grid levels")
    second_order: bool = Field(False, description="sobol: also the second-order indices")

    @model_validator(mode="after")
    def _samples(self) -> Design:
        if self.kind in SAMPLED and self.samples is None:
            raise ValueError(f"design {self.kind} needs samples (how many)")
        if self.kind == "grid" and self.samples is not None:
            raise ValueError("a grid takes every combination; samples is for lhs, sobol, morris")
        if self.kind == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"sobol samples must be a power of 2 (got {self.samples}; "
                             f"for example {1 << max(0, self.samples.bit_length() - 1)} or "
                             f"{1 << self.samples.bit_length()})")
        return self


class Outputs(StrictModel):
    every: Literal["week", "year", "final"] = Field(
        "year", description="week: every weekly row; year: one row per year (yearly figures "
        "and yearly means); final: the last year only")
    levels: list[Literal["model", "neighbourhoods"]] = Field(
        default_factory=lambda: ["model"], min_length=1)
    metrics: list[str] | None = Field(
        None, description="the outputs to keep (default: all)")


def known_metrics() -> list[str]:
    """Every output a run can keep, model and neighbourhood level."""
    names = dict.fromkeys((*MODEL_METRICS, *YEAR_METRICS, *NEIGHBOURHOOD_METRICS))
    return [n for n in names if n not in KEYS]


class Experiment(StrictModel):
    """A whole experiment file."""

    name: str = Field(min_length=1, max_length=100, description="names the output folder")
    description: Description = Field(default_factory=Description)
    scenario: str = Field(min_length=1, description="base scenario file, relative to the "
                          "experiment file")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="the experiment seed; every run's "
                      "seed is derived from it")
    replications: int = Field(1, ge=1, le=10_000)
    horizon_years: int | None = Field(None, ge=1, le=100)
    residents: int | None = Field(None, ge=1, le=100_000_000, description="run the scenario "
                                  "at this many residents (every neighbourhood in proportion)")
    common_random_numbers: bool = Field(
        True, description="replication r uses the same seed at every design point")
    design: Design = Field(default_factory=Design)
    parameters: dict[str, Variation] = Field(min_length=1)
    outputs: Outputs = Field(default_factory=Outputs)

    @field_validator("name")
    @classmethod
    def _folder_name(cls, name: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name.startswith("."):
            raise ValueError("use only letters, digits, '_', '-' and '.' (it names the output "
                             "folder), for example lever_sweep")
        return name

    @field_validator("parameters", mode="before")
    @classmethod
    def _lists_are_values(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: {"values": v} if isinstance(v, list) else v for k, v in value.items()}
        return value


# --------------------------------------------------------------------------------------------
# Field paths into the scenario


def _leaf(path: str) -> tuple[type[BaseModel], str] | str:
    """The model class holding the field at `path`, and the field name; or why not."""
    cls: type[BaseModel] | None = Scenario
    parts = path.split(".")
    for depth, part in enumerate(parts):
        if cls is None or part not in cls.model_fields:
            where = ".".join(parts[:depth]) or "the scenario"
            allowed = sorted(cls.model_fields) if cls is not None else []
            return f"{where} has no field '{part}'" + (
                f"; allowed: {', '.join(allowed)}" if allowed else "")
        if depth == len(parts) - 1:
            return cls, part
        cls = schema_class(cls.model_fields[part].annotation)
    return "empty path"


UNBOUNDED_SDS = 4  # an untruncated normal is checked this many sd from its mean
FORBIDDEN = ("name", "seed", "description", "region", "schedule")


def field_type(path: str) -> type | None:
    """int, float or None (anything else) for the scenario field at `path`."""
    found = _leaf(path)
    if isinstance(found, str):
        return None
    cls, name = found
    annotation = cls.model_fields[name].annotation
    args = set(typing.get_args(annotation)) or {annotation}
    if args <= {int, type(None)}:
        return int
    if args & {float, int} and not args - {float, int, type(None), list[float]}:
        return float
    return None


# --------------------------------------------------------------------------------------------
# Loading


def base_scenario(experiment: Experiment, folder: Path) -> Scenario:
    """The base scenario as the experiment runs it: its size and horizon applied."""
    scenario = load_scenario(folder / experiment.scenario)
    if experiment.residents is not None:
        scenario = with_residents(scenario, experiment.residents)
    if experiment.horizon_years is not None:
        data = scenario.model_dump()
        data["horizon_years"] = experiment.horizon_years
        data["schedule"] = [e for e in data["schedule"] if e["year"] < experiment.horizon_years]
        scenario = Scenario.model_validate(data)
    return scenario


def _design_problem(experiment: Experiment, variation: Any) -> str | None:
    """Why this form of variation does not fit the design, if it does not."""
    kind = experiment.design.kind
    if kind == "grid":
        if isinstance(variation, Distribution):
            return "a distribution needs design lhs, sobol or morris; a grid takes a list of " \
                "values or a range {low, high, steps}"
        if isinstance(variation, Range) and variation.steps is None:
            return "in a grid a range needs steps (how many values)"
        return None
    if isinstance(variation, Values):
        return f"a list of values works only in a grid; design {kind} needs a range " \
            "{low, high} or a distribution"
    if isinstance(variation, Range) and variation.steps is not None:
        return f"steps is for a grid; design {kind} samples the range {{low, high}} itself"
    if kind == "morris" and isinstance(variation, Distribution) \
            and variation.distribution != "uniform":
        return "morris samples levels of a range; give a range {low, high}"
    return None


def _check_values(experiment: Experiment, base: Scenario, source: str) -> list[Problem]:
    """Each varied field must exist, fit the design, and its extreme values must make a
    valid scenario."""
    problems = []
    for path, variation in experiment.parameters.items():
        where = f"parameters.{path}"
        mismatch = _design_problem(experiment, variation)
        if mismatch:
            problems.append(Problem(source, where, NOTHING, mismatch))
            continue
        if path.split(".")[0] in FORBIDDEN:
            problems.append(Problem(source, where, NOTHING,
                                    f"'{path.split('.')[0]}' cannot be varied; vary levers, "
                                    "budget, policy, scale, domains, parameters, mechanisms, "
                                    "network or horizon_years"))
            continue
        found = _leaf(path)
        if isinstance(found, str):
            problems.append(Problem(source, where, NOTHING, found))
            continue
        if experiment.design.kind in SAMPLED and field_type(path) is None:
            problems.append(Problem(source, where, NOTHING,
                                    f"design {experiment.design.kind} samples numbers, and "
                                    f"{path} is not a number; vary it in a grid"))
            continue
        if isinstance(variation, Values):
            candidates = variation.values
        elif isinstance(variation, Range):
            candidates = [variation.low, variation.high]
        else:
            support = variation.support()
            candidates = list(support) if support else [
                variation.mean - UNBOUNDED_SDS * variation.sd,
                variation.mean + UNBOUNDED_SDS * variation.sd]
        for value in candidates:
            if field_type(path) is int and isinstance(value, float):
                value = round(value)
            data = override(base.model_dump(), {path: value})
            try:
                validate_data(data, source)
            except ScenarioError as exc:
                unbounded = isinstance(variation, Distribution) and variation.low is None
                for problem in exc.problems:
                    where_in = f"{problem.field}: " if problem.field else ""  # "": the whole
                    reason = f"makes the scenario invalid: {where_in}{problem.message}"
                    if unbounded:
                        reason = (f"a normal distribution reaches {value:g} (mean ± "
                                  f"{UNBOUNDED_SDS} sd), which {reason}; give low and high to "
                                  "truncate it")
                    problems.append(Problem(source, where, NOTHING if unbounded else value,
                                            reason))
                break
    if experiment.outputs.metrics is not None:
        allowed = known_metrics()
        for name in experiment.outputs.metrics:
            if name not in allowed:
                problems.append(Problem(source, "outputs.metrics", name,
                                        "unknown output; allowed: " + ", ".join(allowed)))
    return problems


_TAG_CLASSES: dict[str, type[BaseModel]] = {
    "values": Values, "range": Range, "distribution": Distribution}


def _validate(data: Any, source: str) -> Experiment:
    """Like `validate_data`, but a mistake inside one varied field is named by that field's
    path, with the fields its form allows (pydantic puts the form's tag in the path)."""
    if not isinstance(data, dict):
        return validate_data(data, source, root=Experiment)
    try:
        return Experiment.model_validate(data)
    except ValidationError as exc:
        problems = []
        for item in exc.errors():
            loc = item["loc"]
            if len(loc) >= 3 and loc[0] == "parameters" and loc[2] in _TAG_CLASSES:
                rest = tuple(loc[3:])
                value = NOTHING if item["type"] == "missing" else item.get("input", NOTHING)
                if isinstance(value, dict):
                    value = NOTHING
                field = f"parameters.{loc[1]}" + "".join(f".{part}" for part in rest)
                problems.append(Problem(source, field, value,
                                        error_message(_TAG_CLASSES[loc[2]], item, rest)))
            else:
                problems.extend(problems_from_validation(
                    ValidationError.from_exception_data(exc.title, [item]), source,
                    Experiment))
        raise ScenarioError(problems) from None


def design_points(experiment: Experiment) -> int:
    """How many design points, without drawing them (an exact integer, however many)."""
    design, d = experiment.design, len(experiment.parameters)
    if design.kind == "grid":
        # a range without steps or a distribution is refused later, in words; 1 until then
        return math.prod(len(v.values) if isinstance(v, Values) else
                         getattr(v, "steps", None) or 1 for v in experiment.parameters.values())
    if design.kind == "lhs":
        return design.samples or 0
    if design.kind == "sobol":
        return (design.samples or 0) * (2 * d + 2 if design.second_order else d + 2)
    return (design.samples or 0) * (d + 1)


def _runs_problem(experiment: Experiment, source: str, max_runs: int) -> Problem | None:
    points = design_points(experiment)
    total = points * experiment.replications
    if total <= max_runs:
        return None
    return Problem(source, "design", NOTHING,
                   f"{points:,} design points x {experiment.replications:,} replications = "
                   f"{total:,} runs, more than the limit of {max_runs:,}; use fewer samples, "
                   "steps, values or replications, or give batch --max-runs to allow more")


def load_experiment(
    path: Path, overrides: dict[str, Any] | None = None, data: Any = NOTHING,
    max_runs: int = MAX_RUNS,
) -> tuple[Experiment, Scenario]:
    """The validated experiment and its base scenario. `overrides` replace top-level fields
    (the command line's --samples, --replications, --residents, --years); `data` is the
    file's parsed YAML when the caller has read it already. More than `max_runs` runs is
    refused before the base scenario is read."""
    source = str(path)
    if data is NOTHING:
        data = read_yaml(path)
    if isinstance(data, dict) and overrides:
        data = dict(data)
        for key, value in overrides.items():
            if key == "samples":
                design = data.get("design")
                data["design"] = {**(design if isinstance(design, dict) else {}),
                                  "samples": value}
            else:
                data[key] = value
    experiment = _validate(data, source)
    if problem := _runs_problem(experiment, source, max_runs):
        raise ScenarioError([problem])
    scenario_path = path.parent / experiment.scenario
    try:
        base = base_scenario(experiment, path.parent)
    except ScenarioError as exc:
        if not scenario_path.exists():
            raise ScenarioError([Problem(source, "scenario", experiment.scenario,
                                         f"file not found: {scenario_path} (a path is "
                                         "relative to the experiment file)")]) from None
        raise ScenarioError([Problem(source, "scenario", experiment.scenario,
                                     f"the base scenario is invalid: {p}")
                             for p in exc.problems]) from None
    except ValueError as exc:
        raise ScenarioError([Problem(source, "residents", experiment.residents,
                                     str(exc))]) from None
    problems = _check_values(experiment, base, source)
    if problems:
        raise ScenarioError(problems)
    return experiment, base
