"""ParticipationModel: the Mesa model that wires the weekly rules together.

State lives in NumPy columns (`model.residents`, `model.teams`, `model.initiatives`);
Mesa agents are views on it (docs/model.md#speed). One step is one week
(`model/clock.py`). Each phase of the week is a method that reads and writes named
columns and hands what a later phase needs on as a return value, never as an attribute
left for it to find; `step` reads as the week's table of contents (docs/model.md#week).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from model import domain_teams, metrics, schedule_phase
from model.agents import Professional, Volunteer, create_agents, sync_professionals, sync_volunteers
from model.budget import (
    BudgetState,
    budget_per_inhabitant,
    domain_shares,
    lever_cost_per_inhabitant,
    per_inhabitant_to_teams,
)
from model.clock import WEEKS_PER_QUARTER, WEEKS_PER_YEAR, month_of, weeks, year_of
from model.columns import Blocks
from model.help_phase import HelpSetting, case_teams, help_week
from model.initiative_phase import initiative_week
from model.levers import LEVERS, Lever
from model.network import FirstTies, Network, TieCounter, build_network, complete_network
from model.parameters import DOMAINS
from model.participation_phase import ParticipationSetting, participation_week
from model.policy import LeverTerms, neighbourhood_levers, starting_levers
from model.population import NO_DOMAIN, VOLUNTEER, Layout, Residents, build_layout, build_residents
from model.rules import attitudes, flows, initiatives, motivation, municipality, needs
from model.rules import participation as participation_rules
from model.rules.flows import HelpWeek
from model.scenario import Scenario, ScheduleEntry, load_scenario, with_lever_change
from model.strain_phase import strain_week
from model.teams import Teams

# The budget year of the spin-up: the years before the run, before any shrinkage.
SPIN_UP_YEAR = -1


class ParticipationModel(mesa.Model):
    """Participation dynamics under steered self-organisation.

    Args:
        scenario: a YAML path, a dict, or a loaded `Scenario`.
        rng: seed or numpy Generator; defaults to the scenario's seed.
        **lever_overrides: lever values (0..1) the municipalities change to at week 0, from
            the steady state of the scenario's own levers, for example `room_to_act=0.8`
            (`scenario.with_lever_change`; `scenario.with_levers` instead puts them in place
            before the spin-up).
    """

    def __init__(
        self,
        scenario: str | Path | dict[str, Any] | Scenario = "scenarios/baseline_2015.yaml",
        rng: int | np.random.Generator | None = None,
        **lever_overrides: float,
    ) -> None:
        config = with_lever_change(load_scenario(scenario), lever_overrides, year=0)
        self.seed = config.seed if rng is None else rng
        super().__init__(rng=self.seed)
        # The validated scenario file (Mesa's own `model.scenario` is not used here).
        self.config: Scenario = config
        self.params = config.parameters
        self.mechanisms = config.mechanisms
        self.week = 0  # weeks simulated so far: the model's own clock
        self.weeks_total = weeks(config.horizon_years)

        self.layout: Layout = build_layout(config)
        self.residents: Residents = build_residents(config, self.layout, self.rng)
        neighbourhoods = [nb for m in config.region.municipalities for nb in m.neighbourhoods]
        if config.network == "complete":
            self.network: Network = complete_network(len(self.residents))
        else:
            self.network = build_network(self.residents.neighbourhood,
                                         np.array([nb.mean_ties for nb in neighbourhoods]),
                                         self.params.outside_tie_share, self.rng)
        self.n_neighbourhoods = len(self.layout.neighbourhood_names)
        self.n_teams = len(self.layout.team_names)
        self.active_ties = TieCounter(self.network)  # active ties, per resident
        # Fixed lookups the weekly rules and reports reuse (residents never move).
        self.blocks = Blocks.of_sizes(self.layout.neighbourhood_residents)  # residents by nb
        self.team_residents = domain_teams.team_residents(self.layout, self.residents)
        quintile = self.residents.ses_quintile
        self.ses_quintile_rows = (np.flatnonzero(quintile == 0), np.flatnonzero(quintile == 4))
        self.base_trust = np.array([nb.trust for nb in neighbourhoods])
        self.help_setting = HelpSetting(
            network=self.network,
            first_ties=FirstTies(self.network, self.params.carers_per_need),
            layout=self.layout,
            # Indexed by need domain; the last entry (domain -1, no need) is never asked.
            suitable=np.array([self.params.informal_suitable_share[d] for d in DOMAINS]
                              + [0.0]),
            intake_extra=schedule_phase.intake_extra(config.policy, self.params),
            helping=self.mechanisms.help)
        self.participation_setting = ParticipationSetting(
            network=self.network, active_ties=self.active_ties, blocks=self.blocks,
            social_influence=self.mechanisms.social_influence,
            drive_noise=self.mechanisms.drive_noise, initiatives=self.mechanisms.initiatives)
        # Belonging drifts to each resident's own starting value, moved by levers and ties.
        self.base_belonging = self.residents.belonging.copy()

        self.levers = starting_levers(config)  # municipalities x levers
        self.volatility = np.zeros(len(config.region.municipalities))
        self.lever_unit_cost = np.array([self.params.lever_cost[lever] for lever in LEVERS])
        self._apply_levers()

        self.teams = Teams.start(self.layout.plan, self.params)
        self.team_reorganisation_cost = np.zeros(self.n_teams)
        self._reorganised_in: int | None = None  # the year of the last move between scales
        self.budget_state = BudgetState.start(self.layout, self.n_teams)
        self.initiatives = initiatives.Initiatives.empty()
        self.quarter_marks: dict[str, float] | None = None
        self._start_initiatives()

        self.latest: dict[str, float] = {}
        self.latest_neighbourhoods: dict[str, np.ndarray] = {}
        # A resident's weekly chance of a new need depends on age and SES only: fixed.
        r = self.residents
        self.need_hazard = needs.need_hazard(r.age_group, r.ses, self.params)
        if self.mechanisms.needs:
            self._give_needs(needs.arise(r.need, r.age_group, r.ses, self.params, self.rng,
                                         needs.initial_prevalence(r.age_group, r.ses,
                                                                  self.params)),
                             needs.short_share_in_stock(self.params))
        self._settle_roles()
        self._plan_year(SPIN_UP_YEAR)
        last_week = self._spin_up()

        self.datacollector = metrics.make_datacollector()
        create_agents(self, super().agents_by_type)
        self._volunteer_views: dict[int, Volunteer] = {}
        self._collect(*last_week)

    # ---------------------------------------------------------------- public helpers

    @property
    def year(self) -> int:
        """The 0-based year of the last simulated week (weeks 1-52 are year 0)."""
        return year_of(self.week)

    @property
    def agents_by_type(self) -> dict:
        self._sync_volunteer_views()
        return super().agents_by_type

    @property
    def agents(self) -> Any:
        self._sync_volunteer_views()
        return super().agents

    def municipal_levers(self, index: int) -> dict[str, float]:
        """The levers of municipality `index`, by name."""
        return {lever: float(self.levers[index, i]) for i, lever in enumerate(LEVERS)}

    def set_levers(self, changes: Mapping[str, float], municipality: int | None = None) -> None:
        """Change levers now (for all municipalities, or one); remembered as policy churn."""
        rows = slice(None) if municipality is None else slice(municipality, municipality + 1)
        before = self.levers[rows].copy()
        for lever, value in changes.items():
            if lever not in LEVERS:
                raise ValueError(f"unknown lever {lever!r}; allowed: {', '.join(LEVERS)}")
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"lever {lever} must be between 0 and 1, got {value!r}")
            self.levers[rows, LEVERS.index(lever)] = float(value)
        self.volatility[rows] += np.abs(self.levers[rows] - before).sum(axis=1) / len(LEVERS)
        self._apply_levers()
        self._set_team_hours()  # the trust lever changes the admin share at once

    def run(self, weeks: int | None = None) -> None:
        """Step to the horizon (or `weeks` more weeks)."""
        target = self.weeks_total if weeks is None else self.week + weeks
        while self.running and self.week < target:
            self.step()

    # ---------------------------------------------------------------- the week

    def step(self) -> None:
        """One week, in the order of docs/model.md#week."""
        t = self.week  # weeks done before this one
        self.week += 1
        if t > 0 and t % WEEKS_PER_YEAR == 0:
            self._turn_of_year(t // WEEKS_PER_YEAR, changes=True)
        if t > 0 and t % WEEKS_PER_QUARTER == 0 and self.mechanisms.municipality:
            self._quarter(t % WEEKS_PER_YEAR, self.config.policy.adaptive_learning)
        helped, crises = self._live_week(t)
        # The year's record for national statistics.
        self.residents.record_week(month_of(t % WEEKS_PER_YEAR), helped.effort)
        self._collect(helped, crises)  # outputs
        if (t + 1) % WEEKS_PER_YEAR == 0:
            metrics.collect_year(self, t // WEEKS_PER_YEAR)
        if self.week >= self.weeks_total:
            self.running = False

    def _live_week(self, t: int) -> tuple[HelpWeek, np.ndarray]:
        """What residents, initiatives and teams do in week `t` (negative in the spin-up).
        Returns the week's help and its crises per team."""
        crises = self._needs()  # needs arise, progress (crises), end
        helped = self._help()  # own strength, ties, initiatives, matching, the team
        self._drive_noise()  # moods and life events
        active_share = self._participation()  # who takes part, in which role
        self._motivation()  # crowded out by pressure, crowded in by room and trust
        self._strain(helped.effort)  # load against sustainable hours; burnout
        self._attitudes(helped, active_share)  # trust and belonging drift
        self._initiatives(t)  # initiatives dissolve and form
        self._spend(crises)  # the week's costs booked
        self.teams.fade_reorganisation(self.params)  # new teams learn their area
        return helped, crises

    def _spin_up(self) -> tuple[HelpWeek, np.ndarray]:
        """Run `spinup_years` unreported years under the starting levers, budget and scale,
        so that week 0 is the steady state of the scenario's starting conditions
        (docs/model.md#start); then start the first year of the run and make the year-0
        changes of the schedule. Returns the last spin-up week's help and crises (the
        week-0 row of the outputs)."""
        spin = weeks(self.params.spinup_years)
        last: tuple[HelpWeek, np.ndarray] = (HelpWeek.quiet(len(self.residents)),
                                             np.zeros((self.n_teams, len(DOMAINS))))
        for s in range(spin):
            if s > 0 and s % WEEKS_PER_YEAR == 0:
                self._turn_of_year(SPIN_UP_YEAR, changes=False)
            if s > 0 and s % WEEKS_PER_QUARTER == 0 and self.mechanisms.municipality:
                self._quarter(s % WEEKS_PER_YEAR, learn=False, spin_up=True)
            last = self._live_week(s - spin)
        # Week 0: the run's first year starts, as every later year does.
        self._turn_of_year(0, changes=True)
        if spin and self.mechanisms.municipality:
            self._quarter(0, learn=False)  # the last spin-up quarter ends
        self.teams.fix_access_ceiling(self.params)
        return last

    def _needs(self) -> np.ndarray:
        """Needs progress with last week's help, end, or tip into crisis; new needs arise.
        Reads and writes `need`, `need_domain`, `multi_domain`, `in_care`,
        `need_end_chance`. Returns the crises per team and need domain (teams x 3)."""
        r, p = self.residents, self.params
        if not self.mechanisms.needs:
            return np.zeros((self.n_teams, len(DOMAINS)))
        had_need = r.need > 0.0
        met = flows.met_share(r.need_hours, r.unmet_hours)  # last week's help
        r.need, crisis = needs.progress(r.need, met, p, self.rng, r.need_end_chance)
        rows = np.flatnonzero(crisis)
        cell = case_teams(r, rows, self.layout.plan) * len(DOMAINS) + r.need_domain[rows]
        crises = np.bincount(cell, minlength=self.n_teams * len(DOMAINS)).astype(float) \
            .reshape(self.n_teams, len(DOMAINS))
        ended = np.flatnonzero(had_need & (r.need == 0.0))
        r.need_domain[ended] = NO_DOMAIN
        r.multi_domain[ended] = False
        r.in_care[ended] = False
        self._give_needs(needs.arise(r.need, r.age_group, r.ses, p, self.rng,
                                     self.need_hazard))
        return crises

    def _give_needs(self, cases: tuple[np.ndarray, ...],
                    short_share: float | None = None) -> None:
        new, severity, domain, multi = cases
        r = self.residents
        r.need_end_chance[new] = needs.end_chance(len(new), self.params, self.rng, short_share)
        r.need[new] = severity
        r.need_domain[new] = domain
        r.multi_domain[new] = multi

    def _help(self) -> HelpWeek:
        """The week's help flows (model/help_phase.py), for the later phases."""
        return help_week(self.residents, self.teams, self.neighbourhood_levers,
                         self.lever_terms, self._neighbourhood_mean(self.residents.belonging),
                         self.help_setting, self.params)

    def _drive_noise(self) -> None:
        """The persistent week-to-week deviation of the drive. Writes `drive_shock`."""
        if self.mechanisms.drive_noise:
            self.residents.drive_shock = participation_rules.next_shock(
                self.residents.drive_shock, self.params, self.rng)

    def _participation(self) -> np.ndarray:
        """Who takes part (model/participation_phase.py). Returns each resident's share of
        active ties at the start of the week."""
        return participation_week(self.residents, self.lever_terms, self.initiatives,
                                  self.participation_setting, self.params, self.rng)

    def _motivation(self) -> None:
        """Reads `motivation_baseline`, `trust`; writes `motivation`."""
        if not self.mechanisms.motivation:
            return
        r, terms = self.residents, self.lever_terms
        r.motivation = motivation.update(r.motivation, r.motivation_baseline, r.trust,
                                         terms.room_lift, terms.crowded_out, self.params)

    def _strain(self, effort: np.ndarray) -> None:
        """Burnout and recovery (model/strain_phase.py)."""
        strain_week(self.residents, effort,
                    domain_teams.neighbourhood_support(self.teams, self.layout.plan),
                    self.neighbourhood_levers[:, Lever.BOUNDARIES], self.blocks, self.params,
                    self.mechanisms.strain)

    def _attitudes(self, helped: HelpWeek, active_share: np.ndarray) -> None:
        """Trust drifts to what residents experience (their needs met this week, for those
        who asked); belonging to its anchor and the share of active ties. Writes `trust`,
        `belonging`; policy churn fades."""
        if not self.mechanisms.trust_belonging:
            return
        r, p, lev = self.residents, self.params, self.neighbourhood_levers
        proximity, resident_proximity = domain_teams.proximity(
            self.teams, self.layout.plan, r, self.blocks)
        # Per neighbourhood, then for the residents with a need their own experience.
        anchor = attitudes.trust_anchor(
            self.base_trust, lev[:, Lever.TRUST], lev[:, Lever.STEERING_PRESSURE],
            self.volatility[self.layout.neighbourhood_municipality], proximity, p)
        target = self.blocks.spread(np.clip(anchor, 0.0, 1.0))
        rows = helped.asked
        target[rows] = attitudes.trust_target(anchor[r.neighbourhood[rows]], helped.met_share,
                                              True, p)  # all of them have a need
        r.trust = attitudes.update_trust(r.trust, target, resident_proximity, p)
        r.belonging = attitudes.update_belonging(r.belonging, self.lever_terms.belonging_anchor,
                                                 active_share, p)
        self.volatility *= 1.0 - p.volatility_decay

    def _initiatives(self, week: int) -> None:
        """Initiatives dissolve and form (model/initiative_phase.py)."""
        if self.mechanisms.initiatives:
            initiative_week(self.residents, self.initiatives, week,
                            self.layout.neighbourhood_residents,
                            self.neighbourhood_levers[:, Lever.ROOM_TO_ACT],
                            self._neighbourhood_mean(self.residents.belonging), self.params,
                            self.rng)

    def _spend(self, crises: np.ndarray) -> None:
        """Book the week's costs per team and category."""
        p, t = self.params, self.teams
        staff = t.fte * p.fte_cost / WEEKS_PER_YEAR
        alive = self._initiatives_per_team()
        self.budget_state.book({
            "professionals": staff,
            "overhead": staff * t.overhead,
            "levers": self.team_lever_cost / WEEKS_PER_YEAR,
            "initiatives": alive * p.initiative_subsidy / WEEKS_PER_YEAR,
            "crisis": crises.sum(axis=1) * p.crisis_cost,
            "reorganisation": self.team_reorganisation_cost / WEEKS_PER_YEAR,
        })

    def _collect(self, helped: HelpWeek, crises: np.ndarray) -> None:
        self.latest, self.latest_neighbourhoods = metrics.compute(self, helped, crises)
        self.datacollector.collect(self)
        metrics.add_neighbourhood_rows(self.datacollector, self.latest_neighbourhoods)

    # ---------------------------------------------------------------- planning

    def _start_initiatives(self) -> None:
        if not self.mechanisms.initiatives:
            return
        expected = self.params.initiatives_per_1000 * self.layout.neighbourhood_residents / 1000
        counts = self.rng.poisson(expected)
        self.initiatives.add(np.repeat(np.arange(self.n_neighbourhoods), counts), 0)

    def _settle_roles(self) -> None:
        """Give residents their starting roles: the participation rule, repeated until the
        share of active ties it feeds on has settled (no time passes)."""
        for _ in range(10):
            before = self.residents.role.copy()
            self._participation()
            if np.array_equal(before, self.residents.role):
                break

    def _apply_levers(self) -> None:
        """After the levers changed: levers per neighbourhood and per resident, the rules'
        lever-only terms and the levers' cost per team."""
        lev = neighbourhood_levers(self.levers, self.layout, self.config.policy.aim,
                                   self.params)
        self.neighbourhood_levers = lev
        # The same per resident, one contiguous row per lever: the weekly rules read these.
        resident_levers = np.ascontiguousarray(lev[self.residents.neighbourhood].T)
        self.lever_terms = LeverTerms.of(lev, resident_levers, self.blocks,
                                         self.base_belonging, self.params)
        per_inhabitant = lever_cost_per_inhabitant(self.levers, self.lever_unit_cost)
        # With per-domain teams each domain pays its share of the levers.
        self.team_lever_cost = per_inhabitant_to_teams(per_inhabitant, self.layout,
                                                       self.n_teams, domain_shares(self.config))

    def _plan_year(self, year: int) -> None:
        """Set this year's budget and staff the teams with what is left after levers,
        subsidies and the crisis-care reserve."""
        p, t, state = self.params, self.teams, self.budget_state
        per_inhabitant = budget_per_inhabitant(self.config, year)
        state.municipal_budget = per_inhabitant * self.layout.municipality_inhabitants
        if per_inhabitant.ndim == 2:  # per domain: the municipality's budget is their sum
            state.municipal_budget = state.municipal_budget.sum(axis=0)
        state.team_budget = per_inhabitant_to_teams(per_inhabitant, self.layout, self.n_teams)
        # A domain moved to another scale this year pays for the move from its budget.
        moving = self.teams.reorganising > 0.0 if year == self._reorganised_in else False
        self.team_reorganisation_cost = p.reorganisation_cost * state.team_budget * moving
        # Crisis care is an entitlement: it is paid whatever it costs, from the share of the
        # budget set aside for it and, beyond that, as overspending.
        committed = (self.team_lever_cost + self._initiatives_per_team() * p.initiative_subsidy
                     + p.crisis_budget_share * state.team_budget
                     + self.team_reorganisation_cost)
        t.fte = municipality.staff_fte(state.team_budget, committed, t.overhead, p)
        self._set_team_hours()
        self._sync_professionals()

    def _set_team_hours(self) -> None:
        trust_lever, active = domain_teams.trust_and_helpers(
            self.layout, self.residents, self.blocks, self.neighbourhood_levers[:, Lever.TRUST])
        self.teams.set_hours(trust_lever, self.config.policy.network_work_share, active,
                             self.params)

    def _turn_of_year(self, year: int, changes: bool) -> None:
        """A new budget year: the schedule's changes for `year` (unless in the spin-up), a
        fresh yearly record and budget, and the year's plan."""
        if changes:
            for entry in self.config.schedule:
                if entry.year == year:
                    self._scheduled(entry)
            if self.layout.plan.n_groups > 1:
                self._reorganise(year)
        self.residents.reset_year()
        self.budget_state.reset_year()
        if self.mechanisms.municipality:
            self._plan_year(year)

    def _scheduled(self, entry: ScheduleEntry) -> None:
        """A schedule entry's changes (budget: in `_plan_year`; domains: `_reorganise`)."""
        if entry.levers.values():
            self.set_levers(entry.levers.values())
        if schedule_phase.apply(self, entry):
            self._apply_levers()  # the aim spreads connect and belonging

    def _quarter(self, weeks_done: int, learn: bool, spin_up: bool = False) -> None:
        """At a quarter's end, `weeks_done` weeks into the budget year: the access rule
        (faster for per-domain teams in the spin-up, `domain_spinup_access_step`, so that
        week 0 finds each domain's access settled) and, with knob 5, the learning rule."""
        p = self.params
        overspent = self.budget_state.team_spent() \
            > (1.0 + p.overspend_tolerance) * self.budget_state.team_budget \
            * weeks_done / WEEKS_PER_YEAR
        step = p.domain_spinup_access_step if spin_up and self.layout.plan.n_groups > 1 \
            else None
        self.teams.quarterly_access(overspent, p, step)
        if learn:
            self._learn()
        self._set_team_hours()

    def _reorganise(self, year: int) -> None:
        """Domains the schedule moves to another scale this year get new teams
        (`domain_teams.regrouped`), their clients lose trust, and the move's cost enters
        this year's plan."""
        moved = domain_teams.regrouped(self.config, self.layout, self.teams, self.params,
                                         year, self.residents)
        if moved is None:
            return
        self.layout, self.teams, clients = moved
        self.n_teams = self.layout.plan.n_teams
        self.budget_state = BudgetState.start(self.layout, self.n_teams)
        self.help_setting = dataclasses.replace(self.help_setting, layout=self.layout)
        self.team_residents = domain_teams.team_residents(self.layout, self.residents)
        self._apply_levers()  # the levers' cost per team
        self._reorganised_in = year
        trust = self.residents.trust
        trust[clients] = np.maximum(0.0, trust[clients] - self.params.reorganisation_trust_loss)

    def _learn(self) -> None:
        """Knob 5: each quarter, nudge levers from the change in monitored outcomes."""
        marks = {name: self.latest[name] for name in municipality.MONITORED}
        if self.quarter_marks is not None:
            change = {k: marks[k] - self.quarter_marks[k] for k in marks}
            for index in range(len(self.levers)):
                learned = municipality.learn(self.municipal_levers(index), change, self.params)
                self.levers[index] = [learned[lever] for lever in LEVERS]
            self._apply_levers()
        self.quarter_marks = marks

    # ---------------------------------------------------------------- views

    def _initiatives_per_team(self) -> np.ndarray:
        """Living initiatives in each team's area (they are subsidised per team)."""
        per_nb = self.initiatives.alive_per_neighbourhood(self.n_neighbourhoods)
        return np.bincount(self.layout.team_of_neighbourhood, weights=per_nb,
                           minlength=self.n_teams)

    def _neighbourhood_mean(self, values: np.ndarray) -> np.ndarray:
        """Mean of a resident column per neighbourhood."""
        return self.blocks.sums(values) / np.maximum(self.layout.neighbourhood_residents, 1)

    def _sync_professionals(self) -> None:
        sync_professionals(self, np.rint(self.teams.fte).astype(int),
                           super().agents_by_type.get(Professional, []))

    def _sync_volunteer_views(self) -> None:
        """Make the Volunteer views match the role column (only when someone looks)."""
        views = self.__dict__.get("_volunteer_views")
        if views is not None:
            sync_volunteers(self, views, np.flatnonzero(self.residents.role == VOLUNTEER))
