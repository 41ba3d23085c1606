"""Neighbourhood teams as columns: one entry per team at the scenario's scale.

The help phase records what each team did this week (`record_week`); the municipality's
planning staffs teams each year and adjusts their access threshold each quarter
(`quarterly_access`), with the formulas in `model/rules/municipality.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    proximity: float
    overhead: float
    cases: np.ndarray  # served last week
    eligible: np.ndarray  # eligible cases last week
    waiting: np.ndarray  # eligible cases not (fully) served last week
    hours_used: np.ndarray  # direct hours used last week
    waiting_quarter: np.ndarray  # sums over the quarter, for the access rule
    eligible_quarter: np.ndarray
    idle_quarter: np.ndarray
    capacity_quarter: np.ndarray

    @classmethod
    def start(cls, n: int, scale: str, p: Parameters) -> Teams:
        """Unstaffed teams at the starting access threshold (staffed by the year's plan)."""
        zeros = np.zeros(n)
        return cls(
            fte=zeros.copy(), admin_share=zeros.copy(),
            access_threshold=np.full(n, p.access_threshold_initial),
            access_ceiling=np.full(n, p.access_threshold_max),
            direct_hours=zeros.copy(), network_hours=zeros.copy(), support=zeros.copy(),
            proximity=p.scale_proximity[scale], overhead=p.scale_overhead[scale],
            cases=zeros.copy(), eligible=zeros.copy(), waiting=zeros.copy(),
            hours_used=zeros.copy(), waiting_quarter=zeros.copy(),
            eligible_quarter=zeros.copy(), idle_quarter=zeros.copy(),
            capacity_quarter=zeros.copy())

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
                    waiting: np.ndarray, queued: np.ndarray) -> None:
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
        self.eligible_quarter += self.eligible
        self.idle_quarter += np.maximum(self.direct_hours - self.hours_used, 0.0)
        self.capacity_quarter += self.direct_hours

    def quarterly_access(self, overspent: np.ndarray, p: Parameters) -> None:
        """At a quarter's end: adjust the access threshold from the quarter's waiting and
        idle shares and the money, then start the next quarter's sums."""
        n = len(self)
        waiting_share = np.divide(self.waiting_quarter, self.eligible_quarter,
                                  out=np.zeros(n), where=self.eligible_quarter > 0)
        idle_share = np.divide(self.idle_quarter, self.capacity_quarter, out=np.zeros(n),
                               where=self.capacity_quarter > 0)
        self.access_threshold = municipality.adjust_access(
            self.access_threshold, waiting_share, idle_share, overspent, self.access_ceiling,
            p)
        for column in (self.waiting_quarter, self.eligible_quarter, self.idle_quarter,
                       self.capacity_quarter):
            column[:] = 0.0


__all__ = ["Teams"]
