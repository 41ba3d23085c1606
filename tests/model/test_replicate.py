"""`model.replicate`: many runs give what one run at a time gives, in the order asked."""

from __future__ import annotations

from model import ParticipationModel, RunSpec, replications, run_many, simulate
from tests.model import readers

TOWN = "scenarios/validation/town.yaml"


def test_run_many_equals_one_run_at_a_time_in_processes_too() -> None:
    specs = replications(TOWN, [3, 1, 2], weeks=6)
    one_by_one = [readers.participation(simulate(spec)) for spec in specs]
    seen: list[tuple[int, int]] = []
    assert run_many(specs, readers.participation,
                    progress=lambda done, total: seen.append((done, total))) == one_by_one
    assert run_many(specs, readers.participation, workers=2) == one_by_one
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_spec_is_the_model_with_its_seed_weeks_and_levers() -> None:
    model = simulate(RunSpec(TOWN, seed=5, weeks=3, levers={"trust": 0.9}))
    direct = ParticipationModel(TOWN, rng=5, trust=0.9)
    direct.run(3)
    assert model.week == direct.week == 3
    assert model.latest == direct.latest
