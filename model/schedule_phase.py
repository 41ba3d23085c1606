"""A schedule entry's changes beyond the levers and the domains, made at the start of its
year: policy choices (knobs 3-5), an incident that costs trust, a change in how often needs
arise. The budget's scheduled changes are read where the year's budget is set
(`model.budget.scheduled_change`). Each is exactly a no-op when the entry leaves it out,
so scenarios without them give the outputs they always gave."""

from __future__ import annotations

import dataclasses

import numpy as np

from model.parameters import Parameters
from model.scenario import Policy, ScheduleEntry


def apply(model, entry: ScheduleEntry) -> bool:  # a ParticipationModel
    """Make the entry's policy, trust and need changes in `model`; True when the policy
    changed (the levers' spread then needs recomputing)."""
    policy = changed_policy(model.config.policy, entry)
    if policy is not None:
        model.config = model.config.model_copy(update={"policy": policy})
        model.help_setting = dataclasses.replace(
            model.help_setting, intake_extra=intake_extra(policy, model.params))
    model.residents.trust = shocked_trust(model.residents.trust, entry)
    model.need_hazard = changed_hazard(model.need_hazard, entry)
    return policy is not None


def changed_policy(policy: Policy, entry: ScheduleEntry) -> Policy | None:
    """The policy after the entry's policy changes, or None when it changes none."""
    changes = entry.policy.values() if entry.policy else {}
    return policy.model_copy(update=changes) if changes else None


def intake_extra(policy: Policy, p: Parameters) -> float:
    """Extra team hours of a second intake: none with one team across the domains."""
    return 0.0 if policy.integrated_teams else p.multi_domain_intake_extra


def shocked_trust(trust: np.ndarray, entry: ScheduleEntry) -> np.ndarray:
    """Every resident's trust after the entry's incident (unchanged without one)."""
    if not entry.trust_shock:
        return trust
    return np.maximum(0.0, trust - entry.trust_shock)


def changed_hazard(hazard: np.ndarray, entry: ScheduleEntry) -> np.ndarray:
    """The weekly chance of a new need after the entry's change (unchanged without one)."""
    if not entry.need_change:
        return hazard
    return np.minimum(1.0, hazard * (1.0 + entry.need_change))
