"""The strain phase of a week: load against sustainable hours, burnout and recovery.

Reads `role`, `hours_available`, `burnout_weeks`; writes `strain`, `role`, `burnout_weeks`,
`year_burned_out`, `initiative`, `motivation` and `trust` (docs/model.md#week). The
formulas are in `model/rules/strain.py`.
"""

from __future__ import annotations

import numpy as np

from model.columns import Blocks, where_true
from model.parameters import Parameters
from model.population import BURNED_OUT, NONE, Residents
from model.rules import strain


def strain_week(r: Residents, effort: np.ndarray, support: np.ndarray,
                boundaries: np.ndarray, blocks: Blocks, p: Parameters, building: bool) -> None:
    """Burned-out residents recover; unless `building` is off, the active build strain from
    this week's `effort` against the hours they can sustain (relieved by the teams'
    `support` and by `boundaries`, per neighbourhood) and may burn out."""
    recovering = np.flatnonzero(r.role == BURNED_OUT)
    r.burnout_weeks[recovering] -= 1
    recovered = recovering[r.burnout_weeks[recovering] <= 0]
    r.role[recovered] = NONE
    r.strain[recovered] = 0.0
    if not building:
        return
    active = r.active
    load = where_true(active, effort)
    sustainable = r.hours_available * blocks.spread(strain.relief(support, boundaries, p))
    r.strain = strain.update(r.strain, load, sustainable, p)
    out = np.flatnonzero(strain.burning_out(r.strain, p) & active)
    r.role[out] = BURNED_OUT
    r.year_burned_out[out] = True
    r.burnout_weeks[out] = p.burnout_weeks
    r.initiative[out] = -1
    r.motivation[out] *= 1.0 - p.burnout_motivation_loss
    r.trust[out] = np.maximum(0.0, r.trust[out] - p.burnout_trust_loss)


__all__ = ["strain_week"]
