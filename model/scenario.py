"""Scenario files: the typed schema, loading from YAML, and one-line error messages.

Nothing runs on an invalid scenario: `load_scenario` either returns a validated `Scenario`
or raises `ScenarioError`, whose `problems` name the file, the field path, the bad value and
what is allowed.
"""

from __future__ import annotations

import difflib
import math
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from model.parameters import AGE_GROUPS, SCALES, Parameters

LEVERS: tuple[str, ...] = (
    "room_to_act", "connect", "belonging", "boundaries", "trust", "steering_pressure",
)
Scale = Literal["hyperlocal", "local", "intermunicipal", "regional"]
assert set(typing.get_args(Scale)) == set(SCALES)

# Age mix of the Dutch population aged 15+ on 1 January 2015, rounded (CBS StatLine,
# population by age). Used when a neighbourhood gives no age mix of its own.
DUTCH_AGE_MIX_2015: dict[str, float] = {
    "15-24": 0.147, "25-34": 0.147, "35-44": 0.154, "45-54": 0.182,
    "55-64": 0.154, "65-74": 0.126, "75+": 0.090,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _lever(default: float, description: str) -> Any:
    return Field(default, ge=0.0, le=1.0, description=description)


class Levers(_Strict):
    """The six interventions (DESIGN 3.3), each from 0 (off) to 1 (full strength)."""

    room_to_act: float = _lever(0.5, "handelingsruimte: share of motivation that becomes action")
    connect: float = _lever(0.5, "kunnen aanhaken: reach of matching beyond direct ties")
    belonging: float = _lever(0.5, "sense of belonging: drifts belonging up")
    boundaries: float = _lever(0.5, "begrenzing: caps helpers' hours, complex needs to pros")
    trust: float = _lever(0.5, "vertrouwen: less paperwork, trust rises over time")
    steering_pressure: float = _lever(0.0, "sturingsdruk ('het moet'): push that crowds out")


class LeverChanges(_Strict):
    """Some levers set to new values; the others keep theirs."""

    room_to_act: float | None = Field(None, ge=0.0, le=1.0)
    connect: float | None = Field(None, ge=0.0, le=1.0)
    belonging: float | None = Field(None, ge=0.0, le=1.0)
    boundaries: float | None = Field(None, ge=0.0, le=1.0)
    trust: float | None = Field(None, ge=0.0, le=1.0)
    steering_pressure: float | None = Field(None, ge=0.0, le=1.0)

    def values(self) -> dict[str, float]:
        """The levers this change sets."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Description(_Strict):
    nl: str = ""
    en: str = ""


class Neighbourhood(_Strict):
    """A wijk with its profile."""

    name: str = Field(min_length=1)
    inhabitants: int = Field(ge=1, le=10_000_000, description="all ages")
    share_15_plus: float = Field(0.83, gt=0.0, le=1.0,
                                 description="share aged 15+ (CBS 2015: about 0.83)")
    ses: float = Field(0.5, ge=0.0, le=1.0, description="socio-economic status, 0..1")
    age_mix: dict[str, float] = Field(default_factory=lambda: dict(DUTCH_AGE_MIX_2015))
    mean_ties: float = Field(8.0, ge=0.0, le=200.0, description="mean number of social ties")
    belonging: float = Field(0.5, ge=0.0, le=1.0, description="initial sense of belonging")
    trust: float = Field(0.5, ge=0.0, le=1.0, description="initial trust in the municipality")

    @field_validator("age_mix")
    @classmethod
    def _age_mix(cls, mix: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(mix) - set(AGE_GROUPS))
        if unknown:
            raise ValueError(f"unknown age group {', '.join(unknown)}; allowed: "
                             f"{', '.join(AGE_GROUPS)}")
        if any(not (0.0 <= v <= 1.0) or math.isnan(v) for v in mix.values()):
            raise ValueError("each share must lie between 0 and 1")
        total = sum(mix.values())
        if abs(total - 1.0) > 0.01:
            raise ValueError(f"shares must add up to 1 (they add up to {total:.3f})")
        return {g: mix.get(g, 0.0) / total for g in AGE_GROUPS}

    @property
    def residents(self) -> int:
        """Agents: one per inhabitant aged 15+."""
        return max(1, round(self.inhabitants * self.share_15_plus))


def _check_unique(kind: str, names: list[str]) -> None:
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"{kind} names must be unique; repeated: {', '.join(dupes)}")


class Municipality(_Strict):
    name: str = Field(min_length=1)
    neighbourhoods: list[Neighbourhood] = Field(min_length=1)
    cooperation: str | None = Field(
        None, description="intermunicipal group; municipalities with the same group share "
        "teams and money at the intermunicipal scale")
    budget_per_inhabitant: float | None = Field(None, ge=0.0, le=10_000.0)
    levers: LeverChanges | None = None

    @model_validator(mode="after")
    def _unique_names(self) -> Municipality:
        _check_unique("neighbourhood", [n.name for n in self.neighbourhoods])
        return self


class Region(_Strict):
    name: str = "region"
    municipalities: list[Municipality] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Region:
        _check_unique("municipality", [m.name for m in self.municipalities])
        return self


class Budget(_Strict):
    per_inhabitant: float = Field(
        528.0, ge=0.0, le=10_000.0,
        description="euro per inhabitant per year (2015 social-domain fund: 528 on average)")
    shrinkage: float | list[float] = Field(
        0.0, description="yearly shrinkage: one rate for every year, or a list with the rate "
        "of each year (year 1 first; later years keep the last budget)")

    @field_validator("shrinkage", mode="before")
    @classmethod
    def _shrinkage(cls, value: Any) -> Any:
        allowed = "a rate between 0 and 1, or a list of yearly rates between 0 and 1"
        rates = value if isinstance(value, list) else [value]
        for rate in rates:
            if isinstance(rate, bool) or not isinstance(rate, int | float) or math.isnan(rate):
                raise ValueError(f"must be {allowed}")
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"must be {allowed}")
        return [float(r) for r in value] if isinstance(value, list) else float(value)

    def factor(self, year: int) -> float:
        """Budget in year `year` (0-based) as a share of `per_inhabitant`."""
        if isinstance(self.shrinkage, list):
            rates = self.shrinkage[: year + 1]
        else:
            rates = [self.shrinkage] * (year + 1)
        return float(math.prod(1.0 - r for r in rates))


class Policy(_Strict):
    """The municipality's choices beyond the levers (seed 004's five knobs)."""

    network_work_share: float = Field(
        0.15, ge=0.0, le=0.9, description="share of professional hours spent on supporting "
        "informal helpers and initiatives (knob 3, near professionalism)")
    integrated_teams: bool = Field(
        False, description="one team across care, youth and work (knob 4, ontschotting)")
    adaptive_learning: bool = Field(
        False, description="levers adjusted each quarter from monitored outcomes (knob 5)")
    aim: Literal["even", "weak_neighbourhoods"] = Field(
        "even", description="spread connect and belonging evenly, or aim them at "
        "neighbourhoods with below-median SES (1.5 times the strength there and half in the "
        "others, for the same money)")


class ScheduleEntry(_Strict):
    year: int = Field(ge=0, le=100, description="0-based year the change takes effect; "
                      "year 0 entries are the starting policy")
    levers: LeverChanges


class Mechanisms(_Strict):
    """Switches that turn processes off, for validation experiments (all on by default)."""

    needs: bool = True
    help: bool = True
    social_influence: bool = True
    motivation: bool = True
    strain: bool = True
    trust_belonging: bool = True
    initiatives: bool = True
    municipality: bool = True
    drive_noise: bool = True


class Scenario(_Strict):
    """A whole scenario file."""

    name: str = Field(min_length=1)
    description: Description = Field(default_factory=Description)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    horizon_years: int = Field(10, ge=1, le=100)
    scale: Scale = "local"
    region: Region
    budget: Budget = Field(default_factory=Budget)
    levers: Levers = Field(default_factory=Levers)
    policy: Policy = Field(default_factory=Policy)
    schedule: list[ScheduleEntry] = Field(default_factory=list)
    mechanisms: Mechanisms = Field(default_factory=Mechanisms)
    network: Literal["neighbourhoods", "complete"] = Field(
        "neighbourhoods",
        description="neighbourhoods: random ties, mostly within the own neighbourhood; "
        "complete: everyone tied to everyone (for the threshold-cascade check)")
    parameters: Parameters = Field(default_factory=Parameters)

    @model_validator(mode="after")
    def _schedule_within_horizon(self) -> Scenario:
        for entry in self.schedule:
            if entry.year >= self.horizon_years:
                raise ValueError(f"schedule year {entry.year} is past the horizon of "
                                 f"{self.horizon_years} years (allowed: 0 to "
                                 f"{self.horizon_years - 1})")
        return self

    @property
    def residents(self) -> int:
        return sum(n.residents for m in self.region.municipalities for n in m.neighbourhoods)

    @property
    def inhabitants(self) -> int:
        return sum(n.inhabitants for m in self.region.municipalities for n in m.neighbourhoods)


# --------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where, what was there, and what is allowed."""

    source: str
    field: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        got = "" if self.value is _NOTHING else f"got {_show(self.value)}; "
        return f"{where}: {got}{self.message}"


class _Nothing:
    def __repr__(self) -> str:
        return "<nothing>"


_NOTHING = _Nothing()


class ScenarioError(ValueError):
    """An invalid scenario; `problems` holds one `Problem` per mistake."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def _model_class(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel class inside an annotation such as `list[X] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_class(arg)
        if found is not None:
            return found
    return None


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    cls: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int):
            continue
        if cls is None or part not in cls.model_fields:
            return None
        cls = _model_class(cls.model_fields[part].annotation)
    return cls


def _bounds(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = _model_at(root, loc[:-1])
    if parent is None or loc[-1] not in parent.model_fields:
        return None, None
    lo = hi = None
    for meta in parent.model_fields[loc[-1]].metadata:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        lo = getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
        hi = getattr(meta, "lt", None) if getattr(meta, "lt", None) is not None else hi
    return lo, hi


def _message(root: type[BaseModel], error: dict[str, Any], loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        text = f"unknown field '{loc[-1]}'"
        if hint:
            text += f" (did you mean '{hint[0]}'?)"
        return text + ("; allowed: " + ", ".join(allowed) if allowed else "")
    if kind == "missing":
        return "required field is missing"
    if kind in {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}:
        lo, hi = _bounds(root, loc)
        if lo is not None and hi is not None:
            return f"must be between {lo} and {hi}"
    if kind == "too_short":
        ctx = error.get("ctx", {})
        return (f"needs at least {ctx.get('min_length')} item(s), has "
                f"{ctx.get('actual_length')}")
    if kind == "literal_error":
        return "must be one of " + error["ctx"]["expected"]
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def problems_from_validation(
    error: ValidationError, source: str, root: type[BaseModel] = Scenario
) -> list[Problem]:
    """Turn pydantic's errors into one `Problem` each, with field paths users can read."""
    problems = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"]
                    if isinstance(part, int) or "[" not in str(part))
        value = _NOTHING if item["type"] == "missing" else item.get("input", _NOTHING)
        if isinstance(value, dict) and item["type"] not in {"extra_forbidden"}:
            value = _NOTHING  # a whole section is too long to echo; the path says where
        problems.append(Problem(source, _field_path(loc), value, _message(root, item, loc)))
    return problems


# --------------------------------------------------------------------------------------------
# Loading


def read_yaml(path: Path) -> Any:
    """Read a YAML file, turning every way it can fail into a ScenarioError."""
    source = str(path)
    if not path.exists():
        raise ScenarioError([Problem(source, "", _NOTHING, "file not found")])
    if path.is_dir():
        raise ScenarioError([Problem(source, "", _NOTHING, "is a folder, not a YAML file")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(source, "", _NOTHING, f"cannot be read: {exc}")]) from None
    return parse_yaml(text, source)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text (a file's, an upload's), a syntax error becoming a ScenarioError that
    names the line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([Problem(source, where, _NOTHING,
                                     f"not valid YAML: {reason}")]) from None


def validate_data(data: Any, source: str, root: type[BaseModel] = Scenario) -> Any:
    """Validate parsed YAML against a schema (Scenario by default)."""
    if data is None:
        raise ScenarioError([Problem(source, "", _NOTHING,
                                     "the file is empty; a scenario needs at least a name "
                                     "and a region")])
    if not isinstance(data, dict):
        raise ScenarioError([Problem(source, "", data,
                                     "the top level must be a mapping of fields "
                                     "(name, region, levers, ...)")])
    try:
        return root.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, source, root)) from None


def load_scenario(source: str | Path | dict[str, Any] | Scenario) -> Scenario:
    """A validated Scenario from a YAML path, a dict, or an already loaded Scenario."""
    if isinstance(source, Scenario):
        return source
    if isinstance(source, dict):
        return validate_data(source, "<scenario>")
    if isinstance(source, str | Path):
        path = Path(source)
        return validate_data(read_yaml(path), str(path))
    raise TypeError(f"scenario must be a path, a dict or a Scenario, not {type(source).__name__}")



def with_residents(scenario: Scenario, residents: int) -> Scenario:
    """The same scenario at another size: every neighbourhood's inhabitants scaled so that the
    region has exactly `residents` residents aged 15+, in the same proportions.

    Residents are shared out by largest remainder (each neighbourhood keeps at least one);
    each neighbourhood's inhabitants are then the smallest count that gives its residents.
    """
    neighbourhoods = [nb for m in scenario.region.municipalities for nb in m.neighbourhoods]
    if residents < len(neighbourhoods):
        raise ValueError(f"residents must be at least {len(neighbourhoods)} (one per "
                         f"neighbourhood), got {residents}")
    weights = [nb.residents for nb in neighbourhoods]
    total = sum(weights)
    exact = [residents * w / total for w in weights]
    wanted = [max(1, int(x)) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in by_remainder[:max(0, residents - sum(wanted))]:
        wanted[i] += 1
    while sum(wanted) > residents:  # the minimum of one pushed the total over
        wanted[max(range(len(wanted)), key=lambda i: wanted[i])] -= 1
    data = scenario.model_dump()
    rows = [nb for m in data["region"]["municipalities"] for nb in m["neighbourhoods"]]
    for row, target in zip(rows, wanted, strict=True):
        inhabitants = max(1, int(target / row["share_15_plus"]))
        while max(1, round(inhabitants * row["share_15_plus"])) < target:
            inhabitants += 1
        while inhabitants > 1 and round((inhabitants - 1) * row["share_15_plus"]) >= target:
            inhabitants -= 1
        row["inhabitants"] = inhabitants
    return Scenario.model_validate(data)
