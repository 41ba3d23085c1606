"""Where teams are: one set of teams per group of domains, each group at its own scale.

Without a `domains` section a scenario has one group that serves all three domains at the
scenario's `scale` with one budget, as the model always had. With per-domain teams
(`Scenario.by_domain`) each domain is a group of its own: care (support under the Wmo),
youth & family and work & income each have teams at their own scale and their own money
(docs/scenarios.md#domains). The teams of all groups are numbered together, group by group;
group 0 always serves care.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.parameters import DOMAINS
from model.scenario import Scenario


@dataclass(frozen=True)
class TeamPlan:
    """Teams per group of domains and area."""

    group_domains: tuple[tuple[str, ...], ...]  # the domains each group serves
    group_scale: tuple[str, ...]  # each group's scale
    domain_group: np.ndarray  # (3,) the group serving each domain (DOMAINS order)
    team_of_neighbourhood: np.ndarray  # (groups, neighbourhoods) team of each area
    team_of_municipality: np.ndarray  # (groups, municipalities); -1: many teams (hyperlocal)
    team_group: np.ndarray  # (teams,) the group of each team
    team_names: list[str]

    @property
    def n_groups(self) -> int:
        return len(self.group_scale)

    @property
    def n_teams(self) -> int:
        return len(self.team_names)

    def teams_of(self, group: int) -> np.ndarray:
        """The team numbers of `group`."""
        return np.flatnonzero(self.team_group == group)


def area_teams(scenario: Scenario, scale: str, neighbourhood_names: list[str],
               neighbourhood_municipality: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The teams one scale implies (docs/model.md#scale): their names, the team of each
    neighbourhood and of each municipality (-1 when a municipality has many)."""
    munis = scenario.region.municipalities
    if scale == "hyperlocal":
        return (list(neighbourhood_names), np.arange(len(neighbourhood_names), dtype=np.int32),
                np.full(len(munis), -1, dtype=np.int32))
    if scale == "local":
        keys = [m.name for m in munis]
    elif scale == "intermunicipal":
        keys = [m.cooperation or _default_cooperation(i, munis) for i, m in enumerate(munis)]
    else:  # regional
        keys = [scenario.region.name] * len(munis)
    names = list(dict.fromkeys(keys))
    of_muni = np.array([names.index(k) for k in keys], dtype=np.int32)
    return names, of_muni[neighbourhood_municipality], of_muni


def _default_cooperation(index: int, munis: list) -> str:
    """Without a named group, municipalities cooperate in pairs in the order listed."""
    first = munis[index - index % 2].name
    return f"cooperation:{first}"


def group_scales(scenario: Scenario, year: int) -> tuple[str, ...]:
    """Each group's scale in `year` (-1: the spin-up)."""
    if not scenario.by_domain:
        return (scenario.scale,)
    return tuple(scenario.domain_scale(d, year) for d in DOMAINS)


def team_plan(scenario: Scenario, scales: tuple[str, ...], neighbourhood_names: list[str],
              neighbourhood_municipality: np.ndarray) -> TeamPlan:
    """The teams of every group at `scales` (one per group)."""
    by_domain = len(scales) == len(DOMAINS) and scenario.by_domain
    groups = tuple((d,) for d in DOMAINS) if by_domain else (DOMAINS,)
    names: list[str] = []
    of_nb, of_muni, team_group = [], [], []
    for g, (domains, scale) in enumerate(zip(groups, scales, strict=True)):
        local_names, nb, muni = area_teams(scenario, scale, neighbourhood_names,
                                           neighbourhood_municipality)
        offset = len(names)
        names += [f"{domains[0]}: {n}" for n in local_names] if by_domain else local_names
        of_nb.append(nb + offset)
        of_muni.append(np.where(muni >= 0, muni + offset, -1).astype(np.int32))
        team_group += [g] * len(local_names)
    domain_group = np.arange(len(DOMAINS)) if by_domain else np.zeros(len(DOMAINS), int)
    return TeamPlan(groups, tuple(scales), domain_group, np.array(of_nb, dtype=np.int32),
                    np.array(of_muni, dtype=np.int32), np.array(team_group, dtype=np.int64),
                    names)


__all__ = ["TeamPlan", "area_teams", "group_scales", "team_plan"]
