"""The five knobs (docs/model.md#knobs) as a group turns them, their budget, and the game's scores.

A group's decision is a set of **knob values** (`FIELDS`): the six levers, three policy
choices and a top-up of the budget from the municipality's general means. The knobs group
them as the group sees them:

| knob | fields | model |
|---|---|---|
| 1 vision (visie/koers) | steering_pressure; the churn shown | lever; lever changes cost trust |
| 2 informal networks | connect, belonging, boundaries | levers |
| 3 formal infrastructure | network_work_share, top_up | policy; `budget_change` |
| 4 renewal toward the logic of citizens | room_to_act, trust, integrated_teams | levers; policy |
| 5 capacity to learn | adaptive_learning | policy |

`schedule_entries(decision, year, previous)` turns a decision into schedule entries for
`model.with_changes`: one entry at the first year of its round, with all six levers (as the
lever-only decisions of before always had, so old sessions replay exactly), the policy
choices that differ from the previous decision, and the top-up's change. A top-up is the
share in force (0.05: a twentieth more than the scenario's budget from that year on); the
entry carries the relative change from the previous top-up, because budget changes stack.

`budget(...)` is the year's money per inhabitant and in total, with the model's own
functions and parameters (`model.budget`, `model.rules.municipality.staff_fte`), and the
balancing rule (`check_balance`): levers and subsidies may not take more than the budget
minus the crisis reserve minus a **minimum professional staffing**, `FLOOR_SHARE` of the
FTE this year's budget (without the group's top-ups) pays under the scenario's starting
levers. That floor is an assumption of the game (docs/workshop.md#budget), not a model
result.

Scores and the election (`scores`, `election`) are game rules too, documented in
docs/workshop.md#scores.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from model import (
    BELONGING,
    BOUNDARIES,
    CONNECT,
    DEFAULT_LEVERS,
    DOMAINS,
    LEVERS,
    ROOM_TO_ACT,
    STEERING_PRESSURE,
    TRUST,
    Scenario,
    budget_per_inhabitant,
    domain_shares,
    lever_cost_per_inhabitant,
    staff_fte,
    starting_levers,
    with_changes,
)
from workshop.rules import RefusedError

KNOBS: tuple[str, ...] = ("vision", "informal", "formal", "renewal", "learning")
KNOB_FIELDS: dict[str, tuple[str, ...]] = {
    "vision": (STEERING_PRESSURE,),
    "informal": (CONNECT, BELONGING, BOUNDARIES),
    "formal": ("network_work_share", "top_up"),
    "renewal": (ROOM_TO_ACT, TRUST, "integrated_teams"),
    "learning": ("adaptive_learning",),
}
POLICY_FIELDS = ("network_work_share", "integrated_teams", "adaptive_learning")
FLAGS = ("integrated_teams", "adaptive_learning")
FIELDS: tuple[str, ...] = (*LEVERS, "network_work_share", "integrated_teams",
                           "adaptive_learning", "top_up")
RANGES: dict[str, tuple[float, float]] = {**{name: (0.0, 1.0) for name in LEVERS},
                                          "network_work_share": (0.0, 0.9),
                                          "top_up": (0.0, 0.2)}
STEPS: dict[str, float] = {**{name: 0.05 for name in LEVERS}, "network_work_share": 0.05,
                           "top_up": 0.01}
FLOOR_SHARE = 0.97  # ASSUMPTION (game rule): docs/workshop.md#budget
TERM_YEARS = 4  # a Dutch council term
# Game rules for the scores (docs/workshop.md#scores).
OVERSPEND_WEIGHT = 5.0  # an overspending of 10% of the budget costs 50 points
TOP_UP_WEIGHT = 2.5  # a top-up of 0.2 (the most) costs 50 points


# --- decisions ------------------------------------------------------------------------------
def start(scenario: Scenario) -> dict[str, Any]:
    """The knob values in place before any decision: the scenario's levers (region-wide)
    and policy, no top-up."""
    values: dict[str, Any] = dict(DEFAULT_LEVERS)
    values.update({name: float(getattr(scenario.levers, name)) for name in LEVERS
                   if getattr(scenario.levers, name, None) is not None})
    policy = scenario.policy
    values.update(network_work_share=float(policy.network_work_share),
                  integrated_teams=bool(policy.integrated_teams),
                  adaptive_learning=bool(policy.adaptive_learning), top_up=0.0)
    return values


def fill(stored: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """A stored decision with every field: what it leaves out (an old, lever-only decision)
    keeps the previous value."""
    return {name: stored.get(name, previous[name]) for name in FIELDS}


def history(scenario: Scenario, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The full knob values after each of a group's stored decisions, in order."""
    previous, out = start(scenario), []
    for decision in stored:
        previous = fill(decision, previous)
        out.append(previous)
    return out


def validate(values: object, previous: dict[str, Any], integrated_ok: bool = True
             ) -> dict[str, Any]:
    """A decision as submitted, checked and filled in: known fields only, numbers in their
    range, the two switches true or false; a field left out keeps its previous value, so
    a lever-only decision (the form of before, or a group that touched nothing) is
    accepted. One team across the domains is refused when the scenario has teams per
    domain."""
    if not isinstance(values, dict):
        raise RefusedError("levers_form", allowed=", ".join(FIELDS))
    unknown = sorted(str(k)[:30] for k in values if k not in FIELDS)
    if unknown:
        raise RefusedError("lever_unknown", got=", ".join(unknown), allowed=", ".join(FIELDS))
    checked = fill(values, previous)
    for name in FIELDS:
        value = checked[name]
        if name in FLAGS:
            if not isinstance(value, bool):
                raise RefusedError("knob_flag", knob=name, got=str(value)[:20])
            continue
        least, most = RANGES[name]
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value) or not least <= value <= most:
            if name in LEVERS:
                raise RefusedError("lever_range", lever=name, got=str(value)[:20])
            raise RefusedError("knob_range", knob=name, got=str(value)[:20],
                               least=f"{least:g}", most=f"{most:g}")
        checked[name] = round(float(value), 4)
    if checked["integrated_teams"] != previous["integrated_teams"] and not integrated_ok:
        raise RefusedError("integrated_domains")
    return checked


def churn(decision: dict[str, Any], previous: dict[str, Any]) -> float:
    """How much this decision changes the levers: the mean absolute change over the six,
    as the model adds it to policy churn (`ParticipationModel.set_levers`), which costs
    residents' trust."""
    return sum(abs(float(decision[n]) - float(previous[n])) for n in LEVERS) / len(LEVERS)


def schedule_entries(decision: dict[str, Any], year: int,
                     previous: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The schedule entries of a decision made at the start of `year` (0-based), after the
    `previous` decision's values (None: fill from nothing, every field is then required)."""
    full = decision if previous is None else fill(decision, previous)
    entry: dict[str, Any] = {"year": int(year),
                             "levers": {name: float(full[name]) for name in LEVERS}}
    policy = {name: full[name] for name in POLICY_FIELDS
              if previous is None or full[name] != previous[name]}
    if policy:
        entry["policy"] = policy
    before = 0.0 if previous is None else float(previous["top_up"])
    if float(full["top_up"]) != before:
        entry["budget_change"] = round((1.0 + float(full["top_up"])) / (1.0 + before) - 1.0,
                                       12)
    return [entry]


def with_decisions(scenario: Scenario, stored: list[tuple[int, dict[str, Any]]]
                   ) -> Scenario:
    """The scenario with a group's decisions, each (its year, its stored values)."""
    previous = start(scenario)
    for year, decision in stored:
        entries = schedule_entries(decision, year, previous)
        previous = fill(decision, previous)
        scenario = with_changes(scenario, entries, source="<workshop decision>")
    return scenario


def integrated_allowed(scenario: Scenario) -> bool:
    """One team across the domains can be chosen only without per-domain teams."""
    return not scenario.by_domain


# --- the budget -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Budget:
    """One year's money, per inhabitant per year (and `inhabitants` to make totals)."""

    year: int
    inhabitants: float
    available: float  # the budget, after shrinkage, earlier changes and this top-up
    top_up: float  # of which this decision's top-up in force (euro per inhabitant)
    levers: float
    subsidies: float
    crisis_reserve: float
    reorganisation: float
    professionals: float  # what is left for staff and overhead
    fte: float
    floor_fte: float  # the minimum staffing (FLOOR_SHARE of the reference)
    floor_professionals: float  # its cost per inhabitant
    initiatives: float  # the estimate the subsidies are based on

    @property
    def room(self) -> float:
        """What the levers and subsidies may still take, per inhabitant (negative: short)."""
        return self.professionals - self.floor_professionals

    @property
    def shortfall(self) -> float:
        """The euro per year the decision is short of the floor (0 when it balances)."""
        return max(0.0, -self.room) * self.inhabitants

    def total(self, name: str) -> float:
        return float(getattr(self, name)) * self.inhabitants


def _inhabitants(scenario: Scenario) -> np.ndarray:
    return np.array([sum(nb.inhabitants for nb in m.neighbourhoods)
                     for m in scenario.region.municipalities], dtype=float)


def _domain_scale(scenario: Scenario, domain: str, year: int) -> str:
    scale = scenario.scale
    if scenario.domains is not None and getattr(scenario.domains, domain).scale:
        scale = getattr(scenario.domains, domain).scale
    for entry in sorted(scenario.schedule, key=lambda e: e.year):
        change = entry.domains and getattr(entry.domains, domain)
        if change and change.scale and entry.year <= year:
            scale = change.scale
    return scale


def _moves(scenario: Scenario, domain: str, year: int) -> bool:
    return any(entry.year == year and entry.domains and getattr(entry.domains, domain)
               and getattr(entry.domains, domain).scale for entry in scenario.schedule)


def _staff(scenario: Scenario, per_inhabitant: np.ndarray, lever_row: np.ndarray,
           subsidies: float, inhabitants: np.ndarray, year: int
           ) -> tuple[float, float, float, float]:
    """(FTE, crisis reserve, reorganisation cost, money left for staff), totals, as the
    model's yearly plan computes them (model/model.py `_plan_year`)."""
    p = scenario.parameters
    lever_pi = lever_cost_per_inhabitant(lever_row, np.array([p.lever_cost[n] for n in LEVERS]))
    if per_inhabitant.ndim == 1:  # one team for all domains
        budget = float((per_inhabitant * inhabitants).sum())
        committed = float((lever_pi * inhabitants).sum()) + subsidies
        reserve = p.crisis_budget_share * budget
        overhead = p.scale_overhead[scenario.scale]
        fte = float(staff_fte(np.array([budget]), np.array([committed + reserve]), overhead,
                              p)[0])
        return fte, reserve, 0.0, max(0.0, budget - committed - reserve)
    fte = reserve = reorganisation = left = 0.0
    shares = domain_shares(scenario)
    for g, domain in enumerate(DOMAINS):
        budget = float((per_inhabitant[g] * inhabitants).sum())
        committed = float((lever_pi * shares[g] * inhabitants).sum())
        if domain == "care":
            committed += subsidies  # initiatives are paid from the Wmo's general provisions
        move = p.reorganisation_cost * budget if _moves(scenario, domain, year) else 0.0
        own_reserve = p.crisis_budget_share * budget
        overhead = p.scale_overhead[_domain_scale(scenario, domain, year)]
        fte += float(staff_fte(np.array([budget]), np.array([committed + own_reserve + move]),
                               overhead, p)[0])
        reserve += own_reserve
        reorganisation += move
        left += max(0.0, budget - committed - own_reserve - move)
    return fte, reserve, reorganisation, left


def budget(scenario: Scenario, decision: dict[str, Any], year: int,
           previous: dict[str, Any] | None = None, initiatives: float = 0.0) -> Budget:
    """The money of `year` (0-based) under `decision`, on top of `scenario`, which holds the
    group's earlier decisions and any events in its schedule (`with_decisions`).
    `previous`: the knob values in force before this decision (None: the scenario's
    start). `initiatives`: how many initiatives get a subsidy (an estimate, the last known
    count). The top-ups' net factor up to `year` is exactly 1 + the top-up in force, since
    their entries chain (1 + new) / (1 + old)."""
    previous = start(scenario) if previous is None else previous
    decision = fill(decision, previous)
    with_this = with_changes(scenario, schedule_entries(decision, year, previous),
                             source="<workshop decision>")
    p = scenario.parameters
    inhabitants = _inhabitants(scenario)
    per = 1.0 / float(inhabitants.sum())
    per_inhabitant = budget_per_inhabitant(with_this, year)
    without_top_up = per_inhabitant / (1.0 + float(decision["top_up"]))
    subsidies = float(initiatives) * p.initiative_subsidy
    levers = np.array([[float(decision[n]) for n in LEVERS]])
    fte, reserve, reorganisation, left = _staff(with_this, per_inhabitant, levers, subsidies,
                                                inhabitants, year)
    reference, _, _, reference_left = _staff(with_this, without_top_up,
                                             _reference_levers(scenario), subsidies,
                                             inhabitants, year)
    unit = np.array([p.lever_cost[n] for n in LEVERS])
    lever_total = float((lever_cost_per_inhabitant(levers, unit) * inhabitants).sum())
    available = float((np.atleast_2d(per_inhabitant) * inhabitants).sum())
    plain = float((np.atleast_2d(without_top_up) * inhabitants).sum())
    return Budget(
        year=year, inhabitants=float(inhabitants.sum()), available=available * per,
        top_up=(available - plain) * per, levers=lever_total * per,
        subsidies=subsidies * per, crisis_reserve=reserve * per,
        reorganisation=reorganisation * per, professionals=left * per, fte=fte,
        floor_fte=FLOOR_SHARE * reference,
        floor_professionals=FLOOR_SHARE * reference_left * per,
        initiatives=float(initiatives))


def _reference_levers(scenario: Scenario) -> np.ndarray:
    """The scenario's starting levers, as the model holds them (one row; a region whose
    municipalities differ: their inhabitant-weighted mean)."""
    rows = starting_levers(scenario)
    weights = _inhabitants(scenario)
    return (rows * weights[:, None]).sum(axis=0, keepdims=True) / weights.sum()


def check_balance(plan: Budget) -> None:
    """Refuse a decision whose levers and subsidies leave less than the minimum staffing."""
    if plan.shortfall > 0.5:
        raise RefusedError("budget_short", euro=euro(plan.shortfall),
                           per_inhabitant=f"{-plan.room:.2f}", fte=f"{plan.fte:.1f}",
                           floor=f"{plan.floor_fte:.1f}")


def euro(amount: float) -> str:
    """A sum of euro as the pages write it: EUR 12.345 (thousands with a point)."""
    return "EUR " + f"{amount:,.0f}".replace(",", ".")


# --- scores and the election (game rules, docs/workshop.md#scores) -------------------------
@dataclass(frozen=True)
class Score:
    round: int
    year: int  # the round's last year
    finance: float  # 0..100
    social: float
    trust: float
    satisfaction: float  # 0..1, what the election weighs
    top_up: float


# The three scored aspects, as Score names them (finance, social, trust).
SCORED_ASPECTS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Score)
    if f.name not in ("round", "year", "satisfaction", "top_up"))


def satisfaction(mean_trust: float, unmet_share: float) -> float:
    """Residents' satisfaction (a game rule): the mean of their trust in the municipality
    and the share of need that is met."""
    return 0.5 * float(mean_trust) + 0.5 * (1.0 - float(unmet_share))


def _clip(value: float) -> float:
    return float(min(100.0, max(0.0, value)))


def score(row: dict[str, Any], top_up: float, number: int) -> Score:
    """A round's scores from its last year (`row`: a results row)."""
    budget_year = row.get("budget") or 0.0
    balance = row.get("budget_balance") or 0.0
    overspend = max(0.0, -balance) / budget_year if budget_year > 0 else 0.0
    finance = 100.0 * (1.0 - OVERSPEND_WEIGHT * overspend - TOP_UP_WEIGHT * top_up)
    spread = row.get("unmet_spread")
    spread = 0.0 if spread is None or (isinstance(spread, float) and math.isnan(spread)) \
        else spread
    social = 100.0 * (1.0 - row["unmet_share"] - spread)
    return Score(number, int(row["year"]), _clip(finance), _clip(social),
                 _clip(100.0 * row["mean_trust"]),
                 satisfaction(row["mean_trust"], row["unmet_share"]), float(top_up))


def scores(results: list[dict[str, Any]], tops: dict[int, float]) -> list[Score]:
    """The scores of every round with results: `results` a group's rows (with `round`),
    `tops` the top-up in force per round."""
    out = []
    for number in sorted({r["round"] for r in results}):
        last = max((r for r in results if r["round"] == number), key=lambda r: r["year"])
        out.append(score(last, tops.get(number, 0.0), number))
    return out


@dataclass(frozen=True)
class Election:
    term: int  # 1, 2, ...
    year: int  # the term's last year (0-based)
    before: float  # satisfaction at the start of the term
    after: float  # at its end
    reelected: bool


def elections(results: list[dict[str, Any]], start_satisfaction: float | None
              ) -> list[Election]:
    """An election at the end of every council term of TERM_YEARS model years that has
    results: re-elected when residents' satisfaction in the term's last year is at least
    what it was when the term began (the year before it; for the first term the
    municipality's state at the start, week 0). A game rule, not a model result."""
    by_year = {int(r["year"]): satisfaction(r["mean_trust"], r["unmet_share"])
               for r in results}
    out = []
    term = 1
    while (term * TERM_YEARS - 1) in by_year:
        last = term * TERM_YEARS - 1
        before = start_satisfaction if term == 1 else by_year.get(last - TERM_YEARS)
        if before is not None:
            after = by_year[last]
            out.append(Election(term, last, before, after, after >= before))
        term += 1
    return out


def next_election(year: int) -> int:
    """The last year (0-based) of the term `year` is in."""
    return (year // TERM_YEARS + 1) * TERM_YEARS - 1
