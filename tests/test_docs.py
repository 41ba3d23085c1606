"""The documentation says what the code does."""

from __future__ import annotations

from model.parameter_docs import DOC, render
from model.parameters import Parameters


def test_parameter_table_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), \
        "docs/parameters.md is stale: run python -m model.parameter_docs"


def test_every_parameter_has_unit_range_and_source():
    for name, info in Parameters.model_fields.items():
        extra = info.json_schema_extra or {}
        assert info.description, name
        assert extra.get("unit"), name
        assert extra.get("source"), name
        lo, hi = extra.get("range", [None, None])
        assert lo is not None and hi is not None and lo <= hi, name
