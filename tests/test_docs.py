"""The documentation says what the code does."""

from __future__ import annotations

from model.parameters import Parameters
from validation.parameter_docs import (
    DOC,
    ODD,
    odd_table_block,
    odd_table_section,
    render,
    render_odd,
)

STALE = "run python -m validation.parameter_docs"


def test_parameter_table_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), f"docs/parameters.md is stale: {STALE}"


def test_every_parameter_has_unit_range_and_source():
    for name, info in Parameters.model_fields.items():
        extra = info.json_schema_extra or {}
        assert info.description, name
        assert extra.get("unit"), name
        assert extra.get("source"), name
        lo, hi = extra.get("range", [None, None])
        assert lo is not None and hi is not None and lo <= hi, name


# ---------------------------------------------------------------- the ODD description


def odd_text() -> str:
    return ODD.read_text(encoding="utf-8")


def odd_parameter_rows() -> list[list[str]]:
    """The cells of each parameter row in the ODD's generated table (header rows skipped)."""
    rows = []
    for line in odd_table_section(odd_text()).splitlines():
        line = line.strip()
        if not line.startswith("|") or not line.endswith("|"):
            continue
        cells = [cell.strip() for cell in line[1:-1].split("|")]
        if cells[0].startswith("`"):
            rows.append(cells)
    return rows


def test_odd_parameter_table_is_current():
    text = odd_text()
    assert odd_table_section(text) == odd_table_block(), f"docs/ODD.md is stale: {STALE}"
    assert render_odd(text) == text, f"docs/ODD.md is stale: {STALE}"


def test_odd_parameter_table_lists_exactly_the_code_parameters():
    names = []
    for cells in odd_parameter_rows():
        assert cells[0].startswith("`") and cells[0].endswith("`") and len(cells[0]) > 2, cells
        names.append(cells[0].strip("`"))
    assert len(names) == len(set(names)), "a parameter is listed twice in docs/ODD.md"
    documented, in_code = set(names), set(Parameters.model_fields)
    assert not in_code - documented, \
        f"parameters missing from docs/ODD.md: {sorted(in_code - documented)}; {STALE}"
    assert not documented - in_code, \
        f"docs/ODD.md lists parameters the code lacks: {sorted(documented - in_code)}; {STALE}"


def test_odd_parameter_rows_have_unit_default_range_and_source():
    rows = odd_parameter_rows()
    assert rows, "docs/ODD.md has no parameter rows between its markers"
    for cells in rows:
        # name | meaning | unit | default | range | source
        assert len(cells) == 6, f"expected 6 cells, got {len(cells)}: {cells}"
        name, meaning, unit, default, value_range, source = cells
        for label, cell in (("meaning", meaning), ("unit", unit), ("default", default),
                            ("range", value_range), ("source", source)):
            assert cell, f"{name}: empty {label} cell in docs/ODD.md"
