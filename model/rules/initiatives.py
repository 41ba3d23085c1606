"""Citizen initiatives and care cooperatives: they form, recruit and dissolve.

Initiatives are rows in a few arrays (neighbourhood, alive, founded week); a volunteer's
`initiative` column points at one. Dissolved initiatives keep their row, so ids are stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.parameters import Parameters


@dataclass
class Initiatives:
    neighbourhood: np.ndarray  # int32
    alive: np.ndarray  # bool
    founded: np.ndarray  # int32, week

    @classmethod
    def empty(cls) -> Initiatives:
        return cls(np.zeros(0, np.int32), np.zeros(0, bool), np.zeros(0, np.int32))

    def __len__(self) -> int:
        return len(self.alive)

    def add(self, neighbourhoods: np.ndarray, week: int) -> None:
        """Found new initiatives in the given neighbourhoods (one per entry)."""
        k = len(neighbourhoods)
        self.neighbourhood = np.concatenate([self.neighbourhood, neighbourhoods.astype(np.int32)])
        self.alive = np.concatenate([self.alive, np.ones(k, bool)])
        self.founded = np.concatenate([self.founded, np.full(k, week, np.int32)])

    def alive_per_neighbourhood(self, n_neighbourhoods: int) -> np.ndarray:
        return np.bincount(self.neighbourhood[self.alive], minlength=n_neighbourhoods)


def members(initiative: np.ndarray, n_initiatives: int) -> np.ndarray:
    """Members per initiative from the residents' `initiative` column."""
    return np.bincount(initiative[np.flatnonzero(initiative >= 0)], minlength=n_initiatives)


def dissolving(alive: np.ndarray, member_count: np.ndarray, p: Parameters,
               rng: np.random.Generator) -> np.ndarray:
    """Initiatives that fold this week: any may end (`initiative_end_rate`), too small ones
    are at a higher risk (`initiative_dissolve_rate`)."""
    small = member_count < p.initiative_min_members
    chance = np.where(small, np.maximum(p.initiative_dissolve_rate, p.initiative_end_rate),
                      p.initiative_end_rate)
    return alive & (rng.random(len(alive)) < chance)


def formation_rate(residents: np.ndarray, room_to_act: np.ndarray, belonging: np.ndarray,
                   p: Parameters) -> np.ndarray:
    """Expected new initiatives per week and neighbourhood: more with room and belonging."""
    room = p.room_floor + (1.0 - p.room_floor) * room_to_act
    return p.initiative_formation_rate * residents / 1000.0 * room * 2.0 * belonging


def forming(residents: np.ndarray, room_to_act: np.ndarray, belonging: np.ndarray,
            p: Parameters, rng: np.random.Generator) -> np.ndarray:
    """Neighbourhood index of each initiative founded this week."""
    counts = rng.poisson(formation_rate(residents, room_to_act, belonging, p))
    return np.repeat(np.arange(len(residents), dtype=np.int32), counts)


def choose(joiner_neighbourhood: np.ndarray, initiatives: Initiatives, n_neighbourhoods: int,
           rng: np.random.Generator) -> np.ndarray:
    """For each joiner, a random living initiative in their neighbourhood (-1 if none)."""
    live = np.flatnonzero(initiatives.alive)
    live = live[np.argsort(initiatives.neighbourhood[live], kind="stable")]
    per_nb = np.bincount(initiatives.neighbourhood[live], minlength=n_neighbourhoods)
    start = np.concatenate([[0], np.cumsum(per_nb)[:-1]])
    count = per_nb[joiner_neighbourhood]
    pick = start[joiner_neighbourhood] + (rng.random(len(joiner_neighbourhood))
                                          * count).astype(np.int64)
    chosen = np.full(len(joiner_neighbourhood), -1, dtype=np.int32)
    has = count > 0
    chosen[has] = live[pick[has]]
    return chosen
