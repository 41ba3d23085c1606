"""Money: yearly budgets, lever costs and spending by category, per team and municipality.

Teams hold the money at their scale (per group of domains, model/domains.py); spending is
shared back to municipalities in proportion to their inhabitants, so a municipality's balance
is meaningful at every scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.clock import WEEKS_PER_YEAR, weeks_into_year
from model.parameters import DOMAINS
from model.population import Layout
from model.scenario import Domains, Scenario, shrinkage_factor

CATEGORIES: tuple[str, ...] = ("professionals", "overhead", "levers", "initiatives", "crisis",
                               "reorganisation")


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
    """Each neighbourhood's share of its team's inhabitants, per group of domains
    (groups x neighbourhoods)."""
    shares = []
    for team_of in layout.plan.team_of_neighbourhood:
        team_inh = np.bincount(team_of, weights=layout.neighbourhood_inhabitants)
        shares.append(layout.neighbourhood_inhabitants / team_inh[team_of])
    return np.array(shares)


def to_municipalities(per_team: np.ndarray, layout: Layout) -> np.ndarray:
    """Share team amounts out to municipalities by inhabitants (each group's teams cover
    every neighbourhood once)."""
    share = neighbourhood_share(layout)
    team_of = layout.plan.team_of_neighbourhood
    per_nb = per_team[team_of[0]] * share[0]
    for g in range(1, len(team_of)):
        per_nb = per_nb + per_team[team_of[g]] * share[g]
    return np.bincount(layout.neighbourhood_municipality, weights=per_nb,
                       minlength=len(layout.municipality_names))


def per_inhabitant_to_teams(per_inhabitant_muni: np.ndarray, layout: Layout,
                            n_teams: int, group_shares: np.ndarray | None = None) -> np.ndarray:
    """Sum an amount per inhabitant (one value per municipality) over each team; with
    several groups of domains, each group's teams get `group_shares[g]` of it (a row of
    amounts per municipality for each group when `per_inhabitant_muni` is 2-D)."""
    plan = layout.plan
    if plan.n_groups == 1 and np.ndim(per_inhabitant_muni) == 1:
        per_nb = per_inhabitant_muni[layout.neighbourhood_municipality] \
            * layout.neighbourhood_inhabitants
        return np.bincount(layout.team_of_neighbourhood, weights=per_nb, minlength=n_teams)
    out = np.zeros(n_teams)
    for g in range(plan.n_groups):
        amount = per_inhabitant_muni[g] if np.ndim(per_inhabitant_muni) == 2 \
            else per_inhabitant_muni * group_shares[g]
        per_nb = amount[layout.neighbourhood_municipality] * layout.neighbourhood_inhabitants
        out += np.bincount(plan.team_of_neighbourhood[g], weights=per_nb, minlength=n_teams)
    return out


def lever_cost_per_inhabitant(levers: np.ndarray, unit_cost: np.ndarray) -> np.ndarray:
    """Yearly lever cost per inhabitant, per municipality (levers: municipalities x 6)."""
    return (levers * unit_cost).sum(axis=1)  # not BLAS: the same bits on every machine


def _base_per_inhabitant(config: Scenario) -> np.ndarray:
    return np.array([
        (m.budget_per_inhabitant if m.budget_per_inhabitant is not None
         else config.budget.per_inhabitant) for m in config.region.municipalities])


def budget_per_inhabitant(config: Scenario, year: int) -> np.ndarray:
    """Each municipality's budget per inhabitant in `year` (0-based; -1 is the spin-up,
    before any shrinkage): its own amount or the scenario's, after that year's shrinkage.
    With per-domain teams: one row per domain (domains x municipalities), each its share
    of the fund after its own shrinkage and the schedule's budget changes."""
    per_inhabitant = _base_per_inhabitant(config)
    if not config.by_domain:
        return per_inhabitant * (config.budget.factor(year) * scheduled_change(config, year))
    return np.array([per_inhabitant * factor for factor in domain_factors(config, year)])


def scheduled_change(config: Scenario, year: int) -> float:
    """The whole budget's scheduled changes up to `year` (extra cuts, top-ups), as a factor:
    exactly 1.0 without any."""
    factor = 1.0
    for entry in config.schedule:
        if entry.budget_change is not None and entry.year <= year:
            factor *= 1.0 + entry.budget_change
    return factor


def domain_shares(config: Scenario) -> np.ndarray:
    """Each domain's share of the budget (DOMAINS order)."""
    domains = config.domains or Domains()
    return np.array([domains.shares()[d] for d in DOMAINS])


def domain_factors(config: Scenario, year: int) -> np.ndarray:
    """Each domain's budget in `year` as a share of the budget per inhabitant: its share of
    the fund, after its own shrinkage (else the scenario's) and the schedule's
    `budget_change`s up to that year."""
    domains = config.domains or Domains()
    out = []
    for d, share in zip(DOMAINS, domain_shares(config), strict=True):
        own = getattr(domains, d).shrinkage
        factor = shrinkage_factor(config.budget.shrinkage if own is None else own, year)
        for entry in config.schedule:
            change = entry.domains and getattr(entry.domains, d)
            if change and change.budget_change is not None and entry.year <= year:
                factor *= 1.0 + change.budget_change
        out.append(share * factor * scheduled_change(config, year))
    return np.array(out)
