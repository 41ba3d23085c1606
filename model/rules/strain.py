"""Strain: load above what a helper can sustain builds up; past a limit it is burnout."""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters


def relief(support: np.ndarray, boundaries: np.ndarray | float, p: Parameters) -> np.ndarray:
    """How much more a helper can keep up than their spare hours (sustainable hours are
    spare hours times this): raised by professional support (0..1) and by boundaries
    (0..1), since clear limits make the same hours lighter to carry. The same for a whole
    neighbourhood."""
    return 1.0 + p.support_strain_relief * support + p.boundaries_strain_relief * boundaries


def update(strain: np.ndarray, load: np.ndarray, sustainable: np.ndarray,
           p: Parameters) -> np.ndarray:
    """Strain decays every week and grows with relative overload."""
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = load / sustainable
    # Nothing sustainable: any load counts as double the limit.
    none = np.flatnonzero(~(sustainable > 0))
    relative[none] = np.where(load[none] > 0, 2.0, 0.0)
    overload = np.maximum(0.0, relative - 1.0)
    return strain * (1.0 - p.strain_recovery) + p.strain_gain * overload


def burning_out(strain: np.ndarray, p: Parameters) -> np.ndarray:
    """Who passes the burnout limit."""
    return strain >= p.burnout_strain
