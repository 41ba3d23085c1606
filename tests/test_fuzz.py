"""Property-based tests (Hypothesis) of the input boundary: generated valid scenarios run and
are deterministic; mutated ones, in their data or their YAML text, are refused with one line
per problem naming the file, never a traceback.

The default run takes a few tens of seconds; the `slow` tests (CI runs them too) try many
more examples."""

from __future__ import annotations

import contextlib
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import run
from model import LEVERS, ParticipationModel, tables, validate_data

WEEKS = 3  # weeks each generated scenario runs
FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# Derandomised too: the suite gives the same verdict on every run (a CI run never fails on
# an example no one can replay); a fuzzing session of its own can raise the budget and drop
# `derandomize` (docs/scenarios.md#limits-and-refusals).
LONG = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

share = st.floats(0.0, 1.0, allow_nan=False)
names = st.text("abcdefghijklmnopqrstuvwxyz0123456789 -_", min_size=1, max_size=12)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario: one to three municipalities of one to three small neighbourhoods."""
    municipalities = []
    for m in range(draw(st.integers(1, 3))):
        neighbourhoods = [
            {"name": f"{draw(names)}-{m}-{i}",
             "inhabitants": draw(st.integers(5, 400)),
             "ses": draw(share), "mean_ties": draw(st.floats(0.0, 20.0)),
             "belonging": draw(share), "trust": draw(share)}
            for i in range(draw(st.integers(1, 3)))]
        municipalities.append({"name": f"{draw(names)}-{m}", "neighbourhoods": neighbourhoods})
    data: dict[str, Any] = {
        "name": draw(names),
        "seed": draw(st.integers(0, 2**63 - 1)),
        "horizon_years": draw(st.integers(1, 3)),
        "scale": draw(st.sampled_from(["hyperlocal", "local", "intermunicipal", "regional"])),
        "region": {"municipalities": municipalities},
        "levers": {lever: draw(share) for lever in draw(st.sets(st.sampled_from(LEVERS)))},
        "budget": {"per_inhabitant": draw(st.floats(0.0, 2000.0)),
                   "shrinkage": draw(st.one_of(share, st.lists(share, max_size=3)))},
        "policy": {"network_work_share": draw(st.floats(0.0, 0.9)),
                   "integrated_teams": draw(st.booleans()),
                   "aim": draw(st.sampled_from(["even", "weak_neighbourhoods"]))},
    }
    if draw(st.booleans()):
        data["network"] = "complete"
    return data


def first_weeks(data: dict[str, Any]) -> pd.DataFrame:
    model = ParticipationModel(validate_data(data, "<generated>"))
    for _ in range(WEEKS):
        model.step()
    return tables(model)["model"]


def check_runs_and_is_deterministic(data: dict[str, Any]) -> None:
    first = first_weeks(data)
    assert len(first) == WEEKS + 1
    numbers = first.select_dtypes("number").to_numpy()
    assert not pd.isna(numbers).any()
    pd.testing.assert_frame_equal(first, first_weeks(data))


@FAST
@given(scenarios())
def test_generated_scenarios_run_and_are_deterministic(data):
    check_runs_and_is_deterministic(data)


# --------------------------------------------------------------------------------------------
# Mutations: each makes a valid scenario invalid


def _numeric_paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every number (not a bool) in the scenario."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _numeric_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _numeric_paths(v, (*path, i))]
    return [path] if isinstance(data, int | float) and not isinstance(data, bool) else []


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


BAD_NUMBERS = [math.nan, math.inf, -math.inf, -1, 10**20, "0.5", "ten", True, None, [1],
               {"a": 1}]


@st.composite
def invalid_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(scenarios())
    kind = draw(st.sampled_from(["number", "unknown", "missing", "duplicate", "type"]))
    if kind == "number":
        path = draw(st.sampled_from(_numeric_paths(data)))
        bad = draw(st.sampled_from(BAD_NUMBERS))
        if path[-1] == "shrinkage" or "shrinkage" in path:
            bad = draw(st.sampled_from([math.nan, -1, 2, "0.5", True, [math.inf]]))
        _set(data, path, bad)
    elif kind == "unknown":
        data[draw(st.sampled_from(["levers", "policy", "budget"]))]["no_such_field"] = 1
    elif kind == "missing":
        if draw(st.booleans()):
            del data["name"]
        else:
            del data["region"]["municipalities"][0]["neighbourhoods"][0]["inhabitants"]
    elif kind == "duplicate":
        nbs = data["region"]["municipalities"][0]["neighbourhoods"]
        nbs.append(dict(nbs[0]))
    else:
        section = draw(st.sampled_from(["region", "levers", "budget", "policy", "name"]))
        data[section] = draw(st.sampled_from([[1, 2], 3.5, "text", None, {"x": [1]}]))
        if section == "name" and isinstance(data[section], str):
            data[section] = ""
    return data


def validate_text(text: str) -> tuple[int, str]:
    """`run.py validate` on a file holding `text`: its exit code and stderr. Any exception
    escaping `main` fails the test: that is the traceback a user would see."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = run.main(["validate", str(path)])
        lines = err.getvalue().strip().splitlines()
        assert all(line.startswith(str(path)) for line in lines), lines
        assert all(len(line) < 400 for line in lines), lines
        return code, err.getvalue()


def check_refused(data: dict[str, Any]) -> None:
    code, err = validate_text(yaml.safe_dump(data, sort_keys=False))
    assert code == 2, err
    assert "Traceback" not in err and err.strip()


@FAST
@given(invalid_scenarios())
def test_mutated_scenarios_are_refused_in_one_line_each(data):
    check_refused(data)


@st.composite
def mangled_texts(draw: st.DrawFn) -> str:
    """A valid scenario's YAML with a few characters replaced, inserted or cut off."""
    text = yaml.safe_dump(draw(scenarios()), sort_keys=False)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from(["[", "]", "{", ":", "&a ", "*a", "!!python/object ", "\t",
                                     "- ", "\n  ", "'", '"', "\0", "? ", "<<: ", "%YAML 1.1",
                                     "---\n", "\udcff", "1e999", "0x1F", "~"]))
        cut = draw(st.integers(0, 3))
        text = text[:at] + junk + text[at + cut:]
    return text


@FAST
@given(mangled_texts())
def test_mangled_yaml_is_valid_or_refused_never_a_traceback(text):
    code, err = validate_text(text)
    assert code in (0, 2), err
    assert "Traceback" not in err


@pytest.mark.slow
@LONG
@given(scenarios())
def test_slow_many_generated_scenarios(data):
    check_runs_and_is_deterministic(data)


@pytest.mark.slow
@LONG
@given(invalid_scenarios())
def test_slow_many_mutated_scenarios(data):
    check_refused(data)


@pytest.mark.slow
@LONG
@given(mangled_texts())
def test_slow_many_mangled_texts(text):
    code, err = validate_text(text)
    assert code in (0, 2), err

