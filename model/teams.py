"""Neighbourhood teams as columns: one entry per team, group by group (model/domains.py).

The help phase records what each team did this week (`record_week`); the municipality's
planning staffs teams each year and adjusts their access threshold each quarter
(`quarterly_access`), with the formulas in `model/rules/municipality.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.domains import TeamPlan
from model.parameters import Parameters
from model.rules import municipality


@dataclass
class Teams:
    """Neighbourhood teams at the scenario's scale; one entry per team."""

    fte: np.ndarray
    admin_share: np.ndarray
    access_threshold: np.ndarray
    access_ceiling: np.ndarray  # the strictest access allowed (set at week 0)
    direct_hours: np.ndarray
    network_hours: np.ndarray
    support: np.ndarray  # 0..1: network hours per active helper, relative to what is needed
    proximity: np.ndarray  # 0..1, by the team's scale (lower for a while after a reorganisation)
    overhead: np.ndarray  # share of staff cost, by the team's scale
    cases: np.ndarray  # served last week
    eligible: np.ndarray  # eligible cases last week
    waiting: np.ndarray  # eligible cases not (fully) served last week
    hours_used: np.ndarray  # direct hours used last week
    waiting_quarter: np.ndarray  # sums over the quarter, for the access rule
    eligible_quarter: np.ndarray
    idle_quarter: np.ndarray
    capacity_quarter: np.ndarray
    # Per team and need domain (teams x 3), last week: for the outputs per domain.
    cases_by_domain: np.ndarray
    hours_by_domain: np.ndarray
    # Share of a reorganisation's dip still to recover (1 just after it, 0 when over).
    reorganising: np.ndarray
    scales: tuple[str, ...]  # each team's scale

    @classmethod
    def start(cls, plan: TeamPlan, p: Parameters) -> Teams:
        """Unstaffed teams at the starting access threshold (staffed by the year's plan)."""
        n = plan.n_teams
        zeros = np.zeros(n)
        scale = [plan.group_scale[g] for g in plan.team_group]
        return cls(
            fte=zeros.copy(), admin_share=zeros.copy(),
            access_threshold=np.full(n, p.access_threshold_initial),
            access_ceiling=np.full(n, p.access_threshold_max),
            direct_hours=zeros.copy(), network_hours=zeros.copy(), support=zeros.copy(),
            proximity=np.array([p.scale_proximity[s] for s in scale]),
            overhead=np.array([p.scale_overhead[s] for s in scale]),
            cases=zeros.copy(), eligible=zeros.copy(), waiting=zeros.copy(),
            hours_used=zeros.copy(), waiting_quarter=zeros.copy(),
            eligible_quarter=zeros.copy(), idle_quarter=zeros.copy(),
            capacity_quarter=zeros.copy(), cases_by_domain=np.zeros((n, 3)),
            hours_by_domain=np.zeros((n, 3)), reorganising=zeros.copy(),
            scales=tuple(scale))

    @classmethod
    def of_scale(cls, n: int, scale: str, p: Parameters) -> Teams:
        """`n` unstaffed teams at one scale (one group serving every domain)."""
        plan = TeamPlan((("care", "youth_family", "work_income"),), (scale,),
                        np.zeros(3, dtype=np.int64), np.zeros((1, 0), dtype=np.int32),
                        np.zeros((1, 0), dtype=np.int32), np.zeros(n, dtype=np.int64),
                        [f"team {i}" for i in range(n)])
        return cls.start(plan, p)

    def regrouped(self, old: TeamPlan, new: TeamPlan, inhabitants: np.ndarray,
                  p: Parameters) -> Teams:
        """The teams after a reorganisation from plan `old` to `new`: a group at the same
        scale keeps its teams; a group at another scale gets new ones, which start from the
        inhabitant-weighted access of the teams they replace, with the dip of a
        reorganisation (`reorganisation_proximity_dip`) still to recover."""
        out = Teams.start(new, p)
        for g in range(new.n_groups):
            rows_new, rows_old = new.teams_of(g), old.teams_of(g)
            if new.group_scale[g] == old.group_scale[g]:
                for name in _COLUMNS:
                    getattr(out, name)[rows_new] = getattr(self, name)[rows_old]
                continue
            weight = np.bincount(new.team_of_neighbourhood[g], weights=inhabitants,
                                 minlength=new.n_teams)[rows_new]
            for name in ("access_threshold", "access_ceiling"):
                per_nb = getattr(self, name)[old.team_of_neighbourhood[g]] * inhabitants
                summed = np.bincount(new.team_of_neighbourhood[g], weights=per_nb,
                                     minlength=new.n_teams)[rows_new]
                getattr(out, name)[rows_new] = summed / np.maximum(weight, 1e-12)
            out.reorganising[rows_new] = 1.0
        out.fade_reorganisation(p, weeks=0)
        return out

    def fade_reorganisation(self, p: Parameters, weeks: int = 1) -> None:
        """A week (or `weeks`) further in recovering from a reorganisation: proximity is
        `reorganisation_proximity_dip` lower just after it and back after
        `reorganisation_recovery_weeks`."""
        if not self.reorganising.any():
            return
        self.reorganising = np.maximum(
            self.reorganising - weeks / p.reorganisation_recovery_weeks, 0.0)
        base = np.array([p.scale_proximity[s] for s in self.scales])
        self.proximity = base * (1.0 - p.reorganisation_proximity_dip * self.reorganising)

    def fix_access_ceiling(self, p: Parameters) -> None:
        """At week 0: from now on access may be narrowed only so far (`access_ceiling`)."""
        self.access_ceiling = municipality.access_ceiling(self.access_threshold, p)

    def __len__(self) -> int:
        return len(self.fte)

    def set_hours(self, trust_lever: np.ndarray, network_work_share: float,
                  active_helpers: np.ndarray, p: Parameters) -> None:
        """Split staff hours into admin, direct care and network work; the support helpers
        get is network hours per active helper against `network_support_hours` (one value
        per team for each argument)."""
        self.admin_share = municipality.admin_share(trust_lever, p)
        self.direct_hours, self.network_hours = municipality.team_hours(
            self.fte, self.admin_share, network_work_share, p)
        self.support = np.clip(np.divide(self.network_hours,
                                         active_helpers * p.network_support_hours,
                                         out=np.ones(len(self)), where=active_helpers > 0),
                               0.0, 1.0)

    def record_week(self, team_of_case: np.ndarray, used: np.ndarray, eligible: np.ndarray,
                    waiting: np.ndarray, queued: np.ndarray,
                    need_domain: np.ndarray | None = None) -> None:
        """This week's cases (one entry per resident in need: their team, the team hours
        they used, whether eligible, whether waiting, whether waiting for the team's hours
        after the intake), and the quarter's running sums. The access rule reads only the
        queue for hours: the intake's wait is the law's, not a sign of short capacity."""
        n = len(self)
        self.cases = np.bincount(team_of_case[used > 0], minlength=n).astype(float)
        self.eligible = np.bincount(team_of_case[eligible], minlength=n).astype(float)
        self.waiting = np.bincount(team_of_case[waiting], minlength=n).astype(float)
        self.hours_used = np.bincount(team_of_case, weights=used, minlength=n)
        self.waiting_quarter += np.bincount(team_of_case[queued], minlength=n)
        if need_domain is not None:
            cell = team_of_case * 3 + need_domain
            self.cases_by_domain = np.bincount(cell[used > 0], minlength=3 * n).reshape(n, 3)
            self.hours_by_domain = np.bincount(cell, weights=used,
                                               minlength=3 * n).astype(float).reshape(n, 3)
        self.eligible_quarter += self.eligible
        self.idle_quarter += np.maximum(self.direct_hours - self.hours_used, 0.0)
        self.capacity_quarter += self.direct_hours

    def quarterly_access(self, overspent: np.ndarray, p: Parameters,
                         step: float | None = None) -> None:
        """At a quarter's end: adjust the access threshold from the quarter's waiting and
        idle shares and the money (by `step`, default `access_threshold_step`), then start
        the next quarter's sums."""
        n = len(self)
        waiting_share = np.divide(self.waiting_quarter, self.eligible_quarter,
                                  out=np.zeros(n), where=self.eligible_quarter > 0)
        idle_share = np.divide(self.idle_quarter, self.capacity_quarter, out=np.zeros(n),
                               where=self.capacity_quarter > 0)
        self.access_threshold = municipality.adjust_access(
            self.access_threshold, waiting_share, idle_share, overspent, self.access_ceiling,
            p, step)
        for column in (self.waiting_quarter, self.eligible_quarter, self.idle_quarter,
                       self.capacity_quarter):
            column[:] = 0.0


# The columns a team keeps when its group is not reorganised.
_COLUMNS = ("fte", "admin_share", "access_threshold", "access_ceiling", "direct_hours",
            "network_hours", "support", "proximity", "overhead", "cases", "eligible",
            "waiting", "hours_used", "waiting_quarter", "eligible_quarter", "idle_quarter",
            "capacity_quarter", "cases_by_domain", "hours_by_domain", "reorganising")

__all__ = ["Teams"]
