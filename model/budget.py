"""Money: yearly budgets, lever costs and spending by category, per team and municipality.

Teams hold the money at the scenario's scale; spending is shared back to municipalities in
proportion to their inhabitants, so a municipality's balance is meaningful at every scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.clock import WEEKS_PER_YEAR, weeks_into_year
from model.population import Layout
from model.scenario import Scenario

CATEGORIES: tuple[str, ...] = ("professionals", "overhead", "levers", "initiatives", "crisis")


@dataclass
class BudgetState:
    """This year's budgets and the spending so far, per team and per municipality."""

    layout: Layout
    municipal_budget: np.ndarray  # euro this year, per municipality
    team_budget: np.ndarray  # euro this year, per team
    spent: dict[str, np.ndarray] = field(default_factory=dict)  # year to date, per team
    last_week: dict[str, np.ndarray] = field(default_factory=dict)  # per team

    @classmethod
    def start(cls, layout: Layout, n_teams: int) -> BudgetState:
        zeros = np.zeros(n_teams)
        state = cls(layout, np.zeros(len(layout.municipality_names)), zeros.copy())
        state.reset_year()
        return state

    def reset_year(self) -> None:
        n_teams = len(self.team_budget)
        self.spent = {c: np.zeros(n_teams) for c in CATEGORIES}
        self.last_week = {c: np.zeros(n_teams) for c in CATEGORIES}

    def book(self, week: dict[str, np.ndarray]) -> None:
        """Add one week's spending per category and team."""
        for category in CATEGORIES:
            self.last_week[category] = week[category]
            self.spent[category] = self.spent[category] + week[category]

    def team_spent(self) -> np.ndarray:
        return sum(self.spent.values())

    @property
    def municipal_spending(self) -> np.ndarray:
        return to_municipalities(self.team_spent(), self.layout)

    def balance(self, weeks: int | None = None) -> float:
        """All teams' budget for the first `weeks` weeks of this year (the whole year when
        None) minus their spending so far."""
        return _balance(float(self.team_budget.sum()), float(self.team_spent().sum()), weeks)

    def municipal_balance(self, index: int, week: int) -> float:
        """A municipality's budget for the weeks so far this year (after `week` weeks of
        the run) minus its share of the spending so far."""
        return _balance(self.municipal_budget[index], self.municipal_spending[index],
                        weeks_into_year(week))


def _balance(budget: float, spent: float, weeks: int | None) -> float:
    """Budget (for `weeks` weeks of the year, or all of it) minus spending."""
    if weeks is not None:
        budget = budget * weeks / WEEKS_PER_YEAR
    return budget - spent


def neighbourhood_share(layout: Layout) -> np.ndarray:
    """Each neighbourhood's share of its team's inhabitants."""
    team_inh = np.bincount(layout.team_of_neighbourhood, weights=layout.neighbourhood_inhabitants)
    return layout.neighbourhood_inhabitants / team_inh[layout.team_of_neighbourhood]


def to_municipalities(per_team: np.ndarray, layout: Layout) -> np.ndarray:
    """Share team amounts out to municipalities by inhabitants."""
    per_nb = per_team[layout.team_of_neighbourhood] * neighbourhood_share(layout)
    return np.bincount(layout.neighbourhood_municipality, weights=per_nb,
                       minlength=len(layout.municipality_names))


def per_inhabitant_to_teams(per_inhabitant_muni: np.ndarray, layout: Layout,
                            n_teams: int) -> np.ndarray:
    """Sum an amount per inhabitant (one value per municipality) over each team."""
    per_nb = per_inhabitant_muni[layout.neighbourhood_municipality] \
        * layout.neighbourhood_inhabitants
    return np.bincount(layout.team_of_neighbourhood, weights=per_nb, minlength=n_teams)


def lever_cost_per_inhabitant(levers: np.ndarray, unit_cost: np.ndarray) -> np.ndarray:
    """Yearly lever cost per inhabitant, per municipality (levers: municipalities x 6)."""
    return (levers * unit_cost).sum(axis=1)  # not BLAS: the same bits on every machine


def budget_per_inhabitant(config: Scenario, year: int) -> np.ndarray:
    """Each municipality's budget per inhabitant in `year` (0-based; -1 is the spin-up,
    before any shrinkage): its own amount or the scenario's, after that year's shrinkage."""
    per_inhabitant = np.array([
        (m.budget_per_inhabitant if m.budget_per_inhabitant is not None
         else config.budget.per_inhabitant) for m in config.region.municipalities])
    return per_inhabitant * config.budget.factor(year)

