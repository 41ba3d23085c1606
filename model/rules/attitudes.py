"""Trust in the municipality and sense of belonging drift toward what residents experience."""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters


def trust_anchor(
    base: np.ndarray, trust_lever: np.ndarray, pressure: np.ndarray, volatility: np.ndarray,
    proximity: np.ndarray | float, p: Parameters,
) -> np.ndarray:
    """What trust drifts to before residents' own experience with their needs: professionals
    nearby and trust given raise it; pressure and policy churn lower it. Levers at 0.5 and
    the local scale are the neutral reference. Every term is the same for a whole
    neighbourhood, so the model computes this per neighbourhood."""
    reference_proximity = p.scale_proximity["local"]
    return (base + p.trust_lever_effect * (trust_lever - 0.5)
            + p.trust_proximity_effect * (proximity - reference_proximity)
            - p.trust_pressure_effect * pressure
            - p.trust_volatility_effect * volatility)


def trust_target(anchor: np.ndarray, met_share: np.ndarray, in_need: np.ndarray,
                 p: Parameters) -> np.ndarray:
    """The anchor, raised for residents whose needs were met and lowered where they were
    not (only for residents with a need)."""
    return np.clip(anchor + p.trust_met_effect * (met_share - 0.5) * in_need, 0.0, 1.0)


def update_trust(trust: np.ndarray, target: np.ndarray, proximity: np.ndarray | float,
                 p: Parameters) -> np.ndarray:
    """Trust moves slower where professionals are far away."""
    return np.clip(trust + p.trust_rate * proximity * (target - trust), 0.0, 1.0)


def belonging_anchor(base: np.ndarray, belonging_lever: np.ndarray,
                     p: Parameters) -> np.ndarray:
    """What belonging drifts to when a resident's share of active ties is at the reference:
    the resident's own starting belonging (`base`), moved by the belonging lever."""
    return (base + p.belonging_lever_effect * (belonging_lever - 0.5)
            - p.belonging_social_effect * p.belonging_social_reference)


def update_belonging(belonging: np.ndarray, anchor: np.ndarray, active_share: np.ndarray,
                     p: Parameters) -> np.ndarray:
    """Belonging drifts up with the belonging lever and with active ties."""
    target = np.clip(anchor + p.belonging_social_effect * active_share, 0.0, 1.0)
    return np.clip(belonging + p.belonging_rate * (target - belonging), 0.0, 1.0)
