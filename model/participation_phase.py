"""The participation phase of a week: who takes part, and in which role.

A resident is active while the drive reaches their threshold (`model/rules/participation.py`).
Only residents who start taking part choose a role: whether a tie of theirs is in need, and
their chance to join an initiative nearby, are looked up for them alone. Volunteers who
leave drop their initiative; joiners pick one in their neighbourhood, or help informally
when there is none.

Reads the resident columns `motivation`, `belonging`, `drive_shock`, `threshold`, `need`,
`ses`, `neighbourhood`, `role`; writes `role` and `initiative`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.columns import Blocks
from model.network import Network, TieCounter
from model.parameters import Parameters
from model.policy import LeverTerms
from model.population import BURNED_OUT, HELPER, VOLUNTEER, Residents
from model.rules import initiatives
from model.rules import participation as rules


@dataclass(frozen=True)
class ParticipationSetting:
    """What the phase needs besides the columns: fixed for a run."""

    network: Network
    active_ties: TieCounter
    blocks: Blocks  # residents by neighbourhood
    social_influence: bool  # the mechanisms that are on
    drive_noise: bool
    initiatives: bool


def participation_week(r: Residents, terms: LeverTerms, inits: initiatives.Initiatives,
                       setting: ParticipationSetting, p: Parameters,
                       rng: np.random.Generator) -> np.ndarray:
    """One week of the participation rule. Returns each resident's share of active ties at
    the start of the week (belonging responds to it too)."""
    n_neighbourhoods = len(setting.blocks.sizes)
    active_ties = setting.active_ties.update(r.active)
    if setting.social_influence:
        active_share = active_ties / setting.network.divisor
    else:
        active_share = np.zeros(len(r))
    d = rules.drive_of_factors(r.motivation, terms.room_drive, active_share, r.belonging,
                               terms.lever_push, p)
    if setting.drive_noise:
        d = d + r.drive_shock
    active_now = (d >= r.threshold) & (r.role != BURNED_OUT)
    choose = rules.choosing(r.role, active_now, rng.random(len(r)), p)
    starting = np.flatnonzero(choose)
    tie_in_need = np.zeros(len(r), dtype=bool)
    tie_in_need[starting] = setting.network.any_flagged(starting, r.need > 0.0)
    chance = np.zeros(len(r))
    chance[starting] = rules.volunteer_chance(r.ses[starting], p)
    nearby = np.zeros(len(r), dtype=bool)
    if setting.initiatives:
        nearby = setting.blocks.spread(inits.alive_per_neighbourhood(n_neighbourhoods) > 0)
    new_role = rules.next_roles(r.role, active_now, tie_in_need, p.carer_pull, chance,
                                nearby, rng, choose)
    leaving = np.flatnonzero((r.role == VOLUNTEER) & (new_role != VOLUNTEER))
    r.initiative[leaving] = -1
    joiners = np.flatnonzero((new_role == VOLUNTEER) & (r.role != VOLUNTEER))
    chosen = initiatives.choose(r.neighbourhood[joiners], inits, n_neighbourhoods, rng)
    r.initiative[joiners] = chosen
    new_role[joiners[chosen < 0]] = HELPER
    r.role = new_role
    return active_share


__all__ = ["ParticipationSetting", "participation_week"]
