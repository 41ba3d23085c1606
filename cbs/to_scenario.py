"""From a CBS table to a scenario: one neighbourhood per wijk or buurt of one municipality.

Every rule is in docs/scenarios.md ("From CBS figures"). A value CBS does not publish is
never guessed silently: each becomes a `Finding` (where, column, what the file said, what
is used instead) that goes into the written file's comment block and onto stderr.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cbs.match import rows_of
from cbs.read import Table
from model import AGE_GROUPS, MAX_NAME, load_scenario

LEVELS = ("wijk", "buurt")


def count(n: int, level: str) -> str:
    """"1 wijk", "4 wijken" (Dutch words in both languages: the docs explain them)."""
    return f"{n:,} {level if n == 1 else PLURAL[level]}"

PLURAL = {"wijk": "wijken", "buurt": "buurten"}
# ses is the income per inhabitant over this many times the reference income: the national
# average gives 0.5 (the schema's default, the middle), twice the average or more gives 1.
SES_SPAN = 2.0
# The model's age groups each CBS group of the 15+ covers (CBS: 15-24, 25-44, 45-64, 65+).
AGE_SPLIT = {"age_15_24": ("15-24",), "age_25_44": ("25-34", "35-44"),
             "age_45_64": ("45-54", "55-64"), "age_65_plus": ("65-74", "75+")}
ADULT_FIELDS = tuple(AGE_SPLIT)
assert [g for groups in AGE_SPLIT.values() for g in groups] == list(AGE_GROUPS)


@dataclass(frozen=True)
class Finding:
    """A value the file lacks (or a neighbourhood left out) and what is used instead."""

    where: str  # "Wijk 01 Centrum (WK999901)", or "every neighbourhood"
    column: str  # the CBS column, as the file names it
    found: str  # what the file said: '"."', 'empty', '-99999999', '0', 'not in the file'
    used: str  # what the scenario uses instead, or "left out (...)"
    left_out: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.column} is {self.found}; {self.used}"


@functools.cache
def neighbourhood_defaults() -> dict[str, Any]:
    """The schema's defaults of a neighbourhood (share_15_plus, ses, age_mix ...), read off
    the schema itself so that "the default" here is always the one a scenario gets."""
    probe = load_scenario({"name": "probe", "region": {"municipalities": [
        {"name": "m", "neighbourhoods": [{"name": "n", "inhabitants": 1}]}]}})
    return probe.region.municipalities[0].neighbourhoods[0].model_dump()


def split_weights() -> dict[str, float]:
    """Within each CBS age group, the share of each model group: the Dutch 15+ mix of 2015
    (the schema's default age mix), so 25-44 splits 0.147 : 0.154 and 65+ 0.126 : 0.090."""
    mix = neighbourhood_defaults()["age_mix"]
    weights = {}
    for groups in AGE_SPLIT.values():
        total = sum(mix[g] for g in groups)
        weights.update({g: mix[g] / total for g in groups})
    return weights


class Mapper:
    """The mapping of one municipality's rows at one level; collects the findings."""

    def __init__(self, table: Table, municipality: str, code: str, level: str,
                 national_income: float | None = None) -> None:
        self.table, self.municipality, self.code, self.level = table, municipality, code, level
        self.defaults = neighbourhood_defaults()
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.rows = rows_of(table, municipality, code, level)
        self.own = rows_of(table, municipality, code, "gemeente")
        self.wijken = rows_of(table, municipality, code, "wijk")
        self.absent = {f for f in ("age_0_14", *ADULT_FIELDS, "income_per_inhabitant")
                       if f not in table.columns}
        self.reference, self.reference_text = self._reference(national_income)

    def column(self, field: str) -> str:
        """The file's name of a field's column (or the layout's usual name when absent)."""
        return self.table.columns.get(field) or self.table.layout.columns[field][0].name

    def said(self, index: Any, field: str) -> str:
        text = self.table.missing.at[index, field]
        return text if isinstance(text, str) else "empty"

    # ------------------------------------------------------------------ the reference

    def _income_of(self, rows: pd.DataFrame) -> float:
        values = rows["income_per_inhabitant"].dropna()
        return float(values.iloc[0]) if len(values) and values.iloc[0] > 0 else math.nan

    def _reference(self, given: float | None) -> tuple[float, str]:
        """The income that gives ses 0.5: given, else the file's Nederland row, else the
        municipality's own average (then ses compares neighbourhoods within it only)."""
        if "income_per_inhabitant" in self.absent:
            return math.nan, "no income column"
        if given is not None:
            return given, "given with --national-income"
        land = self._income_of(self.table.rows[self.table.rows["kind"] == "land"])
        if not math.isnan(land):
            return land, "the file's Nederland row"
        own = self._income_of(self.own)
        where = f"{self.municipality}'s own average"
        if math.isnan(own):
            incomes = self.rows[["income_per_inhabitant", "inhabitants"]].dropna()
            if len(incomes) and incomes["inhabitants"].sum() > 0:
                own = float((incomes["income_per_inhabitant"] * incomes["inhabitants"]).sum()
                            / incomes["inhabitants"].sum())
                where = (f"the inhabitant-weighted average of {self.municipality}'s "
                         f"{PLURAL[self.level]}")
        if math.isnan(own):
            self.notes.append("no income per inhabitant at all: every ses is the schema "
                              f"default {self.defaults['ses']}")
            return math.nan, "none"
        self.notes.append(f"no Nederland row with an income in the file: incomes are compared "
                          f"with {where} ({own:g}), so ses ranks neighbourhoods within "
                          f"{self.municipality} only; give --national-income to compare with "
                          "the country")
        return own, where

    def ses_of(self, income: float) -> float:
        return round(min(1.0, max(0.0, income / (SES_SPAN * self.reference))), 3)

    # ------------------------------------------------------------------ one neighbourhood

    def neighbourhoods(self) -> list[dict[str, Any]]:
        for field in sorted(self.absent):
            self.findings.append(Finding(
                "every neighbourhood", self.column(field), "not in the file",
                f"{self._target(field)} is the schema default for all"))
        out = []
        for index, row in self.rows.iterrows():
            where = f"{row['name']} ({row['code']})" if row["code"] else row["name"]
            inhabitants = row["inhabitants"]
            if math.isnan(inhabitants) or round(inhabitants) < 1:
                found = self.said(index, "inhabitants") if math.isnan(inhabitants) \
                    else f"{inhabitants:g}"
                self.findings.append(Finding(where, self.column("inhabitants"), found,
                                             "left out (no inhabitants)", left_out=True))
                continue
            entry: dict[str, Any] = {"name": (row["name"] or row["code"])[:MAX_NAME]}
            if re.fullmatch(r"[A-Za-z0-9_.-]+", row["code"]):
                entry["code"] = row["code"]
            entry["inhabitants"] = int(round(inhabitants))
            entry["share_15_plus"] = self._share(index, row, where)
            entry["ses"] = self._ses(index, row, where)
            entry["age_mix"] = self._age_mix(index, row, where)
            out.append(entry)
        self._unique_names(out)
        return out

    def _target(self, field: str) -> str:
        return {"age_0_14": "share_15_plus", "income_per_inhabitant": "ses"}.get(field,
                                                                               "age_mix")

    def _share(self, index: Any, row: pd.Series, where: str) -> float:
        default = self.defaults["share_15_plus"]
        children = row["age_0_14"]
        if "age_0_14" in self.absent:
            return default
        if math.isnan(children):
            self.findings.append(Finding(where, self.column("age_0_14"),
                                         self.said(index, "age_0_14"),
                                         f"share_15_plus {default} used (schema default)"))
            return default
        share = 1.0 - children / row["inhabitants"]
        if not 0.0 < share <= 1.0:
            self.findings.append(Finding(
                where, self.column("age_0_14"),
                f"{children:g} of {row['inhabitants']:g} inhabitants",
                f"share_15_plus {default} used (schema default)"))
            return default
        return round(share, 4)

    def _age_mix(self, index: Any, row: pd.Series, where: str) -> dict[str, float]:
        default = dict(self.defaults["age_mix"])
        if self.absent & set(ADULT_FIELDS):
            return default
        lacking = [f for f in ADULT_FIELDS if math.isnan(row[f]) or row[f] < 0]
        used = "age_mix: the Dutch 15+ mix of 2015 used (schema default)"
        for f in lacking:
            found = self.said(index, f) if math.isnan(row[f]) else f"{row[f]:g}"
            self.findings.append(Finding(where, self.column(f), found, used))
        total = sum(row[f] for f in ADULT_FIELDS)
        if lacking:
            return default
        if total <= 0:
            self.findings.append(Finding(where, " + ".join(self.column(f) for f in ADULT_FIELDS),
                                         "0 in all", used))
            return default
        weights = split_weights()
        return {group: round(row[f] / total * weights[group], 4)
                for f, groups in AGE_SPLIT.items() for group in groups}

    def _ses(self, index: Any, row: pd.Series, where: str) -> float:
        default = self.defaults["ses"]
        if "income_per_inhabitant" in self.absent:
            return default
        income = row["income_per_inhabitant"]
        if not math.isnan(income) and income >= 0 and not math.isnan(self.reference):
            return self.ses_of(income)
        found = self.said(index, "income_per_inhabitant") if math.isnan(income) \
            else f"{income:g}"
        fallback, whose = math.nan, ""
        if self.level == "buurt" and row["code"].startswith("BU"):
            wijk = self.wijken[self.wijken["code"] == "WK" + row["code"][2:8]]
            fallback, whose = self._income_of(wijk), f"its wijk {'WK' + row['code'][2:8]}"
        if math.isnan(fallback):
            fallback, whose = self._income_of(self.own), self.municipality
        if math.isnan(fallback) or math.isnan(self.reference):
            used = f"ses {default} used (schema default)"
            value = default
        else:
            value = self.ses_of(fallback)
            used = f"ses {value} used, from the income of {whose} ({fallback:g})"
        self.findings.append(Finding(where, self.column("income_per_inhabitant"), found, used))
        return value

    def _unique_names(self, entries: list[dict[str, Any]]) -> None:
        """CBS repeats some buurt names within a municipality ("Buitengebied"); the schema
        needs unique ones, so a repeated name gets its code added."""
        seen: dict[str, int] = {}
        for entry in entries:
            seen[entry["name"]] = seen.get(entry["name"], 0) + 1
        renamed = 0
        for i, entry in enumerate(entries):
            if seen[entry["name"]] > 1:
                suffix = f" ({entry.get('code') or i + 1})"
                entry["name"] = entry["name"][:MAX_NAME - len(suffix)] + suffix
                renamed += 1
        if renamed:
            self.notes.append(f"{renamed} {PLURAL[self.level]} share a name with another; "
                              "their code is added to the name")


def slug(text: str) -> str:
    """A scenario name from a municipality: ASCII letters, digits and '_'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:MAX_NAME // 2] or "cbs"
