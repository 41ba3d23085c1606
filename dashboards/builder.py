"""A scenario built on the "My municipality" page, without YAML: what the form holds (a
`Draft`: text as typed, so that a half-typed number is kept and named), checked with the
same schema and messages as a scenario file, written as the YAML a researcher can run.

The form's fields, their defaults and their allowed ranges are read off the schema
(`model.scenario`), never typed again here, so the page and the files cannot disagree. No
UI code: the page is `dashboards/builder_page.py`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from dashboards.settings import MAX_HORIZON
from model import (
    NOTHING,
    MunicipalityConfig,
    Problem,
    Scenario,
    ScenarioError,
    __version__,
    memory_problem,
    schema_class,
    validate_data,
)

NEIGHBOURHOOD: type[BaseModel] = schema_class(
    MunicipalityConfig.model_fields["neighbourhoods"].annotation)
BUDGET: type[BaseModel] = schema_class(Scenario.model_fields["budget"].annotation)
# A neighbourhood's fields an import brings and the form keeps as they are; the others
# (inhabitants, ses, mean_ties, belonging, trust) are the form's columns, in schema order.
CARRIED = ("name", "code", "share_15_plus", "age_mix")
FORM_FIELDS = tuple(name for name in NEIGHBOURHOOD.model_fields if name not in CARRIED)
BUDGET_FIELDS = ("per_inhabitant", "shrinkage")
# What a new neighbourhood starts with when there is none to copy: a value to type over
# (the schema has no default for inhabitants: it is required).
NEW_INHABITANTS = 1_000
NEIGHBOURHOODS = "region.municipalities[0].neighbourhoods"
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
THOUSANDS = re.compile(r"^\d{1,3}([., ]\d{3})+$")


@dataclass(frozen=True)
class FieldSpec:
    """One number of the form as the schema declares it: its default (None: required) and
    its bounds."""

    name: str
    integer: bool
    default: float | None
    low: float | None
    high: float | None
    low_open: bool = False  # the schema's gt: the low bound itself is not allowed
    rule: str = ""  # the allowed values in words, where the bounds are not in the field

    def allowed(self) -> str:
        """The allowed values, as the page shows them ("0 to 1", "1 to 10,000,000")."""
        if self.rule:
            return self.rule
        def show(x: float) -> str:
            return f"{x:,.0f}" if self.integer or float(x).is_integer() else f"{x:g}"
        if self.low is not None and self.high is not None:
            if self.low_open:
                return f"more than {show(self.low)}, at most {show(self.high)}"
            return f"{show(self.low)} to {show(self.high)}"
        return "any number"

    def default_text(self) -> str:
        return "" if self.default is None else number_text(self.default)


def _spec(cls: type[BaseModel], name: str) -> FieldSpec:
    info: FieldInfo = cls.model_fields[name]
    low = high = None
    low_open = False
    for meta in info.metadata:
        for attr, is_low, is_open in (("ge", True, False), ("gt", True, True),
                                      ("le", False, False), ("lt", False, True)):
            bound = getattr(meta, attr, None)
            if bound is None:
                continue
            if is_low:
                low, low_open = float(bound), is_open
            else:
                high = float(bound)
    default = None if info.is_required() else info.default
    return FieldSpec(name, info.annotation is int, default, low, high, low_open)


@functools.cache
def neighbourhood_specs() -> dict[str, FieldSpec]:
    return {name: _spec(NEIGHBOURHOOD, name) for name in FORM_FIELDS}


@functools.cache
def budget_specs() -> dict[str, FieldSpec]:
    """The budget's two numbers; shrinkage's bounds live in its validator, so its rule is
    the schema's own message for a value out of range."""
    specs = {name: _spec(BUDGET, name) for name in BUDGET_FIELDS}
    try:
        validate_data({"shrinkage": -1.0}, "", BUDGET)
        rule = ""
    except ScenarioError as exc:
        rule = exc.problems[0].message.removeprefix("must be ")
    specs["shrinkage"] = replace(specs["shrinkage"], rule=rule)
    return specs


def number_text(value: Any) -> str:
    """A number as the form shows it (and YAML writes it): 5200, 0.475, 8; anything else
    (a list of yearly rates) as YAML would write it on one line."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def parse_number(text: str, integer: bool) -> float | int | None:
    """A number typed in the form, or None when it is not one. Decimals take a comma or a
    point (0,4 and 0.4); a whole number may group its thousands (2.000, 2,000, 2 000)."""
    text = text.strip().replace("\u00a0", " ")
    if integer and THOUSANDS.match(text):
        return int(re.sub(r"[., ]", "", text))
    if "," in text and "." in text:  # 1.234,5 or 1,234.5: the last one is the decimal mark
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    if not NUMBER.match(text):
        return None
    value = float(text)
    return int(value) if integer and value.is_integer() else value


@dataclass(frozen=True)
class Row:
    """A neighbourhood as the form holds it: its name, the text of each form field, and
    what an import brought that the form keeps (code, share_15_plus, age_mix)."""

    name: str
    values: Mapping[str, str]
    carried: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    """Everything the form holds. Text as typed; `check` turns it into a scenario."""

    name: str = "mijn_gemeente"
    municipality: str = "Mijn gemeente"
    rows: tuple[Row, ...] = ()
    budget: Mapping[str, str] = field(default_factory=dict)
    scale: str = "local"
    description: Mapping[str, str] = field(default_factory=dict)
    comment: str = ""  # an import's report, carried to the head of the YAML
    source: str = ""  # where the figures came from ("" when typed in)

    @classmethod
    def new(cls, prefix: str = "Wijk") -> Draft:
        """A form with one neighbourhood, at the schema's defaults."""
        budget = {name: spec.default_text() for name, spec in budget_specs().items()}
        return cls(rows=(new_row(f"{prefix} 1", None),), budget=budget)

    @classmethod
    def from_scenario(cls, data: Mapping[str, Any], comment: str = "",
                      source: str = "") -> Draft:
        """The form filled from a scenario dict of one municipality (an import's)."""
        municipality = data["region"]["municipalities"][0]
        rows = []
        for hood in municipality["neighbourhoods"]:
            values = {name: number_text(hood[name]) if name in hood else spec.default_text()
                      for name, spec in neighbourhood_specs().items()}
            carried = {k: hood[k] for k in CARRIED if k != "name" and k in hood}
            rows.append(Row(str(hood["name"]), values, carried))
        given = data.get("budget") or {}
        budget = {name: number_text(given[name]) if name in given else spec.default_text()
                  for name, spec in budget_specs().items()}
        return cls(name=str(data["name"]), municipality=str(municipality["name"]),
                   rows=tuple(rows), budget=budget, scale=str(data.get("scale", "local")),
                   description=dict(data.get("description") or {}), comment=comment,
                   source=source)

    # --- editing ------------------------------------------------------------------------
    def add_row(self, prefix: str = "Wijk") -> Draft:
        """One neighbourhood more, named `prefix` and a number that no other has; it copies
        the last one's figures (a municipality's wijken tend to be alike), or starts at the
        defaults."""
        names = {row.name for row in self.rows}
        number = len(self.rows) + 1
        while f"{prefix} {number}" in names:
            number += 1
        return replace(self, rows=(*self.rows, new_row(f"{prefix} {number}",
                                                      self.rows[-1] if self.rows else None)))

    def remove_row(self, index: int) -> Draft:
        return replace(self, rows=self.rows[:index] + self.rows[index + 1:])

    def rename_row(self, index: int, name: str) -> Draft:
        return self._with_row(index, replace(self.rows[index], name=name))

    def set_value(self, index: int, name: str, text: str) -> Draft:
        row = self.rows[index]
        return self._with_row(index, replace(row, values={**row.values, name: text}))

    def set_budget(self, name: str, text: str) -> Draft:
        return replace(self, budget={**self.budget, name: text})

    def _with_row(self, index: int, row: Row) -> Draft:
        return replace(self, rows=(*self.rows[:index], row, *self.rows[index + 1:]))

    @property
    def filename(self) -> str:
        """The file the YAML downloads as, which the messages name as their source."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.name.strip()).strip("._")[:100]
        return f"{stem or 'scenario'}.yaml"


def new_row(name: str, like: Row | None) -> Row:
    if like is not None:
        return Row(name, dict(like.values))
    values = {n: spec.default_text() for n, spec in neighbourhood_specs().items()}
    values["inhabitants"] = number_text(NEW_INHABITANTS)
    return Row(name, values)


@dataclass(frozen=True)
class Checked:
    """A draft checked: its scenario data, the scenario when it is valid, and every
    problem, each with the field path a file would have."""

    data: dict[str, Any]
    scenario: Scenario | None
    problems: tuple[Problem, ...]

    def at(self, path: str) -> list[str]:
        """The problems of one field, without the file and path (for under the field)."""
        return [_without_place(p) for p in self.problems if p.field == path]


def _without_place(problem: Problem) -> str:
    text = str(problem)
    prefix = f"{problem.source}: {problem.field}: " if problem.field else f"{problem.source}: "
    return text.removeprefix(prefix)


def _numbers(texts: Mapping[str, str], specs: Mapping[str, FieldSpec], path: str,
             source: str, problems: list[Problem]) -> dict[str, Any]:
    """The numbers typed in `texts`; a blank field is left out (the schema's default, or
    its 'required' message), text that is no number becomes a problem of its own."""
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        text = texts.get(name, "").strip()
        if not text:
            continue
        value = parse_number(text, spec.integer)
        if value is None:
            problems.append(Problem(source, f"{path}{name}", text,
                                    f"is not a number; write a number ({spec.allowed()}), "
                                    "with a decimal comma or point"))
        else:
            out[name] = value
    return out


def check(draft: Draft) -> Checked:
    """The draft as scenario data, validated by the schema as a file named
    `draft.filename` would be, and checked to fit in memory at the dashboard's longest
    horizon, as an upload is (dashboards.settings.load_uploaded)."""
    source = draft.filename
    problems: list[Problem] = []
    hoods = []
    for i, row in enumerate(draft.rows):
        hood: dict[str, Any] = {"name": row.name.strip()}
        if "code" in row.carried:
            hood["code"] = row.carried["code"]
        hood.update(_numbers(row.values, neighbourhood_specs(), f"{NEIGHBOURHOODS}[{i}].",
                             source, problems))
        hood.update({k: v for k, v in row.carried.items() if k != "code"})
        hoods.append(hood)
    budget = _numbers(draft.budget, budget_specs(), "budget.", source, problems)
    municipality = draft.municipality.strip()
    data: dict[str, Any] = {"name": draft.name.strip()}
    if any(draft.description.values()):
        data["description"] = dict(draft.description)
    data |= {"scale": draft.scale,
             "region": {"name": municipality, "municipalities": [
                 {"name": municipality, "neighbourhoods": hoods}]}}
    if budget:
        data["budget"] = budget
    typed = {p.field for p in problems}
    scenario = None
    try:
        scenario = validate_data(data, source)
    except ScenarioError as exc:
        # a field that is no number is left out of the data: not "missing" as well
        problems += [p for p in exc.problems if p.field not in typed]
    if scenario is not None and not problems:
        longest = scenario.model_copy(
            update={"horizon_years": max(MAX_HORIZON, scenario.horizon_years)})
        problem = memory_problem(longest)
        if problem:
            problems.append(Problem(source, "", NOTHING, problem))
    valid = scenario if not problems else None
    return Checked(data, valid, tuple(problems))


def scenario_yaml(draft: Draft, checked: Checked) -> str:
    """The YAML file of a checked draft: a comment head that says where it was made (and,
    after an import, the import's report), then the scenario as the form set it."""
    from cbs.report import render  # the same layout as `run.py scenario from-cbs` writes

    head = [f"# Made on the dashboard's \"My municipality\" page (zelfsturing {__version__}).",
            f"# Check it with `python run.py validate {draft.filename}`, run it with "
            f"`python run.py run {draft.filename}`."]
    if draft.comment:
        head += ["#", "# It was filled from a CBS import, then edited on the page (the values "
                      "below are what counts); the import's report:"]
        head += [line for line in draft.comment.rstrip("\n").splitlines()]
    return render(checked.data, "\n".join(head) + "\n")
