"""What the residents of an area get from its teams when there is a team per group of
domains (model/domains.py): the team lookups the weekly phases and the planning use.

With one group (a scenario without `domains:`) each function gives exactly what the model
computed before per-domain teams existed.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from model.columns import Blocks
from model.domains import TeamPlan, group_scales, team_plan
from model.help_phase import case_teams
from model.parameters import Parameters
from model.population import Layout, Residents
from model.scenario import Scenario
from model.teams import Teams


def team_residents(layout: Layout, residents: Residents) -> np.ndarray:
    """Residents in each team's area."""
    plan = layout.plan
    if plan.n_groups == 1:
        return np.bincount(residents.team, minlength=plan.n_teams)
    return np.bincount(plan.team_of_neighbourhood.ravel(),
                       weights=np.tile(layout.neighbourhood_residents, plan.n_groups),
                       minlength=plan.n_teams)


def neighbourhood_support(teams: Teams, plan: TeamPlan) -> np.ndarray:
    """Per neighbourhood, the network hours per active helper the teams give, against what
    helpers need (0..1): with per-domain teams the three teams' support adds up."""
    team_of = plan.team_of_neighbourhood
    if len(team_of) == 1:
        return teams.support[team_of[0]]
    return np.minimum(sum(teams.support[t] for t in team_of), 1.0)


def proximity(teams: Teams, plan: TeamPlan, residents: Residents, blocks: Blocks
              ) -> tuple[np.ndarray | float, np.ndarray | float]:
    """How near professionals are, per neighbourhood and per resident: one value while
    every team has the same; otherwise the mean over a neighbourhood's teams, and for a
    resident in need that of the team of its need's domain."""
    near = teams.proximity
    if np.all(near == near[0]):
        return float(near[0]), float(near[0])
    per_nb = np.mean([near[t] for t in plan.team_of_neighbourhood], axis=0)
    per_resident = blocks.spread(per_nb)
    needy = np.flatnonzero(residents.need > 0.0)
    per_resident[needy] = near[case_teams(residents, needy, plan)]
    return per_nb, per_resident


def trust_and_helpers(layout: Layout, residents: Residents, blocks: Blocks,
                      trust_lever: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per team: the mean trust lever of its neighbourhoods and the active helpers in its
    area (for its admin share and the support its network hours give)."""
    plan, n = layout.plan, layout.plan.n_teams
    if plan.n_groups == 1:
        team_of = layout.team_of_neighbourhood
        lever = np.bincount(team_of, weights=trust_lever, minlength=n) \
            / np.bincount(team_of, minlength=n)
        return lever, np.bincount(residents.team[residents.active], minlength=n)
    team_of = plan.team_of_neighbourhood.ravel()  # every group covers every neighbourhood
    lever = np.bincount(team_of, weights=np.tile(trust_lever, plan.n_groups), minlength=n) \
        / np.bincount(team_of, minlength=n)
    active = np.bincount(team_of, weights=np.tile(blocks.sums(residents.active),
                                                  plan.n_groups), minlength=n)
    return lever, active


def regrouped(config: Scenario, layout: Layout, teams: Teams, p: Parameters, year: int,
              residents: Residents | None = None
              ) -> tuple[Layout, Teams, np.ndarray] | None:
    """The layout and teams after this year's moves between scales (None if no domain
    moves), and the residents whose need is in a domain that moved (its clients)."""
    old = layout.plan
    scales = group_scales(config, year)
    if scales == old.group_scale:
        return None
    new = team_plan(config, scales, layout.neighbourhood_names,
                    layout.neighbourhood_municipality)
    moved = [g for g in range(len(scales)) if scales[g] != old.group_scale[g]]
    clients = np.zeros(0, dtype=np.int64) if residents is None else np.flatnonzero(
        np.isin(residents.need_domain, moved) & (residents.need > 0.0))
    return (dataclasses.replace(layout, plan=new),
            teams.regrouped(old, new, layout.neighbourhood_inhabitants, p), clients)


__all__ = ["neighbourhood_support", "regrouped", "proximity", "team_residents",
           "trust_and_helpers"]
