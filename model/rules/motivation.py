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
    """The share of the motivation target that steering pressure crowds out: more
    pressure, less room to act ((1 - room) to a power: room shields motivation), at most
    `crowd_out_depth`. Bounded, as the effect of controlling rewards on intrinsic
    motivation is in the meta-analyses (docs/model.md#magnitudes). A lever term."""
    return p.crowd_out_depth * pressure * (1.0 - room_to_act) ** p.crowd_out_room_power


def target(baseline: np.ndarray, lift: np.ndarray, trust: np.ndarray,
           p: Parameters) -> np.ndarray:
    """The level motivation drifts to: crowded in by room to act (`lift`, from
    `room_lift`) and by trust."""
    return np.clip(baseline * (lift + p.motivation_trust_effect * (trust - 0.5)), 0.0, 1.0)


def update(
    motivation: np.ndarray, baseline: np.ndarray, trust: np.ndarray, lift: np.ndarray,
    crowded_out: np.ndarray, p: Parameters,
) -> np.ndarray:
    """One week of drift toward the target, lowered by steering pressure (`crowded_out`,
    from `crowding`): down at `motivation_decline`, back up at the slower
    `motivation_recovery` (hysteresis). The lever terms change only with the levers, so the
    model keeps them instead of recomputing them every week."""
    gap = target(baseline, lift, trust, p) * (1.0 - crowded_out) - motivation
    rate = pick(gap > 0.0, p.motivation_recovery, p.motivation_decline)
    return np.clip(motivation + rate * gap, 0.0, 1.0)
