"""ParticipationModel: the Mesa model that wires the weekly rules together (DESIGN 3.4).

State lives in NumPy columns (`model.residents`, `model.teams`, `model.initiatives`);
Mesa agents are views on it. One step is one week; a year is 52 steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numpy as np
from pydantic import ValidationError

from model import metrics
from model.agents import Municipality, Professional, Resident, Volunteer
from model.budget import (
    BudgetState,
    lever_cost_per_inhabitant,
    per_inhabitant_to_teams,
)
from model.columns import Blocks, where_true
from model.levers import LEVERS
from model.network import FirstTies, Network, TieCounter, build_network, complete_network
from model.parameters import DOMAINS
from model.population import (
    BURNED_OUT,
    HELPER,
    NO_DOMAIN,
    NONE,
    VOLUNTEER,
    Layout,
    Residents,
    build_layout,
    build_residents,
)
from model.rules import attitudes, help, initiatives, motivation, municipality, needs, strain
from model.rules import participation as participation_rules
from model.scenario import Scenario, load_scenario
from model.schema import ScenarioError, problems_from_validation

WEEKS_PER_YEAR = 52
WEEKS_PER_QUARTER = 13
LONG_CARE_WEEKS = 13  # 'longer than three months' in the narrow definition of informal care
ROOM, CONNECT, BELONGING, BOUNDARIES, TRUST, PRESSURE = range(len(LEVERS))


@dataclass
class Teams:
    """Neighbourhood teams at the scenario's scale; one entry per team."""

    fte: np.ndarray
    admin_share: np.ndarray
    access_threshold: np.ndarray
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


class ParticipationModel(mesa.Model):
    """Participation dynamics under steered self-organisation.

    Args:
        scenario: a YAML path, a dict, or a loaded `Scenario`.
        rng: seed or numpy Generator; defaults to the scenario's seed.
        **lever_overrides: lever values (0..1) that replace the scenario's, for example
            `room_to_act=0.8`; they apply to every municipality.
    """

    def __init__(
        self,
        scenario: str | Path | dict[str, Any] | Scenario = "scenarios/baseline_2015.yaml",
        rng: int | np.random.Generator | None = None,
        **lever_overrides: float,
    ) -> None:
        config = load_scenario(scenario)
        config = _with_overrides(config, lever_overrides)
        super().__init__(rng=config.seed if rng is None else rng)
        self.scenario_config: Scenario = config
        self.params = config.parameters
        self.mechanisms = config.mechanisms
        self.weeks_total = config.horizon_years * WEEKS_PER_YEAR

        self.layout: Layout = build_layout(config)
        self.residents: Residents = build_residents(config, self.layout, self.rng)
        mean_ties = np.array([nb.mean_ties for m in config.region.municipalities
                              for nb in m.neighbourhoods])
        if config.network == "complete":
            self.network: Network = complete_network(len(self.residents))
        else:
            self.network = build_network(self.residents.neighbourhood, mean_ties,
                                         self.params.outside_tie_share, self.rng)
        self.n_neighbourhoods = len(self.layout.neighbourhood_names)
        self._active_ties = TieCounter(self.network)  # active ties, per resident
        self._first_ties = FirstTies(self.network, self.params.carers_per_need)
        self.n_teams = len(self.layout.team_names)
        # Fixed lookups the weekly rules and reports reuse (residents never move).
        self.blocks = Blocks.of_sizes(self.layout.neighbourhood_residents)  # residents by nb
        self.team_residents = np.bincount(self.residents.team, minlength=self.n_teams)
        quintile = self.residents.ses_quintile
        self.ses_quintile_rows = (np.flatnonzero(quintile == 0), np.flatnonzero(quintile == 4))
        self._neighbourhood_trust = np.array([nb.trust for m in config.region.municipalities
                                              for nb in m.neighbourhoods])
        self._neighbourhood_belonging = np.array([nb.belonging for m in config.region.municipalities
                                                  for nb in m.neighbourhoods])

        self.levers = np.array([[_municipal_lever(config, m, lever) for lever in LEVERS]
                                for m in config.region.municipalities])
        for entry in config.schedule:  # year-0 entries are the starting policy, not churn
            if entry.year == 0:
                for lever, value in entry.levers.values().items():
                    self.levers[:, LEVERS.index(lever)] = value
        self.volatility = np.zeros(len(config.region.municipalities))
        self._lever_unit_cost = np.array([self.params.lever_cost[lever] for lever in LEVERS])
        # Indexed by need domain; the last entry (domain -1, no need) is never asked.
        self._suitable = np.array([self.params.informal_suitable_share[d] for d in DOMAINS]
                                  + [0.0])
        self._update_neighbourhood_levers()

        self.teams = self._start_teams()
        self.budget_state = BudgetState.start(self.layout, self.n_teams)
        self.initiatives = initiatives.Initiatives.empty()
        self._crises = np.zeros(self.n_teams)
        self._quarter_marks: dict[str, float] | None = None
        self._start_initiatives()

        self.latest: dict[str, float] = {}
        self.latest_neighbourhoods: dict[str, np.ndarray] = {}
        # A resident's weekly chance of a new need depends on age and SES only: fixed.
        self._need_hazard = needs.need_hazard(self.residents.age_group, self.residents.ses,
                                              self.params)
        if self.mechanisms.needs:
            r = self.residents
            self._give_needs(needs.arise(r.need, r.age_group, r.ses, self.params, self.rng,
                                         needs.initial_prevalence(r.age_group, r.ses,
                                                                  self.params)),
                             needs.short_share_in_stock(self.params))
        self._settle_roles()
        self._plan_year(0)

        self.datacollector = metrics.make_datacollector()
        for agent_type, args in ((Volunteer, (0,)), (Professional, (0,))):
            # Every type is reachable through agents_by_type, even while it has no agents:
            # Mesa keeps a type's (empty) set once an agent of it has been registered.
            if agent_type not in super().agents_by_type:
                agent_type(self, *args).remove()
        for municipality_index, name in enumerate(self.layout.municipality_names):
            Municipality(self, municipality_index, name)
        for row in range(len(self.residents)):
            Resident(self, row)
        self._volunteer_views: dict[int, Volunteer] = {}
        self._collect()

    # ---------------------------------------------------------------- public helpers

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.steps

    @property
    def year(self) -> int:
        """The 0-based year of the last simulated week (weeks 1-52 are year 0)."""
        return max(self.steps - 1, 0) // WEEKS_PER_YEAR

    @property
    def agents_by_type(self) -> dict:
        self._sync_volunteer_views()
        return super().agents_by_type

    @property
    def agents(self) -> Any:
        self._sync_volunteer_views()
        return super().agents

    def municipal_levers(self, index: int) -> dict[str, float]:
        return {lever: float(self.levers[index, i]) for i, lever in enumerate(LEVERS)}

    def set_levers(self, changes: dict[str, float], municipality: int | None = None) -> None:
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
        self._update_neighbourhood_levers()
        self._update_team_hours()  # the trust lever changes the admin share at once

    def run(self, weeks: int | None = None) -> None:
        """Step to the horizon (or `weeks` more weeks)."""
        target = self.weeks_total if weeks is None else self.steps + weeks
        while self.running and self.steps < target:
            self.step()

    # ---------------------------------------------------------------- the week

    def step(self) -> None:
        """One week, in the order of DESIGN 3.4."""
        t = self.steps - 1  # Mesa has already counted this step
        if t > 0 and t % WEEKS_PER_YEAR == 0:
            self._new_year(t // WEEKS_PER_YEAR)
        if t > 0 and t % WEEKS_PER_QUARTER == 0 and self.mechanisms.municipality:
            self._quarter()
        self._needs()
        self._help()
        if self.mechanisms.drive_noise:
            self.residents.drive_shock = participation_rules.next_shock(
                self.residents.drive_shock, self.params, self.rng)
        self._participation()
        self._motivation()
        self._strain()
        self._attitudes()
        self._initiatives(t)
        self._spend()
        self._record_week(t)
        self._collect()
        if (t + 1) % WEEKS_PER_YEAR == 0:
            metrics.collect_year(self, t // WEEKS_PER_YEAR)
        if self.steps >= self.weeks_total:
            self.running = False

    def _needs(self) -> None:
        r, p = self.residents, self.params
        if not self.mechanisms.needs:
            return
        had_need = r.need > 0.0
        r.need, crisis = needs.progress(r.need, self._met_share(), p, self.rng,
                                        r.need_end_chance)
        self._crises = np.bincount(r.team[crisis], minlength=self.n_teams).astype(float)
        ended = np.flatnonzero(had_need & (r.need == 0.0))
        r.need_domain[ended] = NO_DOMAIN
        r.multi_domain[ended] = False
        r.in_care[ended] = False
        self._give_needs(needs.arise(r.need, r.age_group, r.ses, p, self.rng,
                                     self._need_hazard))

    def _give_needs(self, cases: tuple[np.ndarray, ...],
                    short_share: float | None = None) -> None:
        new, severity, domain, multi = cases
        r = self.residents
        r.need_end_chance[new] = needs.end_chance(len(new), self.params, self.rng, short_share)
        r.need[new] = severity
        r.need_domain[new] = domain
        r.multi_domain[new] = multi

    def _help(self) -> None:
        """Help flows of the week. The side that asks is computed for the residents in need
        only (a quarter of all, or fewer); the side that gives for helpers and volunteers."""
        r, p, K = self.residents, self.params, self.n_neighbourhoods
        n = len(r)
        lev = self.neighbourhood_levers

        # Residents in need: their hours, what they ask of whom.
        needy = np.flatnonzero(r.need > 0.0)
        need, team_n = r.need[needy], r.team[needy]
        needy_blocks = Blocks.of_sorted(r.neighbourhood[needy], K)
        hours_n, own_n = help.need_hours(need, r.self_reliance[needy],
                                         p.need_hours_at_full_severity)
        request = hours_n - own_n
        boundaries_n = needy_blocks.spread(lev[:, BOUNDARIES])
        complex_need = need > 1.0 - p.boundaries_complex_limit * boundaries_n
        # Eligible for the neighbourhood team: in care already, above the access threshold,
        # or too complex for informal help.
        eligible = (r.in_care[needy] | complex_need
                    | (need >= self.teams.access_threshold[team_n]))
        # Without access to a professional, carers also take on part of what informal help is
        # not suited for; boundaries hold them back.
        suitable = self._suitable[r.need_domain[needy]]
        gap_fill = p.informal_gap_fill * (1.0 - boundaries_n)
        informal_share = np.where(eligible, suitable, suitable + (1.0 - suitable) * gap_fill)
        ask = where_true(~complex_need, request * informal_share)
        informal_ask = _scatter(n, needy, ask)

        # Residents who give: helpers' capacity and volunteers' time, computed for them only
        # (a third of all residents each, or fewer).
        helpers = np.flatnonzero(r.role == HELPER)
        volunteers = np.flatnonzero(r.role == VOLUNTEER)
        if not self.mechanisms.help:
            helpers = volunteers = np.zeros(0, dtype=np.int64)
        helper_blocks = Blocks.of_sorted(r.neighbourhood[helpers], K)
        volunteer_blocks = Blocks.of_sorted(r.neighbourhood[volunteers], K)
        capacity_h = r.hours_available[helpers] * helper_blocks.spread(self._cap_factor)
        capacity = _scatter(n, helpers, capacity_h)

        ties = help.tie_help(informal_ask, capacity, self.network, p.carers_per_need,
                             self._first_ties)
        tie_received = ties.received[needy]
        remaining = np.maximum(ask - tie_received, 0.0)  # no rounding below 0
        referral = (p.referral_strength * self.teams.proximity
                    * self.teams.support)[self.layout.team_of_neighbourhood]

        # A volunteer's time: part of it care, of which paperwork takes a share.
        volunteer_hours = np.minimum(
            r.hours_available[volunteers] * volunteer_blocks.spread(self._cap_factor),
            p.volunteer_hours_cap)
        care_kept = (volunteer_hours * p.volunteer_care_share
                     * volunteer_blocks.spread(self._paperwork_free))
        v_reach = np.clip(p.volunteer_reach_base + p.volunteer_reach_connect * lev[:, CONNECT]
                          + referral, 0.0, 1.0)
        offered = care_kept * volunteer_blocks.spread(v_reach)
        from_initiatives = help.pool_help(remaining, offered, volunteer_blocks, needy_blocks)
        remaining = np.maximum(remaining - from_initiatives.received, 0.0)
        # Belonging widens the circle beyond fixed ties (new acquaintances in the neighbourhood).
        reach = np.clip(p.connect_reach_base + p.connect_reach * lev[:, CONNECT] + referral
                        + p.belonging_reach * (self._neighbourhood_mean(r.belonging) - 0.5),
                        0.0, 1.0)
        spare = np.maximum(capacity_h - ties.given[helpers], 0.0)
        matched = help.pool_help(remaining, spare * helper_blocks.spread(reach), helper_blocks,
                                 needy_blocks)

        # The neighbourhood team serves its eligible cases by severity while its hours last.
        informal_total = tie_received + matched.received + from_initiatives.received
        pro_request = where_true(eligible, np.maximum(request - informal_total, 0.0))
        extra = 0.0 if self.scenario_config.policy.integrated_teams \
            else p.multi_domain_intake_extra
        cost = pro_request * (1.0 + extra * r.multi_domain[needy])
        received, used, waiting = help.professional_help(
            pro_request, cost, need, team_n, self.teams.direct_hours)
        unmet = request - informal_total - received

        r.need_hours, r.own_hours = _scatter(n, needy, hours_n), _scatter(n, needy, own_n)
        r.informal_received = ties.received
        r.informal_received[needy] += matched.received
        r.volunteer_received = _scatter(n, needy, from_initiatives.received)
        r.professional_received = _scatter(n, needy, received)
        unmet = np.maximum(unmet, 0.0)
        r.unmet_hours = _scatter(n, needy, unmet)
        # Who asked and the share met, as _met_share has them, for the attitudes this week.
        asked = np.flatnonzero(hours_n > 0)
        self._week_met = needy[asked], (hours_n[asked] - unmet[asked]) / hours_n[asked]
        # Helpers give over ties and through matching, volunteers through initiatives.
        r.given_hours = ties.given
        r.given_hours[helpers] += matched.given
        r.given_hours[volunteers] = from_initiatives.given
        # Effort: what helpers gave; for volunteers also their time that is not care, or
        # that paperwork took.
        self._effort = r.given_hours.copy()
        self._effort[volunteers] += volunteer_hours - care_kept
        waiting_rows = needy[waiting]
        waiting_weeks = r.waiting_weeks[waiting_rows] + 1
        r.waiting_weeks = np.zeros(n, dtype=np.int16)
        r.waiting_weeks[waiting_rows] = waiting_weeks
        r.in_care[needy[received > 0.0]] = True
        # weeks in a row with the same main carer: +1 with the same one, 1 with a new one
        carers = np.flatnonzero(ties.main >= 0)
        same = ties.main[carers] == r.main_carer[carers]
        care_weeks = np.zeros(n, dtype=np.int16)
        care_weeks[carers] = (r.care_weeks[carers] + 1) * same + ~same
        r.care_weeks = care_weeks
        r.main_carer = ties.main
        long_care = carers[care_weeks[carers] >= LONG_CARE_WEEKS]
        r.year_long_carer[ties.main[long_care]] = True

        self._help_flows = {
            "tie_hours": float(tie_received.sum()),
            "matched_hours": float(matched.received.sum()),
            "referral_hours": float(
                (matched.received * needy_blocks.spread(_share(referral, reach))).sum()
                + (from_initiatives.received
                   * needy_blocks.spread(_share(referral, v_reach))).sum()),
            "intake_extra_hours": float((used - received).sum()),
        }
        t = self.teams
        t.cases = np.bincount(team_n[used > 0], minlength=self.n_teams).astype(float)
        t.eligible = np.bincount(team_n[eligible], minlength=self.n_teams).astype(float)
        t.waiting = np.bincount(team_n[waiting], minlength=self.n_teams).astype(float)
        t.hours_used = np.bincount(team_n, weights=used, minlength=self.n_teams)
        t.waiting_quarter += t.waiting
        t.eligible_quarter += t.eligible
        t.idle_quarter += np.maximum(t.direct_hours - t.hours_used, 0.0)
        t.capacity_quarter += t.direct_hours

    def _participation(self) -> None:
        r, p = self.residents, self.params
        nb = r.neighbourhood
        # Active ties at the start of the week; belonging responds to their share too.
        active_ties = self._active_ties.update(r.active)
        if self.mechanisms.social_influence:
            active_share = active_ties / self.network.divisor
        else:
            active_share = np.zeros(len(r))
        self._week_active_share = active_share
        d = participation_rules.drive(r.motivation, None, active_share, r.belonging, None, p,
                                      self._room_drive, self._pressure_push)
        if self.mechanisms.drive_noise:
            d = d + r.drive_shock
        active_now = (d >= r.threshold) & (r.role != BURNED_OUT)
        # Only residents who start taking part choose a role: whether a tie of theirs is in
        # need, and their chance to join an initiative, are looked up for them alone.
        starting = np.flatnonzero(active_now & (r.role == NONE))
        tie_in_need = np.zeros(len(r), dtype=bool)
        tie_in_need[starting] = self.network.any_flagged(starting, r.need > 0.0)
        chance = np.zeros(len(r))
        chance[starting] = participation_rules.volunteer_chance(r.ses[starting], p)
        nearby = np.zeros(len(r), dtype=bool)
        if self.mechanisms.initiatives:
            nearby = self.blocks.spread(
                self.initiatives.alive_per_neighbourhood(self.n_neighbourhoods) > 0)
        new_role = participation_rules.next_roles(
            r.role, active_now, tie_in_need, p.carer_pull, chance, nearby, self.rng)
        leaving = np.flatnonzero((r.role == VOLUNTEER) & (new_role != VOLUNTEER))
        r.initiative[leaving] = -1
        joiners = np.flatnonzero((new_role == VOLUNTEER) & (r.role != VOLUNTEER))
        chosen = initiatives.choose(nb[joiners], self.initiatives, self.n_neighbourhoods,
                                    self.rng)
        r.initiative[joiners] = chosen
        new_role[joiners[chosen < 0]] = HELPER
        r.role = new_role

    def _motivation(self) -> None:
        if not self.mechanisms.motivation:
            return
        r = self.residents
        r.motivation = motivation.update(r.motivation, r.motivation_baseline, r.trust,
                                         self._room_lift, self._crowded_out, self.params)

    def _strain(self) -> None:
        r, p = self.residents, self.params
        recovering = np.flatnonzero(r.role == BURNED_OUT)
        r.burnout_weeks[recovering] -= 1
        recovered = recovering[r.burnout_weeks[recovering] <= 0]
        r.role[recovered] = NONE
        r.strain[recovered] = 0.0
        if not self.mechanisms.strain:
            return
        active = r.active
        load = where_true(active, self._effort)
        relief = strain.relief(self.teams.support[self.layout.team_of_neighbourhood],
                               self.neighbourhood_levers[:, BOUNDARIES], p)
        sustainable = r.hours_available * self.blocks.spread(relief)
        r.strain = strain.update(r.strain, load, sustainable, p)
        out = np.flatnonzero(strain.burning_out(r.strain, p) & active)
        r.role[out] = BURNED_OUT
        r.burnout_weeks[out] = p.burnout_weeks
        r.initiative[out] = -1
        r.motivation[out] *= 1.0 - p.burnout_motivation_loss
        r.trust[out] = np.maximum(0.0, r.trust[out] - p.burnout_trust_loss)

    def _attitudes(self) -> None:
        if not self.mechanisms.trust_belonging:
            return
        r, p, lev = self.residents, self.params, self.neighbourhood_levers
        proximity = self.teams.proximity
        # Per neighbourhood, then for the residents with a need their own experience.
        anchor = attitudes.trust_anchor(
            self._neighbourhood_trust, lev[:, TRUST], lev[:, PRESSURE],
            self.volatility[self.layout.neighbourhood_municipality], proximity, p)
        target = self.blocks.spread(np.clip(anchor, 0.0, 1.0))
        rows, met = self._week_met  # this week's, from _help
        target[rows] = attitudes.trust_target(anchor[r.neighbourhood[rows]], met,
                                              True, p)  # all of them have a need
        r.trust = attitudes.update_trust(r.trust, target, proximity, p)
        r.belonging = attitudes.update_belonging(r.belonging, self._belonging_anchor,
                                                 self._week_active_share, p)
        self.volatility *= 1.0 - p.volatility_decay

    def _initiatives(self, week: int) -> None:
        if not self.mechanisms.initiatives:
            return
        r, p, inits = self.residents, self.params, self.initiatives
        count = initiatives.members(r.initiative, len(inits))
        folding = initiatives.dissolving(inits.alive, count, p, self.rng)
        if folding.any():
            inits.alive[folding] = False
            orphans = (r.initiative >= 0) & folding[np.maximum(r.initiative, 0)]
            r.initiative[orphans] = -1
            r.role[orphans] = HELPER  # they stay active, now helping informally
        founded = initiatives.forming(self.layout.neighbourhood_residents,
                                      self.neighbourhood_levers[:, ROOM],
                                      self._neighbourhood_mean(r.belonging), p, self.rng)
        if len(founded):
            inits.add(founded, week)

    def _spend(self) -> None:
        p, t = self.params, self.teams
        staff = t.fte * p.fte_cost / WEEKS_PER_YEAR
        alive = self._initiatives_per_team()
        week = {
            "professionals": staff,
            "overhead": staff * t.overhead,
            "levers": self._team_lever_cost / WEEKS_PER_YEAR,
            "initiatives": alive * p.initiative_subsidy / WEEKS_PER_YEAR,
            "crisis": self._crises * p.crisis_cost,
        }
        self.budget_state.book(week)

    def _record_week(self, t: int) -> None:
        r = self.residents
        month = min((t % WEEKS_PER_YEAR) * 12 // WEEKS_PER_YEAR, 11)
        volunteer = r.role == VOLUNTEER
        r.year_volunteer_months |= volunteer.astype(np.uint16) << np.uint16(month)
        r.year_volunteer_weeks += volunteer
        r.year_volunteer_hours += self._effort * volunteer
        helping = (r.role == HELPER) & (r.given_hours > 0)
        r.year_helper_weeks += helping
        r.year_helper_hours += r.given_hours * helping
        np.maximum(r.year_max_strain, r.strain * r.active, out=r.year_max_strain)

    def _collect(self) -> None:
        self.latest, self.latest_neighbourhoods = metrics.compute(self)
        self.datacollector.collect(self)
        metrics.add_neighbourhood_rows(self.datacollector, self.latest_neighbourhoods)

    # ---------------------------------------------------------------- planning

    def _start_teams(self) -> Teams:
        p, n = self.params, self.n_teams
        zeros = np.zeros(n)
        return Teams(
            fte=zeros.copy(), admin_share=zeros.copy(),
            access_threshold=np.full(n, p.access_threshold_initial),
            direct_hours=zeros.copy(), network_hours=zeros.copy(), support=zeros.copy(),
            proximity=p.scale_proximity[self.scenario_config.scale],
            overhead=p.scale_overhead[self.scenario_config.scale],
            cases=zeros.copy(), eligible=zeros.copy(), waiting=zeros.copy(),
            hours_used=zeros.copy(), waiting_quarter=zeros.copy(),
            eligible_quarter=zeros.copy(), idle_quarter=zeros.copy(),
            capacity_quarter=zeros.copy())

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

    def _update_neighbourhood_levers(self) -> None:
        lev = self.levers[self.layout.neighbourhood_municipality].copy()
        if self.scenario_config.policy.aim == "weak_neighbourhoods":
            ses = self.layout.neighbourhood_ses
            weak = ses < np.median(ses)
            for lever in (CONNECT, BELONGING):
                lev[:, lever] = np.where(
                    weak, np.minimum(1.0, self.params.aim_weak_factor * lev[:, lever]),
                    self.params.aim_strong_factor * lev[:, lever])
        self.neighbourhood_levers = lev
        # The same per resident, one contiguous row per lever: the weekly rules read these.
        self.resident_levers = np.ascontiguousarray(lev[self.residents.neighbourhood].T)
        self._cache_lever_terms()
        per_inhabitant = lever_cost_per_inhabitant(self.levers, self._lever_unit_cost)
        self._team_lever_cost = per_inhabitant_to_teams(per_inhabitant, self.layout,
                                                        self.n_teams)

    def _cache_lever_terms(self) -> None:
        """Terms that depend on levers only, per resident or per neighbourhood: computed
        when levers change, not every week (a power over 100,000 residents costs as much as
        a whole rule)."""
        p, rlev = self.params, self.resident_levers
        lev = self.neighbourhood_levers  # per neighbourhood: spread over subsets of residents
        self._cap_factor = p.helper_overstretch * (1.0 - p.boundaries_cap * lev[:, BOUNDARIES])
        self._paperwork_free = 1.0 - p.initiative_paperwork * (1.0 - lev[:, TRUST])
        self._room_drive = participation_rules.room_factor(rlev[ROOM], p)
        self._pressure_push = participation_rules.pressure_push(rlev[PRESSURE], p)
        self._room_lift = motivation.room_lift(rlev[ROOM], p)
        self._crowded_out = motivation.crowding(rlev[ROOM], rlev[PRESSURE], p)
        self._belonging_anchor = self.blocks.spread(attitudes.belonging_anchor(
            self._neighbourhood_belonging, self.neighbourhood_levers[:, BELONGING], p))

    def _plan_year(self, year: int) -> None:
        """Set this year's budget and staff the teams with what is left after levers,
        subsidies and the crisis-care reserve."""
        config, p, t = self.scenario_config, self.params, self.teams
        per_inhabitant = np.array([
            (m.budget_per_inhabitant if m.budget_per_inhabitant is not None
             else config.budget.per_inhabitant) for m in config.region.municipalities])
        per_inhabitant = per_inhabitant * config.budget.factor(year)
        state = self.budget_state
        state.municipal_budget = per_inhabitant * self.layout.municipality_inhabitants
        state.team_budget = per_inhabitant_to_teams(per_inhabitant, self.layout, self.n_teams)
        # Crisis care is an entitlement: it is paid whatever it costs, from the share of the
        # budget set aside for it and, beyond that, as overspending.
        committed = (self._team_lever_cost + self._initiatives_per_team() * p.initiative_subsidy
                     + p.crisis_budget_share * state.team_budget)
        t.fte = municipality.staff_fte(state.team_budget, committed, t.overhead, p)
        self._update_team_hours()
        self._sync_professionals()

    def _update_team_hours(self) -> None:
        p, t = self.params, self.teams
        trust_lever = np.bincount(self.layout.team_of_neighbourhood,
                                  weights=self.neighbourhood_levers[:, TRUST],
                                  minlength=self.n_teams) \
            / np.bincount(self.layout.team_of_neighbourhood, minlength=self.n_teams)
        t.admin_share = municipality.admin_share(trust_lever, p)
        t.direct_hours, t.network_hours = municipality.team_hours(
            t.fte, t.admin_share, self.scenario_config.policy.network_work_share, p)
        active = np.bincount(self.residents.team[self.residents.active], minlength=self.n_teams)
        t.support = np.clip(np.divide(t.network_hours, active * p.network_support_hours,
                                      out=np.ones(self.n_teams), where=active > 0), 0.0, 1.0)

    def _new_year(self, year: int) -> None:
        for entry in self.scenario_config.schedule:
            if entry.year == year:
                self.set_levers(entry.levers.values())
        self.residents.reset_year()
        self.budget_state.reset_year()
        if self.mechanisms.municipality:
            self._plan_year(year)

    def _quarter(self) -> None:
        p, t = self.params, self.teams
        waiting_share = np.divide(t.waiting_quarter, t.eligible_quarter,
                                  out=np.zeros(self.n_teams), where=t.eligible_quarter > 0)
        idle_share = np.divide(t.idle_quarter, t.capacity_quarter, out=np.zeros(self.n_teams),
                               where=t.capacity_quarter > 0)
        weeks = (self.steps - 1) % WEEKS_PER_YEAR  # done this budget year (0 at its start)
        overspent = self.budget_state.team_spent() \
            > (1.0 + p.overspend_tolerance) * self.budget_state.team_budget \
            * weeks / WEEKS_PER_YEAR
        t.access_threshold = municipality.adjust_access(t.access_threshold, waiting_share,
                                                        idle_share, overspent, p)
        for name in ("waiting_quarter", "eligible_quarter", "idle_quarter", "capacity_quarter"):
            getattr(t, name)[:] = 0.0
        if self.scenario_config.policy.adaptive_learning:
            self._learn()
        self._update_team_hours()

    def _learn(self) -> None:
        latest = self.latest
        marks = {"unmet_share": latest["unmet_share"],
                 "overburdened_share": latest["overburdened_share"],
                 "participation": latest["participation"], "trust": latest["mean_trust"]}
        if self._quarter_marks is not None:
            change = {k: marks[k] - self._quarter_marks[k] for k in marks}
            for index in range(len(self.levers)):
                learned = municipality.learn(self.municipal_levers(index), change, self.params)
                self.levers[index] = [learned[lever] for lever in LEVERS]
            self._update_neighbourhood_levers()
        self._quarter_marks = marks

    # ---------------------------------------------------------------- views

    def _initiatives_per_team(self) -> np.ndarray:
        """Living initiatives in each team's area (they are subsidised per team)."""
        per_nb = self.initiatives.alive_per_neighbourhood(self.n_neighbourhoods)
        return np.bincount(self.layout.team_of_neighbourhood, weights=per_nb,
                           minlength=self.n_teams)

    def _met_share(self) -> np.ndarray:
        """Share of each resident's need hours met last help round (1 without a need)."""
        r = self.residents
        met = np.ones(len(r))
        needy = np.flatnonzero(r.need_hours > 0)
        hours = r.need_hours[needy]
        met[needy] = (hours - r.unmet_hours[needy]) / hours
        return met

    def _neighbourhood_mean(self, values: np.ndarray) -> np.ndarray:
        """Mean of a resident column per neighbourhood."""
        return self.blocks.sums(values) / np.maximum(self.layout.neighbourhood_residents, 1)

    def _sync_professionals(self) -> None:
        wanted = np.rint(self.teams.fte).astype(int)
        current = super().agents_by_type.get(Professional, [])
        by_team: dict[int, list[Professional]] = {}
        for agent in list(current):
            by_team.setdefault(agent.team, []).append(agent)
        for team in range(self.n_teams):
            have = by_team.get(team, [])
            for agent in have[wanted[team]:]:
                agent.remove()
            for _ in range(wanted[team] - len(have)):
                Professional(self, team)

    def _sync_volunteer_views(self) -> None:
        """Make the Volunteer views match the role column (only when someone looks)."""
        views = self.__dict__.get("_volunteer_views")
        if views is None:
            return
        rows = set(np.flatnonzero(self.residents.role == VOLUNTEER).tolist())
        for row in [row for row in views if row not in rows]:
            views.pop(row).remove()
        for row in sorted(rows - views.keys()):
            views[row] = Volunteer(self, row)


def _scatter(n: int, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A full column of `n` zeros with `values` at `rows`."""
    out = np.zeros(n)
    out[rows] = values
    return out


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(whole), where=whole > 0)


def _municipal_lever(config: Scenario, municipality_config: Any, lever: str) -> float:
    own = municipality_config.levers.values() if municipality_config.levers else {}
    return float(own.get(lever, getattr(config.levers, lever)))


def _with_overrides(config: Scenario, overrides: dict[str, float]) -> Scenario:
    """The scenario with some levers replaced, validated like the file itself."""
    if not overrides:
        return config
    unknown = sorted(set(overrides) - set(LEVERS))
    if unknown:
        raise TypeError(f"unknown keyword {', '.join(unknown)}; levers are: "
                        f"{', '.join(LEVERS)}")
    data = config.model_dump()
    data["levers"].update(overrides)
    for municipality_data in data["region"]["municipalities"]:
        if municipality_data.get("levers"):
            for lever in overrides:
                municipality_data["levers"][lever] = None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, "<lever overrides>", Scenario)) from None
