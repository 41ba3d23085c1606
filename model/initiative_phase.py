"""The initiatives phase of a week: small initiatives may dissolve, new ones form.

Reads `initiative`, `neighbourhood`, `belonging`; writes `initiative`, `role` and the
initiatives' columns (docs/model.md#week). The formulas are in `model/rules/initiatives.py`.
"""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters
from model.population import HELPER, Residents
from model.rules import initiatives


def initiative_week(r: Residents, inits: initiatives.Initiatives, week: int,
                    neighbourhood_residents: np.ndarray, room_to_act: np.ndarray,
                    mean_belonging: np.ndarray, p: Parameters,
                    rng: np.random.Generator) -> None:
    """Initiatives dissolve (their members join another one nearby if there is one, else
    help informally) and form, per neighbourhood, from room to act and belonging."""
    count = initiatives.members(r.initiative, len(inits))
    folding = initiatives.dissolving(inits.alive, count, p, rng)
    if folding.any():
        inits.alive[folding] = False
        orphans = np.flatnonzero((r.initiative >= 0) & folding[np.maximum(r.initiative, 0)])
        moved = initiatives.choose(r.neighbourhood[orphans], inits,
                                   len(neighbourhood_residents), rng)
        r.initiative[orphans] = moved
        r.role[orphans[moved < 0]] = HELPER
    founded = initiatives.forming(neighbourhood_residents, room_to_act, mean_belonging, p, rng)
    if len(founded):
        inits.add(founded, week)


__all__ = ["initiative_week"]
