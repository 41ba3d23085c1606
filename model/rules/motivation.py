"""Intrinsic motivation: crowded out by pressure without room to act, slow to come back.

Erosion is faster than recovery, so pressure leaves a trace after it is lifted
(hysteresis; Frey & Jegen 2001, Gneezy & Rustichini 2000).
"""

from __future__ import annotations

import numpy as np

from model.columns import pick
from model.parameters import Parameters


def target(baseline: np.ndarray, room_to_act: np.ndarray, trust: np.ndarray,
           p: Parameters) -> np.ndarray:
    """The level motivation drifts to: crowded in by room to act and by trust."""
    lift = 1.0 + p.motivation_room_effect * (room_to_act - 0.5) \
        + p.motivation_trust_effect * (trust - 0.5)
    return np.clip(baseline * lift, 0.0, 1.0)


def exposure(room_to_act: np.ndarray, p: Parameters) -> np.ndarray:
    """How exposed motivation is to pressure: (1 - room to act) to a power."""
    return (1.0 - room_to_act) ** p.crowd_out_room_power


def update(
    motivation: np.ndarray, baseline: np.ndarray, room_to_act: np.ndarray,
    trust: np.ndarray, pressure: np.ndarray, p: Parameters,
    exposed: np.ndarray | None = None,
) -> np.ndarray:
    """One week of drift toward the target, minus crowding out by steering pressure.
    `exposed` is `exposure(room_to_act)`, when the caller keeps it."""
    gap = target(baseline, room_to_act, trust, p) - motivation
    rate = pick(gap > 0.0, p.motivation_recovery, p.motivation_decline)
    exposed = exposure(room_to_act, p) if exposed is None else exposed  # room shields it
    crowding_out = p.crowd_out_rate * pressure * exposed * motivation
    return np.clip(motivation + rate * gap - crowding_out, 0.0, 1.0)
