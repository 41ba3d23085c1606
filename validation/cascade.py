"""Granovetter's threshold cascade on the real model, and the stylized fact built on it.

The cascade check switches every mechanism but the threshold rule off through ordinary
scenario fields (`mechanisms:`, `network: complete` and the drive weights under
`parameters:`), so it exercises the same `ParticipationModel` every scenario runs.
`threshold_cascade_sweep` and `check_threshold_cascade` make it a stylized fact: normal
thresholds flip from a handful of participants to nearly everyone as their spread grows.

Granovetter (1978, "Threshold models of collective behavior", American Journal of Sociology
83(6): 1420-1443) gives each person's threshold as a proportion of the *group*: resident i
joins once k of the N residents take part and t_i <= k/N. `exact_cascade` is that rule
itself, a few lines of integer counting. The model computes k/N through the complete
network: there a share of ties is taken over the whole group, N, not over the N - 1 others
(`share_of_group` in model/network.py; only `network: complete` sets it, so every scenario
on the neighbourhood network is unchanged). That is the model's own drive, not a rescaling
of the thresholds here, so `threshold_cascade` equals `exact_cascade` by construction and
the tests check it does. A resident who takes part sees only the k - 1 others, but the
cascade only grows, so it has reached its threshold already (it joined at fewer).

Thresholds are floats: one meant as exactly j/N (0.29 computed as 29 * 0.01, say) can land
an ulp above j/N and would then wait for one more. Both functions therefore treat a
threshold within `SAME_SHARE` of a share j/N as that share: `exact_cascade` by its tolerance,
`threshold_cascade` by setting it to j/N, the very float the model's drive takes when j
residents are active.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from model import NONE, STEERING_PRESSURE, WEEKS_PER_YEAR, ParticipationModel
from validation.facts import CLAIMS, Check, Verdict

MAX_CASCADE_RESIDENTS = 5000
SAME_SHARE = 1e-9  # thresholds this close to a share j/N count as j/N
CASCADE_DRAWS = 60
SPREADS = tuple(round(0.01 * i, 2) for i in range(26))


def cascade_scenario(residents: int, seed: int = 0) -> dict[str, Any]:
    """A scenario with only the threshold rule: one neighbourhood of `residents` people aged
    15+, everyone tied to everyone, and a drive that is the share of active ties alone (over
    the whole group, k/N, on the complete network)."""
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
        "levers": {STEERING_PRESSURE: 0.0},
        "mechanisms": {**{name: False for name in off}, "social_influence": True},
        # No spin-up: the check sets the thresholds and starts from nobody taking part.
        "parameters": {"weight_social": 1.0, "weight_motivation": 0.0,
                       "weight_belonging": 0.0, "weight_pressure": 0.0,
                       "weight_connect": 0.0, "spinup_years": 0},
    }


def exact_cascade(thresholds: Any) -> int:
    """Granovetter's (1978) cascade computed directly: with thresholds t_i as fractions of
    the group of N, start with k = 0 taking part and repeat k <- #{i : t_i <= k/N} until k
    stops changing; the equilibrium number taking part.

    k only grows (a larger k lets in everyone a smaller one did), so this stops within N
    rounds. A threshold within `SAME_SHARE` of k/N counts as reached.
    """
    values = np.asarray(thresholds, dtype=float)
    n, k = len(values), 0
    while True:
        joined = int(np.count_nonzero(values <= k / n + SAME_SHARE))
        if joined == k:
            return k
        k = joined


def on_shares(thresholds: np.ndarray) -> np.ndarray:
    """The thresholds, with those within `SAME_SHARE` of a share j/N set to exactly j/N."""
    n = len(thresholds)
    share = np.rint(thresholds * n) / n
    return np.where(np.abs(thresholds - share) <= SAME_SHARE, share, thresholds)


def threshold_cascade(thresholds: Any, rng: int | np.random.Generator | None = None) -> int:
    """Participants at equilibrium when resident i takes part once the share of the group
    taking part reaches `thresholds[i]` (fractions of the population, 0..1), run on the
    full model; equals `exact_cascade(thresholds)`.

    Granovetter (1978): thresholds 0, 1, ..., 99 of 100 give 100; with the threshold-1
    resident at 2 instead, only the instigator takes part. A threshold of 1 is never
    reached: nobody sees the whole group, themselves included, take part before joining.
    """
    values = np.asarray(thresholds, dtype=float)
    if values.ndim != 1 or not 1 <= len(values) <= MAX_CASCADE_RESIDENTS:
        raise ValueError(f"thresholds must be a flat list of 1 to {MAX_CASCADE_RESIDENTS} "
                         f"values, got shape {values.shape}")
    if not np.all(np.isfinite(values)) or values.min() < 0.0 or values.max() > 1.0:
        raise ValueError("thresholds must be fractions of the population between 0 and 1")
    model = ParticipationModel(cascade_scenario(len(values)), rng=rng)
    residents = model.residents
    residents.threshold = on_shares(values)
    residents.role[:] = NONE  # nobody takes part before the first round
    for _ in range(len(values) + 1):
        before = residents.role.copy()
        model.step()
        if np.array_equal(before, residents.role):
            break
    return int(residents.active.sum())


# --------------------------------------------------------------------------------------------
# The stylized fact: normal thresholds flip from a handful to nearly everyone


def uniform_cascades(residents: int = 100) -> dict[str, int]:
    """Granovetter's two uniform examples on the full model: thresholds 0, 1/100, ..., 99/100
    give everyone; with the threshold-1 resident at 2 only the instigator takes part."""
    uniform = np.arange(residents) / residents
    broken = uniform.copy()
    broken[1] = 2 / residents
    return {"uniform": threshold_cascade(uniform, rng=0),
            "threshold_1_moved_to_2": threshold_cascade(broken, rng=0)}


def threshold_cascade_sweep(spreads: Sequence[float] = SPREADS, draws: int = CASCADE_DRAWS,
                            mean: float = 0.25, residents: int = 100,
                            seed: int = 1978) -> pd.DataFrame:
    """Participants at equilibrium for normal thresholds (clipped to 0..1) of `residents`
    people, by spread; one row per spread and draw.

    Draw d uses the same standard normal numbers at every spread (thresholds = mean +
    spread * z_d), so the sweep shows each population's tipping point. Sixty draws a spread
    estimate the share of draws that cascade to within about six percentage points.
    """
    z = np.random.default_rng(seed).standard_normal((draws, residents))
    rows = []
    for spread in spreads:
        for draw in range(draws):
            thresholds = np.clip(mean + spread * z[draw], 0.0, 1.0)
            rows.append({"spread": float(spread), "draw": draw,
                         "participants": threshold_cascade(thresholds, rng=seed)})
    return pd.DataFrame(rows)


def check_threshold_cascade(frame: pd.DataFrame, residents: int = 100) -> Verdict:
    """A handful (median at most 5% of residents) for spreads up to 0.08, nearly everyone
    (median at least 90%) for spreads from 0.18, and the spread at which half the draws
    cascade to 90% or more between 0.10 and 0.15."""
    by_spread = frame.groupby("spread")["participants"]
    median = by_spread.median() / residents
    full = by_spread.apply(lambda x: float((x >= 0.9 * residents).mean()))
    small = median[median.index <= 0.08 + 1e-9]
    large = median[median.index >= 0.18 - 1e-9]
    crossing = full[full >= 0.5]
    critical = float(crossing.index.min()) if len(crossing) else math.nan
    return Verdict("threshold_cascade", CLAIMS["threshold_cascade"], checks=(
        Check("largest median share of participants, spreads 0-0.08",
              f"{small.max():.0%}", "at most 5%", bool(small.max() <= 0.05)),
        Check("smallest median share of participants, spreads 0.18-0.25",
              f"{large.min():.0%}", "at least 90%", bool(large.min() >= 0.90)),
        Check("smallest spread at which half the draws reach 90% participation",
              f"{critical:.2f}", "between 0.10 and 0.15",
              bool(0.10 - 1e-9 <= critical <= 0.15 + 1e-9)),
    ))
