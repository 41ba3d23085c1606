"""One import, end to end: a CBS file's bytes, a municipality and a level in; a validated
scenario dict, its YAML text with the report, and the findings out (for the command line
and, later, the dashboard's upload)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cbs.match import find_municipality, rows_of
from cbs.match import municipalities as municipality_codes
from cbs.read import CbsError, Table, read_table
from cbs.report import header, render
from cbs.to_scenario import LEVELS, PLURAL, SES_SPAN, Finding, Mapper, count, slug
from model import ScenarioError, validate_data


@dataclass
class CbsImport:
    """The result of an import; `problems` are the findings, in file order."""

    scenario: dict[str, Any]
    yaml: str
    problems: list[Finding]
    notes: list[str] = field(default_factory=list)
    municipality: str = ""
    municipality_code: str = ""
    level: str = "wijk"
    source: str = ""

    @property
    def neighbourhoods(self) -> list[dict[str, Any]]:
        return self.scenario["region"]["municipalities"][0]["neighbourhoods"]

    @property
    def inhabitants(self) -> int:
        return sum(n["inhabitants"] for n in self.neighbourhoods)

    @property
    def missing(self) -> int:
        return sum(not f.left_out for f in self.problems)

    @property
    def left_out(self) -> int:
        return sum(f.left_out for f in self.problems)

    def summary(self) -> str:
        """One line: what was imported and how much was missing."""
        code = f" ({self.municipality_code})" if self.municipality_code else ""
        n = len(self.neighbourhoods)
        left = f", {self.left_out} left out" if self.left_out else ""
        return (f"{self.municipality}{code}, level {self.level}: {n:,} "
                f"{'neighbourhood' if n == 1 else 'neighbourhoods'}, {self.inhabitants:,} "
                f"inhabitants; {self.missing:,} missing or secret "
                f"{'value' if self.missing == 1 else 'values'} reported{left}")


def _bytes(data: bytes | Path, filename: str | None) -> tuple[bytes, str]:
    if isinstance(data, bytes | bytearray):
        return bytes(data), filename or "<upload>"
    path = Path(data)
    name = filename or path.name
    if not path.exists():
        raise CbsError("file not found")
    if path.is_dir():
        raise CbsError("is a folder, not a CBS file")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise CbsError(f"cannot be read: {exc.strerror or exc}") from None


def load(data: bytes | Path, filename: str | None = None) -> tuple[Table, str]:
    """The normalised table of a file (bytes or path) and the name to report it by."""
    raw, name = _bytes(data, filename)
    return read_table(raw, name), name


def municipalities(data: bytes | Path, filename: str | None = None) -> list[str]:
    """The names of the municipalities in a CBS file, in the file's order (for a picker)."""
    table, _ = load(data, filename)
    return list(municipality_codes(table))


def scenario_from_cbs(data: bytes | Path, filename: str | None = None, municipality: str = "",
                      level: str = "wijk", national_income: float | None = None) -> CbsImport:
    """A scenario of one municipality from a CBS Kerncijfers file; CbsError (one line) when
    the file, the municipality or the level does not do. `national_income` (x 1,000 euro)
    replaces the file's Nederland row as the income that gives ses 0.5."""
    if level not in LEVELS:
        raise CbsError(f"level: got {level!r}; allowed: {', '.join(LEVELS)}")
    if national_income is not None and not (national_income > 0 and math.isfinite(
            national_income)):
        raise CbsError(f"national income: got {national_income}; must be above 0")
    if not municipality.strip():
        raise CbsError("no municipality given; name one, or give its code such as GM0363")
    table, name = load(data, filename)
    muni, code = find_municipality(table, municipality)
    mapper = Mapper(table, muni, code, level, national_income)
    if mapper.rows.empty:
        other = "buurt" if level == "wijk" else "wijk"
        others = len(rows_of(table, muni, code, other))
        raise CbsError(f"{muni} has no {level} rows in the file ({others:,} {other} "
                       f"{'row' if others == 1 else 'rows'}); "
                       f"use --level {other}, or a table with {PLURAL[level]}")
    neighbourhoods = mapper.neighbourhoods()
    if table.names_are_codes:
        mapper.notes.append("the table's region column holds codes, not names (a raw OData "
                            "download): each neighbourhood is named by its code")
    if not neighbourhoods:
        raise CbsError(f"{muni}: none of its {len(mapper.rows):,} {level} rows has "
                       "inhabitants")
    scenario = _scenario(muni, level, name, table, neighbourhoods, mapper)
    try:
        validate_data(scenario, f"{name} ({muni}, {level})")
    except ScenarioError as exc:  # a mapping bug, not the user's: say which field
        raise CbsError(f"the scenario built does not validate: {exc.problems[0]}") from None
    result = CbsImport(scenario=scenario, yaml="", problems=mapper.findings,
                       notes=mapper.notes, municipality=muni, municipality_code=code,
                       level=level, source=name)
    comment = header(_source_lines(result, table, mapper), mapper.findings, mapper.notes)
    result.yaml = render(scenario, comment)
    return result


def _table_name(source: str, table: Table) -> tuple[str, str]:
    """(English, Dutch) name of the table, with the StatLine id or the kwb year when the
    file name gives it (85984NED_TypedDataSet.csv, kwb-2023.xlsx)."""
    ident = re.search(r"\d{5}NED", source, re.IGNORECASE)
    year = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", source)
    if table.layout.name == "statline":
        if ident:
            return f"StatLine table {ident.group(0).upper()}", \
                f"StatLine-tabel {ident.group(0).upper()}"
        return table.layout.label_en, table.layout.label_nl
    if year:
        return f"the kwb file of {year.group(0)}", f"het kwb-bestand van {year.group(0)}"
    return table.layout.label_en, table.layout.label_nl


def _scenario(muni: str, level: str, source: str, table: Table,
              neighbourhoods: list[dict[str, Any]], mapper: Mapper) -> dict[str, Any]:
    en_table, nl_table = _table_name(source, table)
    n = len(neighbourhoods)
    inhabitants = sum(x["inhabitants"] for x in neighbourhoods)
    missing = sum(not f.left_out for f in mapper.findings)
    left = len(mapper.findings) - missing
    if missing or left:
        one = missing == 1
        parts_nl = [f"{missing} ontbrekende of geheime waarde{'' if one else 'n'}"] \
            if missing else []
        parts_en = [f"{missing} missing or secret value{'' if one else 's'}"] if missing else []
        if left:
            parts_nl.append(f"{count(left, level)} zonder inwoners weggelaten")
            parts_en.append(f"{count(left, level)} without inhabitants left out")
        gaps_nl = f"{' en '.join(parts_nl)}: zie de kop van het bestand."
        gaps_en = f"{' and '.join(parts_en)}: see the head of the file."
    else:
        gaps_nl, gaps_en = "Geen ontbrekende waarden.", "No missing values."
    nl_size = (f"{n:,} {level if n == 1 else PLURAL[level]}, {inhabitants:,} "
               "inwoners").replace(",", ".").replace(". ", ", ", 1)
    nl = (f"{muni} per {level} ({nl_size}), gemaakt uit "
          f"CBS Kerncijfers wijken en buurten: bestand {source} ({nl_table}), niveau {level}. "
          "Inwoners, leeftijdsopbouw en inkomen (als SES) komen van CBS; sociale banden, "
          f"erbij horen en vertrouwen staan op de standaardwaarden. {gaps_nl}")
    en = (f"{muni} by {level} ({count(n, level)}, {inhabitants:,} inhabitants), built from "
          f"CBS Kerncijfers wijken en buurten: file {source} ({en_table}), level {level}. "
          "Inhabitants, age structure and income (as SES) come from CBS; social ties, "
          f"belonging and trust are at their defaults. {gaps_en}")
    return {
        "name": f"{slug(muni)}_{PLURAL[level]}",
        "description": {"nl": nl, "en": en},
        "scale": "local",
        "region": {"name": muni, "municipalities": [
            {"name": muni, "neighbourhoods": neighbourhoods}]},
    }


def _source_lines(result: CbsImport, table: Table, mapper: Mapper) -> list[str]:
    en_table, _ = _table_name(result.source, table)
    code = f" ({result.municipality_code})" if result.municipality_code else ""
    lines = [
        "Made by `python run.py scenario from-cbs` from CBS Kerncijfers wijken en buurten.",
        f"Source: {result.source} ({en_table}); municipality "
        f"{result.municipality}{code}; level {result.level}.",
        "Mapping rules: docs/scenarios.md, section \"From CBS figures\".",
    ]
    if not math.isnan(mapper.reference):
        lines.append(f"ses = {mapper.column('income_per_inhabitant')} / ({SES_SPAN:g} x "
                     f"{mapper.reference:g}), clipped to 0..1; {mapper.reference:g} is the "
                     f"income per inhabitant (x 1,000 euro) of {mapper.reference_text}.")
    return lines
