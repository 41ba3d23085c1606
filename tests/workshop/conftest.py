"""Fixtures of the workshop's tests: a database in a temporary folder, its facilitator
token, and a session of the small test scenario with three participants."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest

from model import DEFAULT_LEVERS, load_scenario
from tests.conftest import SMALL
from workshop import sessions
from workshop.store import Store

T0 = 1_000_000.0  # a fixed clock: the tests pass `now`


@dataclass
class Room:
    store: Store
    token: str
    session: int
    code: str
    seats: list[str]  # participants 1..3: groups 1, 2, 3 (balanced joining)


def small_scenario() -> dict:
    return load_scenario(copy.deepcopy(SMALL)).model_dump(mode="json")


def levers(**changes: float) -> dict[str, float]:
    return {**DEFAULT_LEVERS, **changes}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "data")


@pytest.fixture
def token(store: Store) -> str:
    return sessions.facilitator_token(store)


@pytest.fixture
def room(store: Store, token: str) -> Room:
    sid, code = sessions.create_session(store, token, small_scenario(), "Test", 3, 3, 1,
                                        "nothing", now=T0)
    seats = [sessions.join(store, code, f"Deelnemer {i}", now=T0) for i in range(1, 4)]
    return Room(store, token, sid, code, seats)
