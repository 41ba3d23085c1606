"""The municipality's planning: money, staff, the access threshold and the learning rule.

Teams and money are organised at the scenario's scale (docs/model.md#scale): per neighbourhood,
municipality, group of municipalities or region. Each array here has one entry per team
unless said otherwise.
"""

from __future__ import annotations

import numpy as np

from model.levers import BOUNDARIES, CONNECT, STEERING_PRESSURE, TRUST
from model.parameters import Parameters

# The outputs the learning rule monitors, quarter on quarter (names of model outputs).
MONITORED = ("unmet_share", "overburdened_share", "participation", "mean_trust")


def staff_fte(budget: np.ndarray, committed: np.ndarray, overhead: float,
              p: Parameters) -> np.ndarray:
    """FTE a team can pay for after levers, subsidies and expected crisis care."""
    return np.maximum(0.0, budget - committed) / (p.fte_cost * (1.0 + overhead))


def admin_share(trust_lever: np.ndarray, p: Parameters) -> np.ndarray:
    """Share of professional hours lost to accountability; trust lowers it."""
    return p.admin_share_base * (1.0 - p.admin_trust_relief * trust_lever)


def team_hours(fte: np.ndarray, admin: np.ndarray, network_share: float,
               p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Weekly hours for direct care and for network work (near professionalism)."""
    productive = fte * p.fte_hours * (1.0 - admin)
    return productive * (1.0 - network_share), productive * network_share


def adjust_access(
    threshold: np.ndarray, waiting_share: np.ndarray, idle_share: np.ndarray,
    overspent: np.ndarray, ceiling: np.ndarray | float, p: Parameters,
    step: float | None = None,
) -> np.ndarray:
    """Quarterly: stricter when the queue for the team's hours is long or money runs out,
    looser when capacity sits idle; never stricter than `ceiling` (entitlements bound how
    far access can be narrowed, `access_ceiling`)."""
    stricter = (waiting_share > p.waiting_tolerance) | overspent
    looser = ~stricter & (idle_share > p.idle_tolerance)
    step = p.access_threshold_step if step is None else step
    updated = threshold + step * stricter - step * looser
    return np.clip(updated, p.access_threshold_min, np.maximum(ceiling, p.access_threshold_min))


def access_ceiling(threshold: np.ndarray, p: Parameters) -> np.ndarray:
    """The strictest access a team may set during the run: `access_tightening_limit` above
    its threshold at week 0, and never above `access_threshold_max`."""
    return np.minimum(threshold + p.access_tightening_limit, p.access_threshold_max)


def learn(levers: dict[str, float], change: dict[str, float], p: Parameters) -> dict[str, float]:
    """Knob 5, capacity to learn: nudge levers from the quarter's monitored changes.

    `change` holds the quarter-on-quarter change of each `MONITORED` output: unmet share,
    overload share, participation and mean trust. Unmet need rising: connect more.
    Overload rising: more boundaries. Participation falling under pressure: ease the
    pressure. Trust falling: give more trust.
    """
    step = p.learning_step
    out = dict(levers)
    if change["unmet_share"] > 0:
        out[CONNECT] = levers[CONNECT] + step
    if change["overburdened_share"] > 0:
        out[BOUNDARIES] = levers[BOUNDARIES] + step
    if change["participation"] < 0 and levers[STEERING_PRESSURE] > 0:
        out[STEERING_PRESSURE] = levers[STEERING_PRESSURE] - step
    if change["mean_trust"] < 0:
        out[TRUST] = levers[TRUST] + step
    return {k: float(np.clip(v, 0.0, 1.0)) for k, v in out.items()}
