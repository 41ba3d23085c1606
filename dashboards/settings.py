"""What the sliders set, on top of a base scenario, and the scenarios a user can pick.

The levers act at once on a running model; budget cut, scale, the per-domain scales and
budgets, horizon and seed shape the region and take effect at the next reset
(`dashboards.explorer`). The "letting go" variant of the compare tab is a scenario of its
own, `scenarios/niets_doen.yaml`: its levers are read from that file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType

from model import DOMAINS, Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = "baseline_2015"
LETTING_GO_SCENARIO = "niets_doen"
MAX_BUDGET_CUT = 0.5
MAX_HORIZON = 20
MAX_DOMAIN_BUDGET_CHANGE = 0.5  # the per-domain budget sliders run from -50% to +50%


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios a user can pick, by name (the validation ones are for experiments)."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


@dataclass(frozen=True)
class Settings:
    """Everything the sliders set, on top of a base scenario.

    The main `scale` is where the run's teams are from the spin-up on; `domain_scales` says
    where each domain (DOMAINS) is from week 0, and `domain_budgets` how much its budget
    changes at week 0. A domain they do not name stays where the spin-up put it, with its
    own budget (`start_scale`)."""

    base: Scenario
    levers: dict[str, float]
    budget_cut: float = 0.0  # share of the scenario's budget per inhabitant taken away
    scale: str = "local"
    horizon_years: int = 10
    seed: int = 0
    domain_scales: dict[str, str] = field(default_factory=dict)
    domain_budgets: dict[str, float] = field(default_factory=dict)  # -0.1: a tenth less

    @classmethod
    def of(cls, scenario: Scenario) -> Settings:
        """The scenario's own settings: its levers, domain scales and domain budgets as they
        are at week 0 (what is in place, then the schedule's year-0 changes)."""
        levers = scenario.levers.model_dump()
        budgets = dict.fromkeys(DOMAINS, 0.0)
        for entry in scenario.schedule:
            if entry.year == 0:
                levers.update(entry.levers.values())
                for domain, change in (entry.domains.values() if entry.domains else {}).items():
                    if change.budget_change is not None:  # several compound, as in the model
                        budgets[domain] = change.budget_change if not budgets[domain] else \
                            (1 + budgets[domain]) * (1 + change.budget_change) - 1
        scales = {d: scenario.domain_scale(d, 0) for d in DOMAINS}
        return cls(scenario, levers, 0.0, scenario.scale, scenario.horizon_years,
                   scenario.seed, scales, budgets)

    def with_levers(self, changes: Mapping[str, float]) -> Settings:
        """These settings with some levers moved (by name)."""
        return replace(self, levers={**self.levers, **changes})

    def with_scale(self, scale: str) -> Settings:
        """These settings at another main scale. The main scale sets every domain: at the
        scenario's own scale each domain goes back to the scenario's own scale for it, at any
        other scale all three are at that scale (their per-domain budgets stay)."""
        if scale == self.base.scale:
            scales = Settings.of(self.base).domain_scales
        else:
            scales = dict.fromkeys(DOMAINS, scale)
        return replace(self, scale=scale, domain_scales=scales)

    def with_domain(self, domain: str, scale: str | None = None,
                    budget_change: float | None = None) -> Settings:
        """These settings with one domain at another scale from week 0, or with another
        budget change at week 0."""
        if domain not in DOMAINS:
            raise ValueError(f"unknown domain {domain!r}; domains are: {', '.join(DOMAINS)}")
        scales, budgets = dict(self.domain_scales), dict(self.domain_budgets)
        if scale is not None:
            scales[domain] = scale
        if budget_change is not None:
            budgets[domain] = budget_change
        return replace(self, domain_scales=scales, domain_budgets=budgets)

    def start_scale(self, domain: str) -> str:
        """Where `domain` is during the spin-up: at the scenario's own scale, where the
        scenario puts it before week 0; at any other main scale, at that scale."""
        if self.scale != self.base.scale or not self.base.by_domain:
            return self.scale
        return self.base.domain_scale(domain, -1)

    def domain_scale(self, domain: str) -> str:
        """Where `domain` is from week 0."""
        return self.domain_scales.get(domain, self.start_scale(domain))

    def domain_budget(self, domain: str) -> float:
        """The change of `domain`'s budget at week 0 (0: none)."""
        return self.domain_budgets.get(domain, 0.0)

    @cached_property  # the page asks at every refresh; settings are never changed in place
    def per_domain(self) -> bool:
        """Whether the run has teams and money per domain (docs/scenarios.md#domains); if
        not, one team per area serves all three domains from one budget."""
        data = self._data()
        return data["domains"] is not None or any(e.get("domains") for e in data["schedule"])

    def scenario(self) -> Scenario:
        """The base scenario with these settings applied, as a change at week 0 from the
        base scenario's steady state (docs/model.md#start): the run spins up under the base
        scenario's own levers and budget, then the sliders' levers (for every municipality),
        the budget cut and the domains' budget changes take effect, and a domain whose scale
        differs from its start scale moves there (a reorganisation, with its cost and dip).
        The main scale shapes the region, so the spin-up runs at it. With every domain where
        it starts and no budget change per domain, a scenario without `domains:` stays one
        team for all three."""
        return Scenario.model_validate(self._data())

    def _data(self) -> dict:
        data = self.base.model_dump()
        # The base's own year-0 changes are in `self.levers` and the domain settings already
        # (`Settings.of`).
        changes = {k: v for k, v in self.levers.items() if v != data["levers"][k]}
        moves: dict[str, dict[str, object]] = {}
        for domain in DOMAINS:
            move: dict[str, object] = {}
            if self.domain_scale(domain) != self.start_scale(domain):
                move["scale"] = self.domain_scale(domain)
            if self.domain_budget(domain):
                move["budget_change"] = self.domain_budget(domain)
            if move:
                moves[domain] = move
        first = {"year": 0, "levers": changes} if changes else {"year": 0}
        if moves:
            first["domains"] = moves
        later = [e for e in data["schedule"] if 0 < e["year"] < self.horizon_years]
        data["schedule"] = ([first] if len(first) > 1 else []) + without_idle_moves(
            later, {d: self.domain_scale(d) for d in DOMAINS})
        data["budget"]["shrinkage"] = cut_from_year_0(data["budget"]["shrinkage"],
                                                      self.budget_cut, self.horizon_years)
        for domain in DOMAINS if data["domains"] is not None else ():
            own = data["domains"][domain]
            if self.scale != self.base.scale:  # the main scale sets every domain's start
                own["scale"] = None
            if own["shrinkage"] is not None:  # a domain's own shrinkage takes the cut too
                own["shrinkage"] = cut_from_year_0(own["shrinkage"], self.budget_cut,
                                                   self.horizon_years)
        data["scale"] = self.scale
        data["horizon_years"] = self.horizon_years
        data["seed"] = self.seed
        return data


def without_idle_moves(schedule: list[dict], scales: Mapping[str, str]) -> list[dict]:
    """Schedule entries (as dumped) without the domain moves to the scale a domain is at by
    then, starting from `scales` at week 0: a scale chosen in the sidebar can make a move of
    the scenario's own schedule a move to where the domain already is, which the scenario
    refuses. An entry left with nothing to change goes."""
    now = dict(scales)
    kept = []
    for entry in sorted(schedule, key=lambda e: e["year"]):
        domains = {d: dict(c) for d, c in (entry.get("domains") or {}).items() if c}
        for domain, change in list(domains.items()):
            if change.get("scale") is None:
                continue
            if change["scale"] == now[domain]:
                change["scale"] = None
                if change.get("budget_change") is None:
                    del domains[domain]
            else:
                now[domain] = change["scale"]
        entry = {**entry, "domains": domains or None}
        if domains or any(v is not None for v in (entry.get("levers") or {}).values()):
            kept.append(entry)
    return kept


def cut_from_year_0(shrinkage: float | list[float], cut: float,
                    horizon_years: int) -> float | list[float]:
    """A scenario's yearly shrinkage with `cut` taken off the budget from year 0 as well
    (before the run, the spin-up, the budget is uncut)."""
    if cut == 0.0:
        return shrinkage
    rates = list(shrinkage) if isinstance(shrinkage, list) else [shrinkage] * horizon_years
    rates = rates or [0.0]
    rates[0] = cut + rates[0] - cut * rates[0]
    return rates


@cache
def letting_go_levers() -> Mapping[str, float]:
    """The levers of the 'letting go' variant: those of the niets_doen scenario (seed 005,
    "(n)iets doen"), as its file holds them (read once, read-only)."""
    return MappingProxyType(load_shipped(LETTING_GO_SCENARIO).levers.model_dump())


def letting_go(settings: Settings) -> Settings:
    """`settings` with the levers of the niets_doen scenario (budget cut, scale, horizon and
    seed stay as they are)."""
    return settings.with_levers(letting_go_levers())


def load_uploaded(name: str, content: bytes) -> Scenario:
    """A scenario from an uploaded file; ScenarioError (with problems) when it is invalid."""
    from model import NOTHING, Problem, ScenarioError, memory_problem, parse_yaml, validate_data

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Problem(name, "", NOTHING, "is not a text (YAML) file")]) from None
    scenario = validate_data(parse_yaml(text, name), name)
    # The page lets the horizon grow to MAX_HORIZON: the scenario must fit at that length.
    longest = scenario.model_copy(
        update={"horizon_years": max(MAX_HORIZON, scenario.horizon_years)})
    problem = memory_problem(longest)
    if problem:
        raise ScenarioError([Problem(name, "", NOTHING, problem)])
    return scenario


def load_shipped(name: str) -> Scenario:
    """A shipped scenario by name (its file's stem)."""
    return load_scenario(shipped_scenarios()[name])
