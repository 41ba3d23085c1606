"""Needs arise (hazard by age and SES), escalate when unmet, resolve with help."""

from __future__ import annotations

import numpy as np

from model.parameters import Parameters


def need_hazard(age_group: np.ndarray, ses: np.ndarray, p: Parameters) -> np.ndarray:
    """Weekly chance of a new need: by age, higher for lower SES."""
    base = np.asarray(p.need_hazard_by_age)[age_group]
    return np.clip(base * np.exp(p.need_ses_gradient * (0.5 - ses)), 0.0, 1.0)


def mean_need_weeks(p: Parameters) -> float:
    """Expected length of a new need: short episodes and long-term needs mixed."""
    short = p.short_need_share / max(p.short_need_resolution, 1e-9)
    return short + (1.0 - p.short_need_share) * p.initial_need_weeks


def initial_prevalence(age_group: np.ndarray, ses: np.ndarray, p: Parameters) -> np.ndarray:
    """Chance of having a need at the start: the steady state h*D / (1 + h*D) of hazard h
    and the mean length D of a new need (`mean_need_weeks`)."""
    expected = need_hazard(age_group, ses, p) * mean_need_weeks(p)
    return expected / (1.0 + expected)


def arise(
    need: np.ndarray, age_group: np.ndarray, ses: np.ndarray, p: Parameters,
    rng: np.random.Generator, chance: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which residents without a need get one this week (or at the start, with `chance`).

    Returns the indices of the new cases, their severity, their domain (0 care,
    1 youth & family, 2 work & income) and whether each spans two domains.
    """
    if chance is None:
        chance = need_hazard(age_group, ses, p)
    new = np.flatnonzero((rng.random(len(need)) < chance) & ~(need > 0.0))
    severity = np.clip(rng.beta(p.need_severity_a, p.need_severity_b, len(new)),
                       p.resolution_severity + 0.01, 1.0)
    age = age_group[new]
    care = rng.random(len(new)) < np.asarray(p.care_domain_share_by_age)[age]
    youth = rng.random(len(new)) < np.asarray(p.youth_share_of_rest_by_age)[age]
    domain = np.where(care, 0, np.where(youth, 1, 2)).astype(np.int8)
    multi = rng.random(len(new)) < p.multi_domain_share
    return new, severity, domain, multi


def end_chance(count: int, p: Parameters, rng: np.random.Generator,
               short_share: float | None = None) -> np.ndarray:
    """Weekly chance that each of `count` new needs ends by itself: a share are short
    episodes, the rest long-term needs."""
    share = p.short_need_share if short_share is None else short_share
    short = rng.random(count) < share
    return np.where(short, p.short_need_resolution, p.spontaneous_resolution)


def short_share_in_stock(p: Parameters) -> float:
    """Share of short episodes among needs present at a moment (they end sooner, so they
    are rarer in the stock than among new needs); used to start the model."""
    short = p.short_need_share / max(p.short_need_resolution, 1e-9)
    total = mean_need_weeks(p)
    return short / total if total > 0 else 0.0


def progress(
    need: np.ndarray, met_share: np.ndarray, p: Parameters, rng: np.random.Generator,
    ends_by_itself: np.ndarray | float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Severity moves with last week's help: down when met, up when unmet.

    A need that reaches severity 1, or tips over by chance (`crisis_rate` times severity
    squared times the unmet share: severe needs left alone tip over), is a crisis (crisis
    care stabilises it at a lower level and costs the municipality); one that falls below
    the resolution level, or ends by chance (`ends_by_itself` a week, per need;
    `spontaneous_resolution` by default), is gone.
    Returns the new severities and the crisis mask.
    """
    n = len(need)
    if ends_by_itself is None:
        ends_by_itself = p.spontaneous_resolution
    # Only the residents with a need change; the draws are made for everyone, so that the
    # stream of random numbers does not depend on how many have a need.
    has = np.flatnonzero(need > 0.0)
    severity, met = need[has], met_share[has]
    change = -p.recovery_rate * met + p.escalation_rate * (1.0 - met)
    updated = severity + change
    sudden = rng.random(n)[has] < p.crisis_rate * severity * severity * (1.0 - met)
    crisis = (updated >= 1.0) | sudden
    updated[crisis] = p.crisis_severity_after
    chance = ends_by_itself[has] if np.ndim(ends_by_itself) else ends_by_itself
    ends = (updated < p.resolution_severity) | (rng.random(n)[has] < chance)
    updated[ends & ~crisis] = 0.0
    out = np.zeros(n)
    out[has] = np.clip(updated, 0.0, 1.0)
    crisis_mask = np.zeros(n, dtype=bool)
    crisis_mask[has] = crisis
    return out, crisis_mask
