"""Parameters of the population and its needs: the first part of the schema (`Parameters`
in `model/parameters.py` adds the rest), kept apart so that each module stays readable."""

from __future__ import annotations

from model.parameter_fields import ASSUMPTION, CALIBRATED, FIT, param, per_age
from model.schema import StrictModel


class PeopleParameters(StrictModel):
    """Who lives in the region and what needs they have (docs/model.md#week, step 1)."""

    # --- Population -------------------------------------------------------------------------
    individual_ses_spread: float = param(
        0.15, "SES (0..1)", ASSUMPTION,
        "Standard deviation of a resident's SES around the neighbourhood's SES.", 0.0, 0.5)
    outside_tie_share: float = param(
        0.2, "share of ties", ASSUMPTION + " (most ties are local: family, work cross over)",
        "Share of a resident's ties drawn outside the own neighbourhood.", 0.0, 1.0)
    self_reliance_mean: float = param(
        0.45, "share of need hours", ASSUMPTION,
        "Mean self-reliance (zelfredzaamheid): share of own need hours a resident covers.",
        0.0, 1.0)
    self_reliance_ses_effect: float = param(
        0.3, "share per unit SES", ASSUMPTION,
        "Change of self-reliance from the lowest to the highest SES.", 0.0, 1.0)
    self_reliance_spread: float = param(
        0.15, "share of need hours", ASSUMPTION,
        "Standard deviation of self-reliance between residents.", 0.0, 0.5)
    self_reliance_old_penalty: float = param(
        0.15, "share of need hours", ASSUMPTION,
        "Lower self-reliance of residents aged 75+.", 0.0, 1.0)
    hours_available_by_age: tuple[float, ...] = per_age(
        (5.0, 4.0, 4.0, 4.5, 5.5, 7.0, 4.5), "hours/week",
        ASSUMPTION + "; CBS reports 4-4.5 h/week among volunteers",
        "Mean spare hours a week a resident could give to others.", le=40.0)
    hours_available_shape: float = param(
        2.0, "gamma shape", ASSUMPTION,
        "Shape of the gamma distribution of spare hours (lower is more unequal).", 0.5, 20.0)
    attitude_spread: float = param(
        0.1, "0..1", ASSUMPTION,
        "Standard deviation of a resident's starting trust and belonging around the "
        "neighbourhood's value.", 0.0, 0.5)
    motivation_mean: float = param(
        0.5, "0..1", ASSUMPTION, "Mean intrinsic motivation to help at the start.", 0.0, 1.0)
    motivation_spread: float = param(
        0.15, "0..1", ASSUMPTION, "Standard deviation of intrinsic motivation.", 0.0, 0.5)
    motivation_age_effect: tuple[float, ...] = per_age(
        FIT["motivation_age_effect"], "0..1",
        CALIBRATED + " CBS volunteering by age (35-44 about 57%, 75+ about 32%): entries "
        "35-44 and 75+ fitted, others " + ASSUMPTION,
        "Shift of mean motivation by age group.", le=0.5, ge=-0.5)
    motivation_ses_effect: float = param(
        FIT["motivation_ses_effect"], "0..1 per unit SES",
        CALIBRATED + " CBS volunteering by education (over 60% vs about 35%)",
        "Change of mean motivation from the lowest to the highest SES.", 0.0, 1.0)
    threshold_mean: float = param(
        FIT["threshold_mean"], "drive (0..1)",
        CALIBRATED + " CBS volunteering, 49% a year (form: Granovetter 1978)",
        "Mean participation threshold.", 0.0, 1.0)
    threshold_spread: float = param(
        0.15, "drive (0..1)", ASSUMPTION, "Standard deviation of participation thresholds.",
        0.0, 1.0)

    # --- Needs ------------------------------------------------------------------------------
    need_hazard_by_age: tuple[float, ...] = per_age(
        FIT["need_hazard_by_age"], "per week",
        CALIBRATED + " SCP informal care, a third of adults (age profile " + ASSUMPTION
        + "; one factor fitted)", "Weekly probability that a resident without a need gets "
        "one.")
    initial_need_weeks: float = param(
        65.0, "weeks", ASSUMPTION + " (read off the baseline's steady state)",
        "Expected length of a long-term need, used only to start the model with the share of "
        "residents in need it settles at (prevalence = h*D / (1 + h*D), D the mean length of "
        "short episodes and long-term needs together).", 0.0, 1000.0)
    need_ses_gradient: float = param(
        1.2, "log hazard per unit SES", ASSUMPTION,
        "Need hazard multiplier exp(g*(0.5 - SES)): lower SES, more needs.", 0.0, 5.0)
    need_severity_a: float = param(
        2.0, "beta shape", ASSUMPTION, "Shape a of the Beta severity of a new need.", 0.1, 20.0)
    need_severity_b: float = param(
        4.0, "beta shape", ASSUMPTION, "Shape b of the Beta severity of a new need.", 0.1, 20.0)
    need_hours_at_full_severity: float = param(
        30.0, "hours/week", ASSUMPTION,
        "Help hours a week a need of severity 1 takes.", 0.0, 80.0)
    care_domain_share_by_age: tuple[float, ...] = per_age(
        (0.1, 0.15, 0.2, 0.3, 0.45, 0.7, 0.9), "share", ASSUMPTION,
        "Share of new needs in the care domain (Wmo).")
    youth_share_of_rest_by_age: tuple[float, ...] = per_age(
        (0.4, 0.5, 0.6, 0.4, 0.2, 0.1, 0.1), "share", ASSUMPTION,
        "Of non-care needs, the share in youth & family (the rest is work & income).")
    multi_domain_share: float = param(
        0.25, "share of needs", ASSUMPTION,
        "Share of needs that span two domains (two intakes without integrated teams).",
        0.0, 1.0)
    escalation_rate: float = param(
        0.01, "severity per week", ASSUMPTION,
        "Rise of severity per week when a need goes fully unmet.", 0.0, 1.0)
    recovery_rate: float = param(
        0.006, "severity per week", ASSUMPTION + " (many social-domain needs are long-term)",
        "Fall of severity per week when a need is fully met.", 0.0, 1.0)
    spontaneous_resolution: float = param(
        0.01, "per week", ASSUMPTION, "Weekly chance that a need ends by itself.", 0.0, 1.0)
    short_need_share: float = param(
        FIT["short_need_share"], "share of new needs",
        CALIBRATED + " CBS/RIVM narrow informal care, 12-14% (form: many needs are episodes, "
        "such as recovery after hospital or a family crisis)",
        "Share of new needs that are short episodes, ending by themselves at "
        "`short_need_resolution` a week instead of `spontaneous_resolution`.", 0.0, 1.0)
    short_need_resolution: float = param(
        0.15, "per week", ASSUMPTION + " (episodes of about 7 weeks)",
        "Weekly chance that a short episode ends by itself.", 0.0, 1.0)
    resolution_severity: float = param(
        0.05, "severity", ASSUMPTION, "A need below this severity has ended.", 0.0, 1.0)
    crisis_severity_after: float = param(
        0.6, "severity", ASSUMPTION,
        "Severity after crisis care stabilises a need that reached severity 1.", 0.0, 1.0)
    crisis_rate: float = param(
        0.012, "per week", ASSUMPTION + " (not fitted: in the 2015 baseline, seeds 0-9, "
        "crisis care takes 2-5% of the budget in year 1, the run starting in its steady state, "
        "and 2-5% in year 5, against a reserve `crisis_budget_share` of 5%)",
        "Weekly chance of a crisis for a need of severity 1 that goes fully unmet; it scales "
        "with the square of severity and with the unmet share of the need.", 0.0, 1.0)
    crisis_budget_share: float = param(
        0.05, "share of the yearly budget", ASSUMPTION,
        "Share of the budget the municipality sets aside for crisis care when it plans the "
        "year; crisis care beyond it is still paid (an entitlement), as overspending.",
        0.0, 1.0)
    crisis_cost: float = param(
        12000.0, "euro per crisis", ASSUMPTION + " (order of a short crisis placement)",
        "Cost to the municipality of crisis care when an unmet need reaches severity 1.",
        0.0, 200000.0)
