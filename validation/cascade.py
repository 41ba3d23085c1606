"""Validation experiments on the real model: Granovetter's threshold cascade.

The cascade check switches every mechanism but the threshold rule off through ordinary
scenario fields (`mechanisms:`, `network: complete` and the drive weights under
`parameters:`), so it exercises the same `ParticipationModel` every scenario runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model import NONE, WEEKS_PER_YEAR, ParticipationModel

MAX_CASCADE_RESIDENTS = 5000


def cascade_scenario(residents: int, seed: int = 0) -> dict[str, Any]:
    """A scenario with only the threshold rule: one neighbourhood of `residents` people aged
    15+, everyone tied to everyone, and a drive that is the share of active ties alone."""
    off = ("needs", "help", "motivation", "strain", "trust_belonging", "initiatives",
           "municipality", "drive_noise")
    return {
        "name": "threshold_cascade",
        "description": {"nl": "Granovetter's drempelmodel", "en": "Granovetter's threshold model"},
        "seed": seed,
        "horizon_years": -(-(residents + 2) // WEEKS_PER_YEAR),
        "network": "complete",
        "region": {"name": "cascade", "municipalities": [{
            "name": "cascade",
            "neighbourhoods": [{"name": "all", "inhabitants": residents, "share_15_plus": 1.0}],
        }]},
        "levers": {"steering_pressure": 0.0},
        "mechanisms": {**{name: False for name in off}, "social_influence": True},
        "parameters": {"weight_social": 1.0, "weight_motivation": 0.0,
                       "weight_belonging": 0.0, "weight_pressure": 0.0},
    }


def threshold_cascade(thresholds: Any, rng: int | np.random.Generator | None = None) -> int:
    """Participants at equilibrium when resident i takes part once the share of the others
    taking part reaches `thresholds[i]` (fractions of the population, 0..1).

    Granovetter (1978): thresholds 0, 1, ..., 99 of 100 give 100; with the threshold-1
    resident at 2 instead, only the instigator takes part.
    """
    values = np.asarray(thresholds, dtype=float)
    if values.ndim != 1 or not 1 <= len(values) <= MAX_CASCADE_RESIDENTS:
        raise ValueError(f"thresholds must be a flat list of 1 to {MAX_CASCADE_RESIDENTS} "
                         f"values, got shape {values.shape}")
    if not np.all(np.isfinite(values)) or values.min() < 0.0 or values.max() > 1.0:
        raise ValueError("thresholds must be fractions of the population between 0 and 1")
    model = ParticipationModel(cascade_scenario(len(values)), rng=rng)
    residents = model.residents
    residents.threshold = values.copy()
    residents.role[:] = NONE  # nobody takes part before the first round
    for _ in range(len(values) + 1):
        before = residents.role.copy()
        model.step()
        if np.array_equal(before, residents.role):
            break
    return int(residents.active.sum())
