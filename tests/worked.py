"""What the tests worked out by hand share: the parameter values their numbers use, pinned
in `BASE`, and small arrays and seeded generators to write them with. A test that needs
other values says so."""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters

# The values these tests were worked out with, pinned so that retuning a default does not
# break them (they were the defaults when the tests were written).
BASE: dict[str, object] = {
    "need_hazard_by_age": (0.0015, 0.0012, 0.0015, 0.0015, 0.002, 0.003, 0.008),
    "need_ses_gradient": 1.2, "escalation_rate": 0.01, "recovery_rate": 0.006,
    "spontaneous_resolution": 0.01, "resolution_severity": 0.05, "crisis_severity_after": 0.6,
    "crisis_rate": 0.0, "pressure_push_limit": 1.0, "crowd_out_room_power": 1.0,
    "short_need_share": 0.5, "short_need_resolution": 0.15,
    "drive_noise": 0.06, "drive_noise_persistence": 0.95, "initial_need_weeks": 65.0,
    "weight_motivation": 0.6, "weight_social": 0.3, "weight_belonging": 0.2,
    "weight_pressure": 0.2, "room_floor": 0.5, "volunteer_propensity": 0.55,
    "volunteer_ses_effect": 0.3, "crowd_out_depth": 0.3, "motivation_recovery": 0.004,
    "motivation_decline": 0.02, "motivation_room_effect": 0.3, "motivation_trust_effect": 0.2,
    "strain_gain": 0.15, "strain_recovery": 0.05, "burnout_strain": 1.0,
    "support_strain_relief": 0.5, "trust_rate": 0.01, "trust_met_effect": 0.3,
    "trust_lever_effect": 0.15, "trust_pressure_effect": 0.2, "trust_volatility_effect": 0.3,
    "trust_proximity_effect": 0.1, "scale_proximity": {"local": 0.85}, "belonging_rate": 0.005,
    "belonging_lever_effect": 0.2, "belonging_social_effect": 0.2,
    "initiative_formation_rate": 0.003, "initiative_min_members": 4,
    "initiative_dissolve_rate": 0.03, "fte_cost": 75000.0, "fte_hours": 36.0,
    "admin_share_base": 0.3, "admin_trust_relief": 0.5, "access_threshold_step": 0.03,
    "waiting_tolerance": 0.1, "access_threshold_min": 0.1, "access_threshold_max": 0.85,
    "learning_step": 0.05, "weight_connect": 0.0, "belonging_social_reference": 0.3,
    "initiative_end_rate": 0.0, "role_review_rate": 0.0, "intake_weeks": 0,
    "access_tightening_limit": 1.0, "helper_overstretch": 1.8,
}


def params(**changes: object) -> Parameters:
    return Parameters(**{**BASE, **changes})


P = params()
F, T = False, True


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)
