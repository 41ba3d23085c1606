"""`model.teams`: what a team records of its week and how its quarter changes access."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from model.teams import Teams
from tests.worked import F, T, arr, params


def two_teams() -> Teams:
    teams = Teams.of_scale(2, "local", params())
    teams.direct_hours = arr(10.0, 5.0)
    return teams


def test_a_week_is_counted_per_team_and_summed_over_the_quarter() -> None:
    teams = two_teams()
    # four cases: team 0 served two (3 h and 2 h), team 1 one eligible case waiting unserved
    team = np.array([0, 0, 1, 1])
    used, eligible = arr(3.0, 2.0, 0.0, 0.0), np.array([T, T, T, F])
    waiting = np.array([F, F, T, F])
    for _ in range(2):
        teams.record_week(team, used, eligible, waiting, waiting)
    assert_allclose(teams.cases, [2, 0])
    assert_allclose(teams.eligible, [2, 1])
    assert_allclose(teams.waiting, [0, 1])
    assert_allclose(teams.hours_used, [5.0, 0.0])
    assert_allclose(teams.waiting_quarter, [0, 2])
    assert_allclose(teams.idle_quarter, [10.0, 10.0])  # 5 idle a week in team 0, 5 in team 1
    assert_allclose(teams.capacity_quarter, [20.0, 10.0])


def test_the_intake_is_on_the_list_but_only_the_queue_tightens_access() -> None:
    teams = two_teams()
    waiting = np.array([T, T])
    teams.record_week(np.array([0, 1]), arr(0.0, 0.0), np.array([T, T]), waiting,
                      np.array([F, T]))  # team 0's case is in its intake, team 1's queues
    assert_allclose(teams.waiting, [1, 1])
    assert_allclose(teams.waiting_quarter, [0, 1])


def test_access_is_never_narrowed_past_the_ceiling_of_week_0() -> None:
    p = params(access_tightening_limit=0.02, access_threshold_step=0.05)
    teams = two_teams()
    teams.fix_access_ceiling(p)
    start = teams.access_threshold.copy()
    teams.record_week(np.array([0, 1]), arr(0.0, 0.0), np.array([T, T]), np.array([T, T]),
                      np.array([T, T]))
    teams.quarterly_access(np.array([T, T]), p)
    assert_allclose(teams.access_threshold, start + 0.02)


def test_the_quarter_tightens_access_where_people_wait_and_starts_afresh() -> None:
    p = params()
    teams = two_teams()
    teams.record_week(np.array([0, 1]), arr(1.0, 0.0), np.array([T, T]), np.array([F, T]),
                      np.array([F, T]))
    before = teams.access_threshold.copy()
    teams.quarterly_access(np.array([F, F]), p)
    # team 0: 9 of 10 hours idle, nobody waits -> looser; team 1: all waiting -> stricter
    assert_allclose(teams.access_threshold - before,
                    [-p.access_threshold_step, p.access_threshold_step])
    for column in (teams.waiting_quarter, teams.eligible_quarter, teams.idle_quarter,
                   teams.capacity_quarter):
        assert not column.any()


def test_support_is_network_hours_per_active_helper() -> None:
    p = params(network_support_hours=2.0, admin_share_base=0.0)
    teams = Teams.of_scale(3, "local", p)
    teams.fte = arr(1.0, 1.0, 1.0)
    # 36 h per FTE, 10% network work: 3.6 h; helpers 1, 10 and none
    teams.set_hours(arr(0.5, 0.5, 0.5), 0.1, np.array([1, 10, 0]), p)
    assert_allclose(teams.network_hours, [3.6, 3.6, 3.6])
    assert_allclose(teams.support, [1.0, 0.18, 1.0])
