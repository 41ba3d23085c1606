"""Outputs (docs/model.md#outputs): computed once per week from the columns, collected by
Mesa.

`compute` builds every model-level figure and the neighbourhood arrays in one vectorised
pass from the model's columns and the week's phase results it is handed (the help flows,
the crises); the DataCollector's reporters only look them up. Neighbourhood rows go into
the collector's `neighbourhoods` table a column at a time, and yearly figures into `years`.
The `model` argument is a `ParticipationModel` (not imported here: the model imports this
module); its public attributes are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import mesa
import numpy as np

from model.budget import CATEGORIES, domain_shares
from model.clock import WEEKS_PER_YEAR, weeks_into_year
from model.parameters import AGE_GROUPS, DOMAINS
from model.population import BURNED_OUT, HELPER, VOLUNTEER
from model.rules.flows import HelpWeek

MODEL_METRICS: tuple[str, ...] = (
    "week", "year",
    "participation", "informal_helper_share", "volunteer_share", "burned_out_share",
    "people_in_need_share", "need_hours", "own_hours", "requested_hours",
    "hours_informal", "hours_volunteer", "hours_professional", "unmet_hours", "unmet_share",
    "help_given_hours", "tie_hours", "matched_hours", "referral_hours", "intake_extra_hours",
    "waiting_list", "waiting_list_share", "waiting_weeks_mean", "overburdened_helpers",
    "overburdened_share", "burned_out", "mean_trust", "mean_belonging", "mean_motivation",
    "initiatives", "initiative_members", "professionals_fte", "access_threshold",
    "crises",
    *(f"spending_{c}" for c in CATEGORIES), "spending_total", "budget_week",
    "budget_balance", "cost_per_inhabitant", "overhead_per_case",
    "unmet_share_low_ses", "unmet_share_high_ses", "unmet_gap_ses", "gini_unmet",
    *(f"{name}_{d}" for d in DOMAINS for name in (
        "unmet_share", "waiting_list", "spending", "cost_per_inhabitant", "overhead_per_case",
        "referral_hours")),
)

NEIGHBOURHOOD_METRICS: tuple[str, ...] = (
    "week", "neighbourhood", "municipality", "ses", "residents",
    "participation", "informal_helper_share", "volunteer_share", "burned_out_share",
    "need_hours", "hours_informal", "hours_volunteer", "hours_professional", "unmet_hours",
    "unmet_share", "waiting_list", "overburdened_share", "mean_trust", "mean_belonging",
    "mean_motivation", "initiatives",
    *(f"{name}_{d}" for d in DOMAINS for name in ("unmet_share", "waiting_list")),
)


# Figures reported for the model and per neighbourhood alike, and the column summed for each:
# shares of residents in a role, and hours.
ROLE_SHARES = {"participation": "active", "informal_helper_share": "helper",
               "volunteer_share": "volunteer", "burned_out_share": "burned"}
HOURS = {"need_hours": "need_hours", "hours_informal": "informal",
         "hours_volunteer": "volunteer_hours", "hours_professional": "professional",
         "unmet_hours": "unmet"}


def _ratio(a: Any, b: Any) -> Any:
    """a / b, and 0 where b is 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    out = np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b > 0)
    return out if out.ndim else float(out)


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = all equal)."""
    x = np.sort(np.asarray(values, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(((2 * ranks - n - 1) * x).sum() / (n * total))


def compute(model: mesa.Model, helped: HelpWeek, crises: np.ndarray
            ) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """All model-level figures for this week, and the per-neighbourhood arrays, from the
    model's columns, this week's help flows and the crises per team.

    Every resident column is summed once, per neighbourhood (residents of a neighbourhood
    are contiguous: block sums); the model's totals are the sums of those.
    """
    r, t, budget = model.residents, model.teams, model.budget_state
    helper, volunteer = r.role == HELPER, r.role == VOLUNTEER
    active = helper | volunteer
    burned = r.role == BURNED_OUT
    heavy = active & (r.strain >= model.params.heavy_strain)
    requested = r.need_hours - r.own_hours
    waiting = r.waiting_weeks > 0
    week_spend = {c: float(budget.last_week[c].sum()) for c in CATEGORIES}
    spending = sum(week_spend.values())
    inhabitants = float(model.layout.neighbourhood_inhabitants.sum())
    weeks = weeks_into_year(model.week)
    inits = model.initiatives
    low, high = model.ses_quintile_rows

    K = model.n_neighbourhoods
    per_nb = model.blocks.sums
    residents = np.maximum(model.layout.neighbourhood_residents, 1).astype(float)
    nb = {name: per_nb(column) for name, column in (
        ("active", active), ("helper", helper), ("volunteer", volunteer), ("burned", burned),
        ("heavy", heavy), ("waiting", waiting), ("in_need", r.need > 0.0),
        ("members", r.initiative >= 0), ("requested", requested),
        ("need_hours", r.need_hours), ("own_hours", r.own_hours),
        ("informal", r.informal_received), ("volunteer_hours", r.volunteer_received),
        ("professional", r.professional_received), ("unmet", r.unmet_hours),
        ("given", r.given_hours), ("trust_sum", r.trust),
        ("belonging_sum", r.belonging), ("motivation", r.motivation))}
    total = {name: float(values.sum()) for name, values in nb.items()}
    n = float(max(len(r), 1))
    nb_unmet_share = _ratio(nb["unmet"], nb["requested"])

    out = {
        "week": float(model.week),
        "year": float(model.year),
        **{name: total[column] / n for name, column in ROLE_SHARES.items()},
        "people_in_need_share": total["in_need"] / n,
        **{name: total[column] for name, column in HOURS.items()},
        "own_hours": total["own_hours"],
        "requested_hours": total["requested"],
        "unmet_share": _ratio(total["unmet"], total["requested"]),
        "help_given_hours": total["given"],
        "tie_hours": helped.tie_hours,
        "matched_hours": helped.matched_hours,
        "referral_hours": helped.referral_hours,
        "intake_extra_hours": helped.intake_extra_hours,
        "waiting_list": total["waiting"],
        "waiting_list_share": _ratio(t.waiting.sum(), t.eligible.sum()),
        # Weeks the residents on the waiting list have waited so far (the intake included).
        "waiting_weeks_mean": _ratio(float(r.waiting_weeks[waiting].sum()), total["waiting"]),
        "overburdened_helpers": total["heavy"],
        "overburdened_share": _ratio(total["heavy"], total["active"]),
        "burned_out": total["burned"],
        "mean_trust": total["trust_sum"] / n,
        "mean_belonging": total["belonging_sum"] / n,
        "mean_motivation": total["motivation"] / n,
        "initiatives": float(inits.alive.sum()),
        "initiative_members": total["members"],
        "professionals_fte": float(t.fte.sum()),
        "access_threshold": float(np.average(t.access_threshold,
                                             weights=model.team_residents + 1e-12)),
        "crises": float(crises.sum()),
        **{f"spending_{c}": week_spend[c] for c in CATEGORIES},
        "spending_total": spending,
        "budget_week": float(budget.team_budget.sum()) / WEEKS_PER_YEAR,
        "budget_balance": budget.balance(weeks),
        "cost_per_inhabitant": _ratio(spending * WEEKS_PER_YEAR, inhabitants),
        "overhead_per_case": _ratio(week_spend["overhead"], t.cases.sum()),
        # Sums over the residents of the lowest and highest SES quintile.
        "unmet_share_low_ses": _ratio(r.unmet_hours[low].sum(), requested[low].sum()),
        "unmet_share_high_ses": _ratio(r.unmet_hours[high].sum(), requested[high].sum()),
        "gini_unmet": gini(nb_unmet_share),
    }
    out["unmet_gap_ses"] = out["unmet_share_low_ses"] - out["unmet_share_high_ses"]
    by_domain = _by_domain(model, r, requested, waiting, crises, helped, inhabitants)
    out.update(by_domain.totals)

    layout = model.layout
    neighbourhoods = {
        "week": np.full(K, model.week, dtype=np.int64),
        "neighbourhood": np.array(layout.neighbourhood_names, dtype=object),
        "municipality": np.array(layout.municipality_names, dtype=object)[
            layout.neighbourhood_municipality],
        "ses": layout.neighbourhood_ses,
        "residents": layout.neighbourhood_residents,
        **{name: nb[column] / residents for name, column in ROLE_SHARES.items()},
        **{name: nb[column] for name, column in HOURS.items()},
        "unmet_share": nb_unmet_share,
        "waiting_list": nb["waiting"],
        "overburdened_share": _ratio(nb["heavy"], nb["active"]),
        "mean_trust": nb["trust_sum"] / residents,
        "mean_belonging": nb["belonging_sum"] / residents,
        "mean_motivation": nb["motivation"] / residents,
        "initiatives": inits.alive_per_neighbourhood(K).astype(float),
        **by_domain.neighbourhoods,
    }
    return out, neighbourhoods


@dataclass
class _DomainFigures:
    totals: dict[str, float]
    neighbourhoods: dict[str, np.ndarray]


def _hours_share(hours: np.ndarray, idle: np.ndarray) -> np.ndarray:
    """Per team (rows), each domain's share of the team hours its cases used; `idle` for a
    team that used none."""
    used = hours.sum(axis=1, keepdims=True)
    return np.divide(hours, used, out=np.tile(idle, (len(used), 1)).astype(float),
                     where=used > 0)


def domain_spending(model: mesa.Model, crises: np.ndarray) -> np.ndarray:
    """This week's spending per need domain (DOMAINS order). With per-domain teams, each
    team's spending is its domain's. With one team for all domains: staff and overhead by
    the team hours each domain's cases used (by the fund's shares in a week without any),
    crisis care by the domain of the crisis, the rest (levers, initiatives) by the fund's
    shares (docs/model.md#outputs)."""
    spend, plan = model.budget_state.last_week, model.layout.plan
    if plan.n_groups == len(DOMAINS):
        per_team = sum(spend[c] for c in CATEGORIES)
        return np.bincount(plan.team_group, weights=per_team, minlength=len(DOMAINS))
    shares = domain_shares(model.config)
    hours = model.teams.hours_by_domain
    by_hours = _hours_share(hours, shares)
    staff = ((spend["professionals"] + spend["overhead"])[:, None] * by_hours).sum(axis=0)
    other = sum(float(spend[c].sum()) for c in ("levers", "initiatives", "reorganisation"))
    return staff + crises.sum(axis=0) * model.params.crisis_cost + other * shares


def _by_domain(model: mesa.Model, r: Any, requested: np.ndarray, waiting: np.ndarray,
               crises: np.ndarray, helped: HelpWeek, inhabitants: float) -> _DomainFigures:
    """Unmet need, waiting list, spending, cost per inhabitant, overhead per case and
    referral hours per need domain, for the model and per neighbourhood."""
    per_nb = model.blocks.sums
    spending = domain_spending(model, crises)
    plan, t = model.layout.plan, model.teams
    overhead = model.budget_state.last_week["overhead"]
    if plan.n_groups == len(DOMAINS):
        overhead_d = np.bincount(plan.team_group, weights=overhead, minlength=len(DOMAINS))
    else:
        share = _hours_share(t.hours_by_domain, np.zeros(len(DOMAINS)))
        overhead_d = (overhead[:, None] * share).sum(axis=0)
    cases = t.cases_by_domain.sum(axis=0)
    totals: dict[str, float] = {}
    neighbourhoods: dict[str, np.ndarray] = {}
    for i, d in enumerate(DOMAINS):
        mine = r.need_domain == i
        unmet, asked, queue = (per_nb(r.unmet_hours * mine), per_nb(requested * mine),
                               per_nb(waiting & mine))
        neighbourhoods[f"unmet_share_{d}"] = _ratio(unmet, asked)
        neighbourhoods[f"waiting_list_{d}"] = queue
        totals[f"unmet_share_{d}"] = _ratio(float(unmet.sum()), float(asked.sum()))
        totals[f"waiting_list_{d}"] = float(queue.sum())
        totals[f"spending_{d}"] = float(spending[i])
        totals[f"cost_per_inhabitant_{d}"] = _ratio(float(spending[i]) * WEEKS_PER_YEAR,
                                                    inhabitants)
        totals[f"overhead_per_case_{d}"] = _ratio(float(overhead_d[i]), float(cases[i]))
        totals[f"referral_hours_{d}"] = float(helped.referral_hours_by_domain[i])
    return _DomainFigures(totals, neighbourhoods)


def _latest(name: str, model: mesa.Model) -> float:
    return model.latest[name]


YEAR_METRICS: tuple[str, ...] = (
    "year", "volunteer_year_share", "volunteer_monthly_share", "volunteer_hours_per_week",
    "informal_care_share", "informal_care_narrow_share", "heavily_burdened_carer_share",
    "informal_care_hours_per_week", "carer_burnout_share", "waiting_weeks_mean",
    *(f"volunteer_year_share_age_{g}" for g in AGE_GROUPS),
    *(f"volunteer_year_share_ses_q{q + 1}" for q in range(5)),
    "unmet_share", "participation", "mean_trust", "mean_belonging", "mean_motivation",
    "spending", "budget", "budget_balance", "cost_per_inhabitant",
    *(f"{name}_{d}" for d in DOMAINS for name in ("unmet_share", "spending",
                                                  "cost_per_inhabitant")),
)


def make_datacollector() -> mesa.DataCollector:
    """Model reporters for every weekly figure; tables for neighbourhoods and years."""
    return mesa.DataCollector(
        model_reporters={name: partial(_latest, name) for name in MODEL_METRICS},
        tables={"neighbourhoods": list(NEIGHBOURHOOD_METRICS), "years": list(YEAR_METRICS)},
    )


def add_neighbourhood_rows(collector: mesa.DataCollector,
                           columns: dict[str, np.ndarray]) -> None:
    """Append one row per neighbourhood, a whole column at a time."""
    table = collector.tables["neighbourhoods"]
    for name in NEIGHBOURHOOD_METRICS:
        table[name].extend(columns[name].tolist())


def collect_year(model: mesa.Model, year: int) -> dict[str, float]:
    """At the end of a year: the figures national statistics publish (CBS, SCP)."""
    r, p = model.residents, model.params
    months = np.bitwise_count(r.year_volunteer_months)
    volunteered = months > 0
    carer = r.year_helper_weeks > 0
    weekly_hours = _ratio(r.year_helper_hours, r.year_helper_weeks)
    # Narrow (CBS/RIVM): care for someone for longer than three months, or 8+ hours a week.
    narrow = carer & (r.year_long_carer | (weekly_hours >= 8.0))
    heavy = carer & (r.year_max_strain >= p.heavy_strain)
    weeks = model.datacollector.model_vars
    recent = slice(-WEEKS_PER_YEAR, None)

    def year_mean(name: str) -> float:
        return float(np.mean(weeks[name][recent]))

    spending = float(model.budget_state.team_spent().sum())
    budget = float(model.budget_state.team_budget.sum())
    row = {
        "year": year,
        "volunteer_year_share": float(volunteered.mean()),
        "volunteer_monthly_share": float((months == 12).mean()),
        "volunteer_hours_per_week": _ratio(r.year_volunteer_hours.sum(),
                                           r.year_volunteer_weeks.sum()),
        "informal_care_share": float(carer.mean()),
        "informal_care_narrow_share": float(narrow.mean()),
        "heavily_burdened_carer_share": _ratio(heavy.sum(), carer.sum()),
        "informal_care_hours_per_week": _ratio(r.year_helper_hours[carer].sum(),
                                               r.year_helper_weeks[carer].sum()),
        "carer_burnout_share": _ratio((carer & r.year_burned_out).sum(), carer.sum()),
        "waiting_weeks_mean": year_mean("waiting_weeks_mean"),
        **{f"volunteer_year_share_age_{g}": float(volunteered[r.age_group == i].mean())
           if (r.age_group == i).any() else 0.0 for i, g in enumerate(AGE_GROUPS)},
        **{f"volunteer_year_share_ses_q{q + 1}": float(volunteered[r.ses_quintile == q].mean())
           if (r.ses_quintile == q).any() else 0.0 for q in range(5)},
        "unmet_share": year_mean("unmet_share"),
        "participation": year_mean("participation"),
        "mean_trust": float(r.trust.mean()),
        "mean_belonging": float(r.belonging.mean()),
        "mean_motivation": float(r.motivation.mean()),
        "spending": spending,
        "budget": budget,
        "budget_balance": model.budget_state.balance(),
        "cost_per_inhabitant": _ratio(spending,
                                      float(model.layout.neighbourhood_inhabitants.sum())),
    }
    inhabitants = float(model.layout.neighbourhood_inhabitants.sum())
    for d in DOMAINS:
        spent = float(np.sum(weeks[f"spending_{d}"][recent]))
        row[f"unmet_share_{d}"] = year_mean(f"unmet_share_{d}")
        row[f"spending_{d}"] = spent
        row[f"cost_per_inhabitant_{d}"] = _ratio(spent, inhabitants)
    model.datacollector.add_table_row("years", row)
    return row
