"""Participation: a resident is active while the drive to help reaches their threshold.

The drive adds intrinsic motivation (scaled by room to act), social influence (the share of
active ties, Granovetter 1978), belonging and the extrinsic push of steering pressure.
"""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters
from model.population import BURNED_OUT, HELPER, NONE, VOLUNTEER


def room_factor(room_to_act: np.ndarray, p: Parameters) -> np.ndarray:
    """How much of their motivation residents can act on: `room_floor` without room."""
    return p.room_floor + (1.0 - p.room_floor) * room_to_act


def pressure_push(pressure: np.ndarray, p: Parameters) -> np.ndarray:
    """The part of steering pressure that adds to the drive (capped)."""
    return np.minimum(pressure, p.pressure_push_limit)


def lever_push(pressure: np.ndarray, connect: np.ndarray | float, p: Parameters) -> np.ndarray:
    """What levers add to the drive directly: the capped push of steering pressure, and
    being asked (connect above 0.5 raises it, below lowers it)."""
    return (p.weight_pressure * pressure_push(pressure, p)
            + p.weight_connect * (np.asarray(connect) - 0.5))


def drive(
    motivation: np.ndarray, room_to_act: np.ndarray, active_share: np.ndarray,
    belonging: np.ndarray, pressure: np.ndarray, p: Parameters,
    connect: np.ndarray | float = 0.5,
) -> np.ndarray:
    """The pull toward taking part, on the same 0..1 scale as thresholds, from the levers.

    Steering pressure pushes only up to `pressure_push_limit`: beyond a moderate level, more
    pressure adds no compliance, while it keeps crowding out motivation (Frey & Jegen 2001:
    the price effect against the crowding-out effect). Being connected adds the pull of
    being asked (`weight_connect`).
    """
    return drive_of_factors(motivation, room_factor(room_to_act, p), active_share, belonging,
                            lever_push(pressure, connect, p), p)


def drive_of_factors(
    motivation: np.ndarray, room: np.ndarray, active_share: np.ndarray,
    belonging: np.ndarray, push: np.ndarray, p: Parameters,
) -> np.ndarray:
    """`drive`, given `room = room_factor(room_to_act)` and `push = lever_push(...)` (the
    model keeps them per lever change)."""
    return (p.weight_motivation * motivation * room + p.weight_social * active_share
            + p.weight_belonging * belonging + push)


def next_shock(shock: np.ndarray, p: Parameters, rng: np.random.Generator) -> np.ndarray:
    """One week of the drive noise: an AR(1) process with standard deviation `drive_noise`,
    so moods and life events last for spells instead of flipping every week."""
    rho = p.drive_noise_persistence
    # The same numbers as `rho * shock + sqrt(1 - rho^2) * rng.normal(0, drive_noise, n)`
    # (Generator.normal is 0 + scale * standard_normal), computed in place: the draw is the
    # costliest line of a week.
    noise = rng.standard_normal(len(shock))
    noise *= p.drive_noise
    noise *= np.sqrt(1.0 - rho * rho)
    noise += rho * shock
    return noise


def choosing(role: np.ndarray, active_now: np.ndarray, review_draw: np.ndarray,
             p: Parameters) -> np.ndarray:
    """Who chooses a role this week: residents who start taking part, and active helpers
    and volunteers who reconsider theirs (`role_review_rate`: caring ends with the need it
    answered, volunteers move on)."""
    reviewing = ((role == HELPER) | (role == VOLUNTEER)) & (review_draw < p.role_review_rate)
    return active_now & ((role == NONE) | reviewing)


def next_roles(
    role: np.ndarray, active_now: np.ndarray, tie_in_need: np.ndarray, carer_pull: float,
    volunteer_chance: np.ndarray, initiative_nearby: np.ndarray, rng: np.random.Generator,
    choose: np.ndarray | None = None,
) -> np.ndarray:
    """Roles for next week: who keeps, takes up or drops a role.

    Active residents keep their role unless they are among `choose` (by default those who
    start taking part; see `choosing`). A resident who chooses becomes an informal helper
    of a tie in need with chance `carer_pull`; otherwise they join an initiative nearby
    with `volunteer_chance`, else help informally through matching. Inactive residents
    drop their role; burned-out residents are left alone (they recover in the strain rule).
    """
    n = len(role)
    # Inactive residents drop their role (NONE is 0); burned-out residents keep theirs.
    new_role = role * (active_now | (role == BURNED_OUT))
    if choose is None:
        choose = active_now & (role == NONE)
    starting = np.flatnonzero(choose)
    carer_draw, join_draw = rng.random(n)[starting], rng.random(n)[starting]
    carer = tie_in_need[starting] & (carer_draw < carer_pull)
    joins = ~carer & initiative_nearby[starting] & (join_draw < volunteer_chance[starting])
    new_role[starting] = np.where(joins, VOLUNTEER, HELPER)
    return new_role


def volunteer_chance(ses: np.ndarray, p: Parameters) -> np.ndarray:
    """Chance that a newly active resident joins an initiative, higher with SES."""
    return np.clip(p.volunteer_propensity + p.volunteer_ses_effect * (ses - 0.5), 0.0, 1.0)
