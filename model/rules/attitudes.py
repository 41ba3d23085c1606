"""Trust in the municipality and sense of belonging drift toward what residents experience."""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters


def trust_target(
    base: np.ndarray, met_share: np.ndarray, in_need: np.ndarray, trust_lever: np.ndarray,
    pressure: np.ndarray, volatility: np.ndarray, proximity: np.ndarray, p: Parameters,
) -> np.ndarray:
    """Needs met, professionals nearby and trust given raise it; pressure and policy churn
    lower it. Levers at 0.5 and the local scale are the neutral reference."""
    reference_proximity = p.scale_proximity["local"]
    return np.clip(
        base
        + p.trust_met_effect * (met_share - 0.5) * in_need
        + p.trust_lever_effect * (trust_lever - 0.5)
        + p.trust_proximity_effect * (proximity - reference_proximity)
        - p.trust_pressure_effect * pressure
        - p.trust_volatility_effect * volatility,
        0.0, 1.0)


def update_trust(trust: np.ndarray, target: np.ndarray, proximity: np.ndarray,
                 p: Parameters) -> np.ndarray:
    """Trust moves slower where professionals are far away."""
    return np.clip(trust + p.trust_rate * proximity * (target - trust), 0.0, 1.0)


def update_belonging(
    belonging: np.ndarray, base: np.ndarray, belonging_lever: np.ndarray,
    active_share: np.ndarray, p: Parameters,
) -> np.ndarray:
    """Belonging drifts up with the belonging lever and with active ties."""
    target = np.clip(base + p.belonging_lever_effect * (belonging_lever - 0.5)
                     + p.belonging_social_effect
                     * (active_share - p.belonging_social_reference), 0.0, 1.0)
    return np.clip(belonging + p.belonging_rate * (target - belonging), 0.0, 1.0)
