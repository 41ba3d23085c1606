"""Figures and links in the docs that could drift from the code: each test reads a doc and
checks what it says against the schema, the parameters, a run or the file system."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from model import ParticipationModel, load_scenario
from model.levers import LEVER_SPECS
from model.parameters import Parameters
from model.scenario import MunicipalityConfig, Neighbourhood, Region, Scenario

from .conftest import SMALL

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MARKDOWN = sorted(DOCS.glob("*.md")) + [ROOT / "README.md"]
DEFAULTS = Parameters()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def fenced_block(text: str, marker: str) -> str:
    """The fenced code block on the lines right after the HTML comment `<!-- marker -->`."""
    match = re.search(rf"<!-- {re.escape(marker)} -->\n```[a-z]*\n(.*?)\n```", text, re.S)
    assert match, f"no code block after <!-- {marker} -->"
    return match.group(1)


def without_code(text: str) -> str:
    """Markdown text with fenced code blocks and inline code removed (links there are code)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


# ------------------------------------------------------------- docs/scenarios.md: defaults

SCENARIOS_MD = DOCS / "scenarios.md"


def scenario_block(marker: str) -> dict[str, Any]:
    data = yaml.safe_load(fenced_block(read(SCENARIOS_MD), marker))
    assert isinstance(data, dict), marker
    return data


def minimal() -> dict[str, Any]:
    return scenario_block("minimal scenario")


def test_minimal_scenario_is_valid_and_gives_only_the_required_fields():
    data = minimal()
    assert set(data) == {name for name, f in Scenario.model_fields.items() if f.is_required()}
    load_scenario(data)


def test_defaults_block_lists_every_optional_field_of_a_scenario():
    block = scenario_block("scenario defaults")
    optional = {name for name, f in Scenario.model_fields.items() if not f.is_required()}
    assert set(block) == optional
    for section in ("budget", "levers", "policy", "mechanisms"):
        fields = Scenario.model_fields[section].annotation.model_fields
        assert set(block[section]) == set(fields), section


def test_defaults_block_values_equal_the_schema_defaults():
    block = scenario_block("scenario defaults")
    default = load_scenario(minimal()).model_dump()
    given = load_scenario({**minimal(), **block}).model_dump()
    assert given == default
    # The values as written (before validation) are the defaults too, section by section.
    for key, value in block.items():
        if key == "parameters":
            assert value == {} and default["parameters"] == DEFAULTS.model_dump()
        else:
            assert value == default[key], key
    # The figures the text around the block insists on.
    assert default["seed"] == 0 and default["budget"]["shrinkage"] == 0.0
    assert default["schedule"] == [] and default["parameters"]["fte_cost"] == DEFAULTS.fte_cost


def test_region_defaults_block_equals_the_schema_defaults():
    block = scenario_block("region defaults")
    for key, schema in (("region", Region), ("municipality", MunicipalityConfig),
                        ("neighbourhood", Neighbourhood)):
        optional = {n: f for n, f in schema.model_fields.items() if not f.is_required()}
        assert set(block[key]) == set(optional), key
        for name, field in optional.items():
            default = field.get_default(call_default_factory=True)
            if isinstance(default, dict):
                assert block[key][name] == pytest.approx(default), (key, name)
            else:
                assert block[key][name] == default, (key, name)


def test_example_block_is_a_valid_scenario_that_is_not_the_defaults():
    example = load_scenario(scenario_block("example scenario"))
    default = load_scenario(minimal())
    for section in ("seed", "budget", "levers", "policy", "schedule", "parameters"):
        assert getattr(example, section) != getattr(default, section), section


# ------------------------------------------------------------------------- links and anchors


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = read(path)
    found = set(re.findall(r'<a id="([^"]+)"></a>', text))
    seen: dict[str, int] = {}
    for line in without_code_blocks(text).splitlines():
        match = re.match(r"#{1,6}\s+(.*)", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            found.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
    return found


def without_code_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def links(path: Path) -> list[str]:
    return re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", without_code(read(path)))


def test_link_reader_finds_the_links():
    assert "docs/model.md#week" in links(ROOT / "README.md")
    assert "model.md#targets" in links(DOCS / "ODD.md")
    assert "figures/dashboard_explore.png" in links(DOCS / "dashboard.md")  # an image


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.name)
def test_relative_links_and_anchors_resolve(path):
    broken = []
    for target in links(path):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
            broken.append(f"{target}: no anchor #{anchor} in {linked.name}")
        elif not linked.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
    assert not broken, f"{path.name}: " + "; ".join(broken)


def test_model_md_has_the_anchors_the_code_and_docs_cite():
    cited = {"domain", "sources", "structure", "agents", "levers", "week", "planning", "knobs",
             "scale", "outputs", "targets", "speed", "determinism", "calibration", "gaps",
             "glossary"}
    assert cited <= anchors(DOCS / "model.md")
    for path in repository_files():
        if path == Path(__file__).resolve():
            continue
        for anchor in re.findall(r"docs/model\.md#([\w-]+)", read(path)):
            assert anchor in anchors(DOCS / "model.md"), f"{path}: docs/model.md#{anchor}"


# ------------------------------------------------- citations of the design outside the repo

# A section number of the design document, as in the old comments; built so that this file
# does not match itself.
DESIGN_CITATION = re.compile("DESIGN" + r"(\.md\b|\s+(section\s+)?\d)")
SKIP_DIRS = {".venv", ".git", "results", "__pycache__", ".pytest_cache", ".ruff_cache",
             "node_modules"}
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".cfg", ".json", ""}


def design_citations(paths: list[Path]) -> list[str]:
    hits = []
    for path in paths:
        for number, line in enumerate(read(path).splitlines(), 1):
            if DESIGN_CITATION.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return hits


def repository_files() -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for name in names:
            path = Path(folder) / name
            if path.suffix in TEXT_SUFFIXES and path.stat().st_size < 2_000_000:
                try:
                    read(path)
                except UnicodeDecodeError:
                    continue
                files.append(path)
    return files


def test_citation_pattern_finds_the_old_forms():
    design = "DESIGN"  # split so that this file does not cite the design itself
    for text in (f"({design} 3.4)", f"{design} section 5", f"../shared/{design}.md"):
        assert DESIGN_CITATION.search(text), text
    assert not DESIGN_CITATION.search('DESIGNS = ("grid", "lhs")')


def test_docs_cite_no_design_section():
    assert not design_citations(MARKDOWN), "cite docs/model.md#anchor instead"


def test_no_file_in_the_repository_cites_a_design_section():
    assert not design_citations(repository_files()), "cite docs/model.md#anchor instead"


# ------------------------------------------------------- figures quoted in docs/model.md

MODEL_MD = DOCS / "model.md"


def table_rows(text: str, header_start: str) -> list[list[str]]:
    """The body rows of the Markdown table whose header line starts with `header_start`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_scale_table_equals_the_parameters():
    rows = table_rows(read(MODEL_MD), "| scale | one team per | proximity |")
    assert [r[0] for r in rows] == list(DEFAULTS.scale_proximity)
    for scale, _team, proximity, overhead in rows:
        assert float(proximity) == DEFAULTS.scale_proximity[scale], scale
        assert float(overhead.rstrip("%")) / 100 == pytest.approx(DEFAULTS.scale_overhead[scale])


def test_lever_table_equals_the_lever_declaration():
    rows = table_rows(read(MODEL_MD), "| lever | Dutch | default |")
    assert [r[0].strip("`") for r in rows] == [spec.name for spec in LEVER_SPECS]
    for row, spec in zip(rows, LEVER_SPECS, strict=True):
        assert float(row[2]) == spec.default, spec.name
        assert float(row[3]) == spec.cost == DEFAULTS.lever_cost[spec.name], spec.name


def test_prose_figures_of_model_md_equal_the_defaults():
    text = " ".join(read(MODEL_MD).split())
    share = Neighbourhood.model_fields["share_15_plus"].default
    assert f"`inhabitants × share_15_plus` residents (default {share})" in text
    assert f"More initiatives at the start** ({DEFAULTS.initiatives_per_1000:g} per 1,000" in text
    assert (f"spending runs more than {DEFAULTS.overspend_tolerance:.0%} ahead of the budget"
            in text)
    assert f"when over {DEFAULTS.idle_tolerance:.0%} of direct hours sat idle" in text
    assert (f"gives connect and belonging {DEFAULTS.aim_weak_factor:g} times their strength"
            in text)
    assert DEFAULTS.aim_strong_factor == 0.5 and "median SES and half in the others" in text
    assert DEFAULTS.carers_per_need == 2 and DEFAULTS.crisis_budget_share == 0.05


def test_benchmark_figures_quoted_in_model_md_are_those_of_the_results():
    text = " ".join(read(MODEL_MD).split())
    results = read(ROOT / "benchmarks" / "RESULTS.md")
    match = re.search(r"made by `benchmarks/bench.py` at (\w+)\), at 100,000 residents the "
                      r"model ran ([\d.]+ M) resident-steps/s against Mesa's ([\d.]+ M) "
                      r"activations/s on the same machine \(ratio ([\d.]+)\), and 100,000 "
                      r"residents × 520 weeks took ([\d.]+ s)", text)
    assert match, "the benchmark sentence of docs/model.md changed; update this test"
    revision, model_rate, mesa_rate, ratio, seconds = match.groups()
    assert f"Git revision: {revision}" in results
    row = next(line for line in results.splitlines() if line.startswith("| 100k |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert (cells[5], cells[7], cells[8], cells[9]) == (seconds.removesuffix(" s"), model_rate,
                                                       mesa_rate, ratio)


# ---------------------------------------------------------------- figures quoted in the ODD


def test_odd_gives_attitude_spread_as_the_starting_spread():
    text = read(DOCS / "ODD.md")
    for draw in ("trust deviation", "belonging deviation"):
        row = next(line for line in text.splitlines() if f"| {draw} |" in line)
        assert "sd `attitude_spread`" in row, row
    assert "sd 0.1" not in text


def test_starting_trust_spreads_by_attitude_spread():
    for spread in (0.0, 0.05):
        data = copy.deepcopy(SMALL)
        # Without a spin-up: the spread as drawn, before two years of drift.
        data["parameters"] = {"attitude_spread": spread, "spinup_years": 0}
        model = ParticipationModel(data, rng=1)
        deviation = model.residents.trust - 0.5  # every neighbourhood of SMALL: trust 0.5
        assert np.std(deviation) == pytest.approx(spread, rel=0.1, abs=1e-12)


def test_odd_names_a_purpose_category():
    purpose = read(DOCS / "ODD.md").split("### 1.1 Purpose")[1].split("### 1.2")[0]
    assert "Grimm et al. 2020" in purpose
    assert re.search(r"\*\*(theoretical exposition|explanation|description|prediction|"
                     r"illustration|social learning|communication)\*\*", purpose)


# ---------------------------------------------------- crisis care against its reserve
# One 5-year run of the baseline (a few seconds): crisis_rate's text quotes the range of
# seeds 0-9; seed 0 must lie inside it.


def test_crisis_share_of_the_baseline_budget_is_what_crisis_rate_says():
    source = Parameters.model_fields["crisis_rate"].json_schema_extra["source"]
    match = re.search(r"takes (\d+)-(\d+)% of the budget in year 1.*?and (\d+)-(\d+)% in "
                      r"year 5, against a reserve `crisis_budget_share` of (\d+)%", source)
    assert match, source
    y1_low, y1_high, y5_low, y5_high, reserve = (int(g) / 100 for g in match.groups())
    assert reserve == DEFAULTS.crisis_budget_share
    model = ParticipationModel(ROOT / "scenarios" / "baseline_2015.yaml", rng=0)
    model.run(5 * 52)
    weekly = model.datacollector.get_model_vars_dataframe()
    weekly = weekly[weekly["week"] > 0]
    by_year = weekly.groupby("year")[["spending_crisis", "budget_week"]].sum()
    share = by_year["spending_crisis"] / by_year["budget_week"]
    assert y1_low <= round(share.iloc[0], 2) <= y1_high, share.iloc[0]
    assert y5_low <= round(share.iloc[4], 2) <= y5_high, share.iloc[4]
