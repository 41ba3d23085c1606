"""Intrinsic motivation: crowded out by pressure without room to act, slow to come back.

Erosion is faster than recovery, so pressure leaves a trace after it is lifted
(hysteresis; Frey & Jegen 2001, Gneezy & Rustichini 2000).
"""

from __future__ import annotations

import numpy as np

from model.columns import pick
from model.parameters import Parameters


def room_lift(room_to_act: np.ndarray, p: Parameters) -> np.ndarray:
    """How room to act raises the motivation target (1 at room 0.5): a lever term."""
    return 1.0 + p.motivation_room_effect * (room_to_act - 0.5)


def crowding(room_to_act: np.ndarray, pressure: np.ndarray, p: Parameters) -> np.ndarray:
    """The weekly share of motivation that steering pressure crowds out: more pressure,
    less room to act ((1 - room) to a power: room shields motivation). A lever term."""
    return p.crowd_out_rate * pressure * (1.0 - room_to_act) ** p.crowd_out_room_power


def target(baseline: np.ndarray, lift: np.ndarray, trust: np.ndarray,
           p: Parameters) -> np.ndarray:
    """The level motivation drifts to: crowded in by room to act (`lift`, from
    `room_lift`) and by trust."""
    return np.clip(baseline * (lift + p.motivation_trust_effect * (trust - 0.5)), 0.0, 1.0)


def update(
    motivation: np.ndarray, baseline: np.ndarray, trust: np.ndarray, lift: np.ndarray,
    crowded_out: np.ndarray, p: Parameters,
) -> np.ndarray:
    """One week of drift toward the target, minus crowding out by steering pressure
    (`crowded_out`, from `crowding`). The lever terms change only with the levers, so the
    model keeps them instead of recomputing them every week."""
    gap = target(baseline, lift, trust, p) - motivation
    rate = pick(gap > 0.0, p.motivation_recovery, p.motivation_decline)
    return np.clip(motivation + rate * gap - crowded_out * motivation, 0.0, 1.0)
