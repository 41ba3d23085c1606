"""What the sliders set, on top of a base scenario, and the scenarios a user can pick.

The levers act at once on a running model; budget cut, scale, horizon and seed shape the
region and take effect at the next reset (`dashboards.explorer`). The "letting go" variant
of the compare tab is a scenario of its own, `scenarios/niets_doen.yaml`: its levers are
read from that file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType

from model import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = "baseline_2015"
LETTING_GO_SCENARIO = "niets_doen"
MAX_BUDGET_CUT = 0.5
MAX_HORIZON = 20


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios a user can pick, by name (the validation ones are for experiments)."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


@dataclass(frozen=True)
class Settings:
    """Everything the sliders set, on top of a base scenario."""

    base: Scenario
    levers: dict[str, float]
    budget_cut: float = 0.0  # share of the scenario's budget per inhabitant taken away
    scale: str = "local"
    horizon_years: int = 10
    seed: int = 0

    @classmethod
    def of(cls, scenario: Scenario) -> Settings:
        """The scenario's own settings: its levers as they are at week 0 (the policy in
        place, then the schedule's year-0 changes)."""
        levers = scenario.levers.model_dump()
        for entry in scenario.schedule:
            if entry.year == 0:
                levers.update(entry.levers.values())
        return cls(scenario, levers, 0.0, scenario.scale, scenario.horizon_years,
                   scenario.seed)

    def with_levers(self, changes: Mapping[str, float]) -> Settings:
        """These settings with some levers moved (by name)."""
        return replace(self, levers={**self.levers, **changes})

    def scenario(self) -> Scenario:
        """The base scenario with these settings applied, as a change at week 0 from the
        base scenario's steady state (docs/model.md#start): the run spins up under the base
        scenario's own levers and budget, then the sliders' levers (for every municipality)
        and the budget cut take effect. The scale shapes the region, so the spin-up runs
        at the chosen scale."""
        data = self.base.model_dump()
        # The base's own year-0 changes are in `self.levers` already (`Settings.of`).
        changes = {k: v for k, v in self.levers.items() if v != data["levers"][k]}
        later = [e for e in data["schedule"] if 0 < e["year"] < self.horizon_years]
        data["schedule"] = ([{"year": 0, "levers": changes}] if changes else []) + later
        data["budget"]["shrinkage"] = cut_from_year_0(data["budget"]["shrinkage"],
                                                      self.budget_cut, self.horizon_years)
        data["scale"] = self.scale
        data["horizon_years"] = self.horizon_years
        data["seed"] = self.seed
        return Scenario.model_validate(data)


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
