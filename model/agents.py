"""Mesa agents as thin views on the column store (docs/model.md#speed).

A `Resident` holds only its row number; its attributes read and write the model's NumPy
columns, so Mesa's AgentSet tools work while the weekly rules stay vectorised. The weekly
rules never loop over these objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import mesa
import numpy as np

from model.parameters import AGE_GROUPS, DOMAINS
from model.population import ROLE_NAMES

# Each agent's `model` is a ParticipationModel; it is typed as `mesa.Model` because the
# model module imports this one (an import back would be a circle).


class Column:
    """Descriptor: an attribute that lives in `model.residents.<name>[row]`."""

    def __init__(self, doc: str = "", column: str | None = None) -> None:
        self.__doc__ = doc
        self.column = column

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = self.column or name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        return getattr(agent.model.residents, self.name)[agent.row].item()

    def __set__(self, agent: Any, value: Any) -> None:
        getattr(agent.model.residents, self.name)[agent.row] = value


class Resident(mesa.Agent):
    """One inhabitant aged 15+, a view on row `row` of the model's resident columns."""

    age_group_index = Column("age group index into AGE_GROUPS", column="age_group")
    ses = Column("socio-economic status, 0..1")
    self_reliance = Column("share of own need hours covered alone (zelfredzaamheid)")
    hours_available = Column("spare hours a week to help others")
    motivation = Column("intrinsic motivation, 0..1")
    threshold = Column("participation threshold, 0..1 (Granovetter)")
    trust = Column("trust in the municipality, 0..1")
    belonging = Column("sense of belonging, 0..1")
    strain = Column("strain from helping (1 = burnout)")
    need = Column("severity of the support need, 0 = none")
    unmet_hours = Column("hours of last week's need that went unmet")
    given_hours = Column("hours given to others last week")

    def __init__(self, model: mesa.Model, row: int) -> None:
        super().__init__(model)
        self.row = row

    @property
    def neighbourhood(self) -> str:
        return self.model.layout.neighbourhood_names[self.model.residents.neighbourhood[self.row]]

    @property
    def municipality(self) -> str:
        return self.model.layout.municipality_names[self.model.residents.municipality[self.row]]

    @property
    def age_group(self) -> str:
        return AGE_GROUPS[self.age_group_index]

    @property
    def role(self) -> str:
        """none, informal_helper, volunteer or burned_out."""
        return ROLE_NAMES[self.model.residents.role[self.row]]

    @property
    def need_domain(self) -> str | None:
        domain = int(self.model.residents.need_domain[self.row])
        return DOMAINS[domain] if domain >= 0 else None

    @property
    def ties(self) -> list[int]:
        """Rows of the residents this one is tied to."""
        net = self.model.network
        return net.indices[net.indptr[self.row]:net.indptr[self.row + 1]].tolist()


class Volunteer(Resident):
    """A resident taking part in a citizen initiative or care cooperative.

    Volunteer views are made and dropped to match the role column whenever the model's
    agents are looked at, not inside the weekly step.
    """

    @property
    def initiative(self) -> int:
        return int(self.model.residents.initiative[self.row])


class Professional(mesa.Agent):
    """A social worker in a neighbourhood team (sociaal wijkteam)."""

    def __init__(self, model: mesa.Model, team: int) -> None:
        super().__init__(model)
        self.team = team

    @property
    def team_name(self) -> str:
        return self.model.layout.team_names[self.team]

    @property
    def hours(self) -> float:
        return self.model.config.parameters.fte_hours

    @property
    def admin_share(self) -> float:
        return float(self.model.teams.admin_share[self.team])

    @property
    def network_share(self) -> float:
        """Share of hours spent supporting informal helpers and initiatives."""
        return self.model.config.policy.network_work_share

    @property
    def caseload(self) -> float:
        """Cases the team served last week, per professional."""
        teams = self.model.teams
        fte = teams.fte[self.team]
        return float(teams.cases[self.team] / fte) if fte > 0 else 0.0


class Municipality(mesa.Agent):
    """A municipality: its budget, its levers, and the team(s) it takes part in."""

    def __init__(self, model: mesa.Model, index: int, name: str) -> None:
        super().__init__(model)
        self.index = index
        self.name = name

    @property
    def levers(self) -> dict[str, float]:
        return self.model.municipal_levers(self.index)

    @property
    def budget(self) -> float:
        """This year's budget, euro."""
        return float(self.model.budget_state.municipal_budget[self.index])

    @property
    def spending(self) -> float:
        """Spending so far this year, euro (its share of shared teams' spending)."""
        return float(self.model.budget_state.municipal_spending[self.index])

    @property
    def budget_balance(self) -> float:
        """Budget to date minus spending to date this year, euro."""
        return float(self.model.budget_state.municipal_balance(self.index, self.model.week))

    @property
    def access_threshold(self) -> float:
        team = self.model.layout.team_of_municipality[self.index]
        teams = self.model.teams
        if team < 0:  # hyperlocal: one team per neighbourhood; report their mean
            mine = self.model.layout.team_of_neighbourhood[
                self.model.layout.neighbourhood_municipality == self.index]
            return float(teams.access_threshold[mine].mean())
        return float(teams.access_threshold[team])


def sync_professionals(model: mesa.Model, wanted: np.ndarray,
                       current: Iterable[Professional]) -> None:
    """Add or remove Professional agents so that team `i` has `wanted[i]` of them."""
    by_team: dict[int, list[Professional]] = {}
    for agent in list(current):
        if agent.team >= len(wanted):  # its team went in a reorganisation
            agent.remove()
            continue
        by_team.setdefault(agent.team, []).append(agent)
    for team in range(len(wanted)):
        have = by_team.get(team, [])
        for agent in have[wanted[team]:]:
            agent.remove()
        for _ in range(wanted[team] - len(have)):
            Professional(model, team)


def sync_volunteers(model: mesa.Model, views: dict[int, Volunteer],
                    volunteer_rows: np.ndarray) -> None:
    """Make the Volunteer views (by resident row) match the rows whose role is volunteer."""
    rows = set(volunteer_rows.tolist())
    for row in [row for row in views if row not in rows]:
        views.pop(row).remove()
    for row in sorted(rows - views.keys()):
        views[row] = Volunteer(model, row)


def create_agents(model: mesa.Model, registered: dict) -> None:
    """The model's agents at the start: a Municipality per municipality and a Resident view
    per row. Every type is reachable through `agents_by_type` even while it has no agents
    (`registered` is Mesa's own mapping): Mesa keeps a type's (empty) set once an agent of
    it has been registered."""
    for agent_type, args in ((Volunteer, (0,)), (Professional, (0,))):
        if agent_type not in registered:
            agent_type(model, *args).remove()
    for index, name in enumerate(model.layout.municipality_names):
        Municipality(model, index, name)
    for row in range(len(model.residents)):
        Resident(model, row)

