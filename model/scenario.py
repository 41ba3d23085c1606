"""Scenario files: the typed schema of a scenario and its loading.

Nothing runs on an invalid scenario: `load_scenario` either returns a validated `Scenario`
or raises `ScenarioError` (model/schema.py), whose `problems` name the file, the field path,
the bad value and what is allowed.
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from model.levers import LEVER_SPECS, LEVERS
from model.parameters import AGE_GROUPS, Parameters
from model.scenario_domains import (
    DomainChanges,
    Domains,
    Scale,
    rates,
    shrinkage_factor,
)
from model.schema import (
    NOTHING,
    Problem,
    ScenarioError,
    StrictModel,
    problems_from_validation,
    read_yaml,
)

MAX_NAME = 200  # characters of any name: it may name an output folder, a table row
MAX_LISTED = 5  # repeated names a message lists
MAX_RESIDENTS = 100_000_000  # what --residents and an experiment's residents allow

# Age mix of the Dutch population aged 15+ on 1 January 2015, rounded (CBS StatLine,
# population by age). Used when a neighbourhood gives no age mix of its own.
DUTCH_AGE_MIX_2015: dict[str, float] = {
    "15-24": 0.147, "25-34": 0.147, "35-44": 0.154, "45-54": 0.182,
    "55-64": 0.154, "65-74": 0.126, "75+": 0.090,
}


# The lever sections are generated from model/levers.py, the one declaration of the levers.
Levers = create_model(
    "Levers", __base__=StrictModel,
    __doc__="The six interventions (docs/model.md#levers), each from 0 (off) to 1 (full).",
    **{spec.name: (float, Field(spec.default, ge=0.0, le=1.0, description=spec.description))
       for spec in LEVER_SPECS})


class _LeverChangesBase(StrictModel):
    def values(self) -> dict[str, float]:
        """The levers this change sets."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


LeverChanges = create_model(
    "LeverChanges", __base__=_LeverChangesBase,
    __doc__="Some levers set to new values; the others keep theirs.",
    **{spec.name: (float | None, Field(None, ge=0.0, le=1.0)) for spec in LEVER_SPECS})


class Description(StrictModel):
    nl: str = ""
    en: str = ""


class Neighbourhood(StrictModel):
    """A wijk with its profile."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    code: str | None = Field(None, max_length=MAX_NAME, pattern=r"^[A-Za-z0-9_.-]+$",
                             description="CBS wijk or buurt code such as WK036301; matches "
                                         "the neighbourhood to a map; no effect on the model")
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
    """Names must be unique (counted once: a region may have tens of thousands)."""
    dupes = sorted(name for name, n in Counter(names).items() if n > 1)
    if dupes:
        more = f" and {len(dupes) - MAX_LISTED:,} more" if len(dupes) > MAX_LISTED else ""
        raise ValueError(f"{kind} names must be unique; repeated: "
                         f"{', '.join(dupes[:MAX_LISTED])}{more}")


class MunicipalityConfig(StrictModel):
    """A municipality in a scenario file (the Mesa agent is `model.agents.Municipality`)."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    neighbourhoods: list[Neighbourhood] = Field(min_length=1)
    cooperation: str | None = Field(
        None, description="intermunicipal group; municipalities with the same group share "
        "teams and money at the intermunicipal scale")
    budget_per_inhabitant: float | None = Field(None, ge=0.0, le=10_000.0)
    levers: LeverChanges | None = None

    @model_validator(mode="after")
    def _unique_names(self) -> MunicipalityConfig:
        _check_unique("neighbourhood", [n.name for n in self.neighbourhoods])
        return self


class Region(StrictModel):
    name: str = Field("region", max_length=MAX_NAME)
    municipalities: list[MunicipalityConfig] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Region:
        _check_unique("municipality", [m.name for m in self.municipalities])
        return self


class Budget(StrictModel):
    per_inhabitant: float = Field(
        528.0, ge=0.0, le=10_000.0,
        description="euro per inhabitant per year (2015 social-domain fund: 528 on average)")
    shrinkage: float | list[float] = Field(
        0.0, description="yearly shrinkage: one rate for every year, or a list with the rate "
        "of each year (year 1 first; later years keep the last budget)")

    @field_validator("shrinkage", mode="before")
    @classmethod
    def _shrinkage(cls, value: Any) -> Any:
        return rates(value)

    def factor(self, year: int) -> float:
        """Budget in year `year` (0-based) as a share of `per_inhabitant`."""
        return shrinkage_factor(self.shrinkage, year)


class Policy(StrictModel):
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


class PolicyChanges(StrictModel):
    """Some of the policy's choices changed from a schedule entry's year; the others keep
    theirs (workshop groups turn knobs 3-5 this way, docs/scenarios.md#schedule)."""

    network_work_share: float | None = Field(None, ge=0.0, le=0.9)
    integrated_teams: bool | None = None
    adaptive_learning: bool | None = None
    aim: Literal["even", "weak_neighbourhoods"] | None = None

    def values(self) -> dict[str, Any]:
        """The choices this change sets."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class ScheduleEntry(StrictModel):
    year: int = Field(ge=0, le=100, description="0-based year the change takes effect; "
                      "year 0 entries are made at week 0, after the spin-up")
    levers: LeverChanges = Field(default_factory=LeverChanges)
    domains: DomainChanges | None = Field(
        None, description="domains moved to another scale or given another budget from "
        "this year (per-domain teams, docs/scenarios.md#domains)")
    policy: PolicyChanges | None = Field(
        None, description="policy choices changed from this year (knobs 3-5)")
    budget_change: float | None = Field(
        None, ge=-0.9, le=1.0, description="relative change of the whole budget from this "
        "year on, on top of the shrinkage (-0.05: a twentieth less, an extra cut; 0.03: a "
        "top-up from the municipality's general means)")
    trust_shock: float | None = Field(
        None, ge=0.0, le=1.0, description="every resident's trust in the municipality falls "
        "by this much at the start of the year (an incident in the news); it then drifts as "
        "trust always does")
    need_change: float | None = Field(
        None, ge=-0.5, le=1.0, description="relative change of the weekly chance that a "
        "need arises, from this year on (0.1: a tenth more, e.g. an ageing or a recession)")

    @model_validator(mode="after")
    def _changes_something(self) -> ScheduleEntry:
        if not self.changes():
            raise ValueError("a schedule entry must change at least one lever, domain, "
                             "policy choice, the budget, trust or need")
        return self

    def changes(self) -> list[str]:
        """What this entry changes, by field (for messages and checks)."""
        return [name for name, changed in (
            ("levers", bool(self.levers.values())),
            ("domains", bool(self.domains and self.domains.values())),
            ("policy", bool(self.policy and self.policy.values())),
            ("budget_change", bool(self.budget_change)),
            ("trust_shock", bool(self.trust_shock)),
            ("need_change", bool(self.need_change))) if changed]


class Mechanisms(StrictModel):
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


class Scenario(StrictModel):
    """A whole scenario file."""

    name: str = Field(min_length=1, max_length=MAX_NAME, description="names the default "
                      "output folder, results/<name> (characters other than letters, digits, "
                      "'_', '-' and '.' become '_')")
    description: Description = Field(default_factory=Description)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    horizon_years: int = Field(10, ge=1, le=100)
    scale: Scale = "local"
    region: Region
    budget: Budget = Field(default_factory=Budget)
    levers: Levers = Field(default_factory=Levers)
    policy: Policy = Field(default_factory=Policy)
    schedule: list[ScheduleEntry] = Field(default_factory=list)
    domains: Domains | None = Field(
        None, description="each domain at its own scale with its own budget; none: one team "
        "per area at `scale` for all three, with one budget (docs/scenarios.md#domains)")
    mechanisms: Mechanisms = Field(default_factory=Mechanisms)
    network: Literal["neighbourhoods", "complete"] = Field(
        "neighbourhoods",
        description="neighbourhoods: random ties, mostly within the own neighbourhood; "
        "complete: everyone tied to everyone, a share of active ties taken over the whole "
        "group, k/N as in Granovetter (1978) (for the threshold-cascade check)")
    parameters: Parameters = Field(default_factory=Parameters)

    @model_validator(mode="after")
    def _schedule_within_horizon(self) -> Scenario:
        for entry in self.schedule:
            if entry.year >= self.horizon_years:
                raise ValueError(f"schedule year {entry.year} is past the horizon of "
                                 f"{self.horizon_years} years (allowed: 0 to "
                                 f"{self.horizon_years - 1})")
        return self

    @model_validator(mode="after")
    def _domains_fit(self) -> Scenario:
        if not self.by_domain:
            return self
        if self.policy.integrated_teams:
            raise ValueError("policy.integrated_teams: one team across the domains cannot be "
                             "combined with teams per domain (a domains: section, or a "
                             "schedule entry with domains:); use one or the other")
        for i, entry in enumerate(self.schedule):
            if entry.policy and entry.policy.integrated_teams:
                raise ValueError(f"schedule[{i}].policy.integrated_teams: one team across the "
                                 "domains cannot be combined with teams per domain; use one "
                                 "or the other")
        for i, entry in enumerate(self.schedule):
            for name, change in (entry.domains.values() if entry.domains else {}).items():
                if change.scale is not None \
                        and change.scale == self.domain_scale(name, entry.year - 1):
                    raise ValueError(f"schedule[{i}].domains.{name}.scale: {name} is already "
                                     f"at the {change.scale} scale before year {entry.year}")
        return self

    @property
    def by_domain(self) -> bool:
        """Teams and money per domain (a `domains` section, or a schedule entry that
        changes a domain); otherwise one team per area for all three domains."""
        return self.domains is not None or any(e.domains for e in self.schedule)

    def domain_scale(self, domain: str, year: int) -> str:
        """The scale of `domain` in `year` (0-based; -1 is the spin-up): its own, else the
        scenario's, with the schedule's changes up to that year."""
        own = getattr(self.domains, domain).scale if self.domains else None
        scale = own or self.scale
        for entry in sorted(self.schedule, key=lambda e: e.year):
            change = entry.domains and getattr(entry.domains, domain)
            if change and change.scale and entry.year <= year:
                scale = change.scale
        return scale

    @property
    def residents(self) -> int:
        return sum(n.residents for m in self.region.municipalities for n in m.neighbourhoods)

    @property
    def inhabitants(self) -> int:
        return sum(n.inhabitants for m in self.region.municipalities for n in m.neighbourhoods)


def validate_data(data: Any, source: str, root: type[BaseModel] = Scenario) -> Any:
    """Validate parsed YAML against a schema (Scenario by default)."""
    if data is None:
        raise ScenarioError([Problem(source, "", NOTHING,
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
    region has exactly `residents` residents aged 15+, in the same proportions. ValueError
    (one line) when the size is impossible.

    Residents are shared out by largest remainder (each neighbourhood keeps at least one);
    each neighbourhood's inhabitants are then the smallest count that gives its residents.
    """
    neighbourhoods = [nb for m in scenario.region.municipalities for nb in m.neighbourhoods]
    if residents < len(neighbourhoods):
        raise ValueError(f"residents must be at least {len(neighbourhoods)} (one per "
                         f"neighbourhood), got {residents}")
    if residents > MAX_RESIDENTS:
        raise ValueError(f"residents must be at most {MAX_RESIDENTS:,}, got {residents:,}")
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
    try:
        return validate_data(data, "--residents")
    except ScenarioError as exc:  # e.g. a neighbourhood now past 10,000,000 inhabitants
        raise ValueError(f"at {residents:,} residents: {exc.problems[0].field}: "
                         f"{exc.problems[0].message}") from None


def override(data: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A scenario's data (from `Scenario.model_dump`) with fields replaced by their dotted
    path (`levers.room_to_act`, `budget.shrinkage`, `parameters.threshold_mean`, `scale`).
    A lever set this way holds for every municipality: a municipality's own value for it
    is dropped. This is the one way fields are overridden: the model's lever keywords, the
    studies and the experiments' designs all go through it."""
    data = copy.deepcopy(data)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            if node.get(part) is None:
                node[part] = {}
            node = node[part]
        node[last] = value
        if parents == ["levers"]:
            for municipality in data["region"]["municipalities"]:
                if municipality.get("levers"):
                    municipality["levers"][last] = None
    return data


def with_overrides(scenario: Scenario, changes: Mapping[str, Any],
                   source: str = "<overrides>") -> Scenario:
    """`override` on a loaded scenario, validated like the file itself."""
    if not changes:
        return scenario
    try:
        return Scenario.model_validate(override(scenario.model_dump(), changes))
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, source, Scenario)) from None


def with_lever_change(scenario: Scenario, levers: Mapping[str, float], year: int = 0) -> Scenario:
    """The scenario with a schedule entry that changes some levers for every municipality
    from `year` (year 0: at week 0, after the spin-up). The model's keyword arguments are
    such a change: a policy made from the scenario's steady state."""
    if not levers:
        return scenario
    _check_lever_names(levers)
    data = scenario.model_dump()
    data["schedule"] = [*data["schedule"], {"year": year, "levers": dict(levers)}]
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, "<lever overrides>",
                                                     Scenario)) from None


def with_changes(scenario: Scenario, entries: list[Mapping[str, Any]],
                 source: str = "<schedule changes>") -> Scenario:
    """The scenario with more schedule entries (dicts in the file's shape: `year`, `levers`,
    `policy`, `budget_change`, `trust_shock`, `need_change`, `domains`), validated like a
    file; ScenarioError names the entry's field when one is wrong."""
    if not entries:
        return scenario
    data = scenario.model_dump()
    data["schedule"] = [*data["schedule"], *(dict(e) for e in entries)]
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, source, Scenario)) from None


def _check_lever_names(levers: Mapping[str, float]) -> None:
    unknown = sorted(set(levers) - set(LEVERS))
    if unknown:
        raise TypeError(f"unknown keyword {', '.join(unknown)}; levers are: "
                        f"{', '.join(LEVERS)}")


def with_levers(scenario: Scenario, levers: Mapping[str, float]) -> Scenario:
    """The scenario with some levers replaced for every municipality: the policy in place
    before the run, which the spin-up runs under."""
    _check_lever_names(levers)
    return with_overrides(scenario, {f"levers.{k}": v for k, v in levers.items()},
                          "<lever overrides>")
