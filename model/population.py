"""Residents as NumPy columns: their traits at the start and their state week by week.

One row per inhabitant aged 15+. Residents of one neighbourhood are contiguous, which lets
the network builder and the neighbourhood reports use plain offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from model.domains import TeamPlan, group_scales, team_plan
from model.parameters import AGE_GROUPS, Parameters
from model.scenario import Scenario

# Roles: exactly one per resident at any time.
NONE, HELPER, VOLUNTEER, BURNED_OUT = 0, 1, 2, 3
ROLE_NAMES: tuple[str, ...] = ("none", "informal_helper", "volunteer", "burned_out")
NO_DOMAIN = -1


@dataclass
class Layout:
    """Where residents live: per-neighbourhood and per-municipality lookups."""

    neighbourhood_names: list[str]
    municipality_names: list[str]
    neighbourhood_municipality: np.ndarray  # municipality index of each neighbourhood
    neighbourhood_ses: np.ndarray
    neighbourhood_residents: np.ndarray
    neighbourhood_inhabitants: np.ndarray
    municipality_inhabitants: np.ndarray
    plan: TeamPlan  # the teams of each group of domains (model/domains.py)

    @property
    def team_of_neighbourhood(self) -> np.ndarray:
        """The team of each neighbourhood in group 0 (all domains, or care)."""
        return self.plan.team_of_neighbourhood[0]

    @property
    def team_of_municipality(self) -> np.ndarray:
        """The team of each municipality in group 0 (-1: many teams, hyperlocal)."""
        return self.plan.team_of_municipality[0]

    @property
    def team_names(self) -> list[str]:
        return self.plan.team_names


@dataclass
class Residents:
    """Column store of all residents; every array has one entry per resident."""

    # Traits, fixed at the start
    neighbourhood: np.ndarray
    municipality: np.ndarray
    team: np.ndarray
    age_group: np.ndarray
    ses: np.ndarray
    ses_quintile: np.ndarray
    self_reliance: np.ndarray
    hours_available: np.ndarray
    motivation_baseline: np.ndarray
    threshold: np.ndarray
    # State
    drive_shock: np.ndarray  # persistent week-to-week deviation of the drive (moods, events)
    need: np.ndarray  # severity 0..1, 0 = no need
    need_domain: np.ndarray
    multi_domain: np.ndarray
    need_end_chance: np.ndarray  # weekly chance the current need ends by itself
    motivation: np.ndarray
    trust: np.ndarray
    belonging: np.ndarray
    strain: np.ndarray
    burnout_weeks: np.ndarray
    role: np.ndarray
    initiative: np.ndarray
    waiting_weeks: np.ndarray
    in_care: np.ndarray  # admitted by the team; stays eligible until the need ends
    # Last week's flows, hours
    need_hours: np.ndarray
    own_hours: np.ndarray
    informal_received: np.ndarray
    volunteer_received: np.ndarray
    professional_received: np.ndarray
    unmet_hours: np.ndarray
    given_hours: np.ndarray
    main_carer: np.ndarray  # the tie who is this resident's main carer, -1 if none
    care_weeks: np.ndarray  # weeks in a row this main carer has helped
    # This year's record, for the yearly figures national statistics publish
    year_volunteer_months: np.ndarray  # bit m set: volunteered in month m
    year_volunteer_weeks: np.ndarray
    year_volunteer_hours: np.ndarray
    year_helper_weeks: np.ndarray
    year_helper_hours: np.ndarray
    year_max_strain: np.ndarray
    year_long_carer: np.ndarray  # main carer of someone for 13+ weeks in a row this year
    year_burned_out: np.ndarray  # burned out this year

    def __len__(self) -> int:
        return len(self.neighbourhood)

    def columns(self) -> list[str]:
        return [f.name for f in fields(self)]

    @property
    def active(self) -> np.ndarray:
        return (self.role == HELPER) | (self.role == VOLUNTEER)

    @property
    def requested_hours(self) -> np.ndarray:
        return self.need_hours - self.own_hours

    def record_week(self, month: int, effort: np.ndarray) -> None:
        """Add a week of `month` (0-11) to each resident's record of the year: what the
        yearly figures of national statistics count."""
        volunteer = self.role == VOLUNTEER
        self.year_volunteer_months |= volunteer.astype(np.uint16) << np.uint16(month)
        self.year_volunteer_weeks += volunteer
        self.year_volunteer_hours += effort * volunteer
        helping = (self.role == HELPER) & (self.given_hours > 0)
        self.year_helper_weeks += helping
        self.year_helper_hours += self.given_hours * helping
        np.maximum(self.year_max_strain, self.strain * self.active, out=self.year_max_strain)

    def reset_year(self) -> None:
        for column in ("year_volunteer_months", "year_volunteer_weeks", "year_volunteer_hours",
                       "year_helper_weeks", "year_helper_hours", "year_max_strain",
                       "year_long_carer", "year_burned_out"):
            getattr(self, column)[:] = 0


def build_layout(scenario: Scenario) -> Layout:
    """Neighbourhood and municipality lookups, and the teams the scale implies
    (docs/model.md#scale)."""
    munis = scenario.region.municipalities
    nb_names, nb_muni, nb_ses, nb_res, nb_inh = [], [], [], [], []
    for m_index, muni in enumerate(munis):
        for nb in muni.neighbourhoods:
            nb_names.append(f"{muni.name}/{nb.name}")
            nb_muni.append(m_index)
            nb_ses.append(nb.ses)
            nb_res.append(nb.residents)
            nb_inh.append(nb.inhabitants)
    nb_muni_arr = np.array(nb_muni, dtype=np.int32)
    muni_inh = np.bincount(nb_muni_arr, weights=np.array(nb_inh, float), minlength=len(munis))
    plan = team_plan(scenario, group_scales(scenario, -1), nb_names, nb_muni_arr)
    return Layout(
        neighbourhood_names=nb_names,
        municipality_names=[m.name for m in munis],
        neighbourhood_municipality=nb_muni_arr,
        neighbourhood_ses=np.array(nb_ses, dtype=float),
        neighbourhood_residents=np.array(nb_res, dtype=np.int64),
        neighbourhood_inhabitants=np.array(nb_inh, dtype=float),
        municipality_inhabitants=muni_inh,
        plan=plan,
    )


def build_residents(
    scenario: Scenario, layout: Layout, rng: np.random.Generator
) -> Residents:
    """Draw every resident's traits from the neighbourhood profiles and the parameters."""
    p: Parameters = scenario.parameters
    neighbourhoods = [nb for m in scenario.region.municipalities for nb in m.neighbourhoods]
    counts = layout.neighbourhood_residents
    n = int(counts.sum())
    nb = np.repeat(np.arange(len(neighbourhoods), dtype=np.int32), counts)
    muni = layout.neighbourhood_municipality[nb]
    team = layout.team_of_neighbourhood[nb]

    age_cum = np.array([np.cumsum([x.age_mix[g] for g in AGE_GROUPS]) for x in neighbourhoods])
    age = (rng.random(n)[:, None] > age_cum[nb]).sum(axis=1).clip(0, len(AGE_GROUPS) - 1)
    age = age.astype(np.int8)
    old = age == len(AGE_GROUPS) - 1

    ses = np.clip(layout.neighbourhood_ses[nb] + rng.normal(0.0, p.individual_ses_spread, n),
                  0.0, 1.0)
    ranks = np.argsort(np.argsort(ses, kind="stable"), kind="stable")
    quintile = (ranks * 5 // max(n, 1)).astype(np.int8)

    self_reliance = np.clip(
        p.self_reliance_mean + p.self_reliance_ses_effect * (ses - 0.5)
        - p.self_reliance_old_penalty * old + rng.normal(0.0, p.self_reliance_spread, n),
        0.0, 1.0)
    mean_hours = np.asarray(p.hours_available_by_age)[age]
    hours = rng.gamma(p.hours_available_shape, mean_hours / p.hours_available_shape)
    motivation = np.clip(
        p.motivation_mean + np.asarray(p.motivation_age_effect)[age]
        + p.motivation_ses_effect * (ses - 0.5) + rng.normal(0.0, p.motivation_spread, n),
        0.0, 1.0)
    threshold = np.clip(rng.normal(p.threshold_mean, p.threshold_spread, n), 0.0, 1.0)
    nb_trust = np.array([x.trust for x in neighbourhoods])
    nb_belonging = np.array([x.belonging for x in neighbourhoods])
    trust = np.clip(nb_trust[nb] + rng.normal(0.0, p.attitude_spread, n), 0.0, 1.0)
    belonging = np.clip(nb_belonging[nb] + rng.normal(0.0, p.attitude_spread, n), 0.0, 1.0)
    drive_shock = rng.normal(0.0, p.drive_noise, n)

    zeros = np.zeros(n)
    return Residents(
        neighbourhood=nb, municipality=muni, team=team, age_group=age, ses=ses,
        ses_quintile=quintile, self_reliance=self_reliance, hours_available=hours,
        motivation_baseline=motivation.copy(), threshold=threshold, drive_shock=drive_shock,
        need=zeros.copy(), need_domain=np.full(n, NO_DOMAIN, dtype=np.int8),
        multi_domain=np.zeros(n, dtype=bool), need_end_chance=zeros.copy(),
        motivation=motivation, trust=trust,
        belonging=belonging, strain=zeros.copy(), burnout_weeks=np.zeros(n, dtype=np.int16),
        role=np.zeros(n, dtype=np.int8), initiative=np.full(n, -1, dtype=np.int32),
        waiting_weeks=np.zeros(n, dtype=np.int16), in_care=np.zeros(n, dtype=bool),
        need_hours=zeros.copy(), own_hours=zeros.copy(), informal_received=zeros.copy(),
        volunteer_received=zeros.copy(), professional_received=zeros.copy(),
        unmet_hours=zeros.copy(), given_hours=zeros.copy(),
        main_carer=np.full(n, -1, dtype=np.int64), care_weeks=np.zeros(n, dtype=np.int16),
        year_volunteer_months=np.zeros(n, dtype=np.uint16),
        year_volunteer_weeks=np.zeros(n, dtype=np.int16), year_volunteer_hours=zeros.copy(),
        year_helper_weeks=np.zeros(n, dtype=np.int16), year_helper_hours=zeros.copy(),
        year_max_strain=zeros.copy(), year_long_carer=np.zeros(n, dtype=bool),
        year_burned_out=np.zeros(n, dtype=bool),
    )
