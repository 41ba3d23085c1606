"""The municipalities' levers as the weekly rules see them.

Levers are set per municipality (`municipalities x levers`, columns indexed by `Lever`);
`neighbourhood_levers` spreads them over neighbourhoods (aiming connect and belonging at
weak neighbourhoods when the policy says so), and `LeverTerms` holds the terms of the
weekly rules that depend on levers only, computed once per lever change instead of every
week.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.columns import Blocks
from model.levers import LEVERS, Lever
from model.parameters import Parameters
from model.population import Layout
from model.rules import attitudes, motivation, participation
from model.scenario import MunicipalityConfig, Scenario


def starting_levers(config: Scenario) -> np.ndarray:
    """Each municipality's levers in place before the run (the spin-up runs under them):
    its own values, else the scenario's. The schedule's year-0 entries are changes made at
    week 0, after the spin-up (docs/model.md#start)."""
    return np.array([[_municipal_lever(config, m, lever) for lever in LEVERS]
                     for m in config.region.municipalities])


def _municipal_lever(config: Scenario, municipality: MunicipalityConfig, lever: str) -> float:
    own = municipality.levers.values() if municipality.levers else {}
    return float(own.get(lever, getattr(config.levers, lever)))


def neighbourhood_levers(levers: np.ndarray, layout: Layout, aim: str,
                         p: Parameters) -> np.ndarray:
    """Levers per neighbourhood (`neighbourhoods x levers`): their municipality's, with
    connect and belonging aimed at below-median-SES neighbourhoods under
    `policy.aim: weak_neighbourhoods`."""
    lev = levers[layout.neighbourhood_municipality].copy()
    if aim == "weak_neighbourhoods":
        ses = layout.neighbourhood_ses
        weak = ses < np.median(ses)
        for lever in (Lever.CONNECT, Lever.BELONGING):
            lev[:, lever] = np.where(weak, np.minimum(1.0, p.aim_weak_factor * lev[:, lever]),
                                     p.aim_strong_factor * lev[:, lever])
    return lev


@dataclass(frozen=True)
class LeverTerms:
    """Lever-only terms of the weekly rules. Per neighbourhood where the rules spread them
    over subsets of residents, per resident where every resident needs one (a power over
    100,000 residents costs as much as a whole rule)."""

    cap_factor: np.ndarray  # per neighbourhood: helpers' usable share of spare hours
    paperwork_free: np.ndarray  # per neighbourhood: share of initiative time not paperwork
    room_drive: np.ndarray  # per resident: room_factor of room to act
    lever_push: np.ndarray  # per resident: what pressure and connect add to the drive
    room_lift: np.ndarray  # per resident: motivation's target lift by room to act
    crowded_out: np.ndarray  # per resident: weekly crowding out by pressure
    belonging_anchor: np.ndarray  # per resident: what belonging drifts to, before ties

    @classmethod
    def of(cls, neighbourhood: np.ndarray, resident: np.ndarray, blocks: Blocks,
           base_belonging: np.ndarray, p: Parameters) -> LeverTerms:
        """From levers per neighbourhood (`neighbourhoods x levers`) and per resident
        (`levers x residents`), and each resident's starting belonging."""
        return cls(
            cap_factor=p.helper_overstretch
            * (1.0 - p.boundaries_cap * neighbourhood[:, Lever.BOUNDARIES]),
            paperwork_free=1.0 - p.initiative_paperwork * (1.0 - neighbourhood[:, Lever.TRUST]),
            room_drive=participation.room_factor(resident[Lever.ROOM_TO_ACT], p),
            lever_push=participation.lever_push(resident[Lever.STEERING_PRESSURE],
                                                resident[Lever.CONNECT], p),
            room_lift=motivation.room_lift(resident[Lever.ROOM_TO_ACT], p),
            crowded_out=motivation.crowding(resident[Lever.ROOM_TO_ACT],
                                            resident[Lever.STEERING_PRESSURE], p),
            belonging_anchor=attitudes.belonging_anchor(
                base_belonging, resident[Lever.BELONGING], p),
        )


__all__ = ["LeverTerms", "neighbourhood_levers", "starting_levers"]
