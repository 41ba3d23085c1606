"""The two layouts in which CBS publishes "Kerncijfers wijken en buurten", as column codes.

The yearly kwb file (Excel, or CSV saved from it) names its columns with short codes such as
`a_inw`; a StatLine table (85984NED and its yearly predecessors such as 84799NED, 84583NED)
names them `AantalInwoners_5`, with a number suffix that changes from year to year. Each
layout maps the importer's fields onto the columns that may hold them, so that the rest of
the package never sees a CBS column code except to report it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

# The importer's fields: identification first, then the figures it reads.
TEXT_FIELDS = ("code", "name", "municipality", "kind")
COUNT_FIELDS = ("inhabitants", "age_0_14", "age_15_24", "age_25_44", "age_45_64",
                "age_65_plus")
# Read and kept in the table (a map or a later mapping may use them); not mapped yet.
EXTRA_FIELDS = ("income_per_inhabitant", "density", "low_income_households",
                "social_minimum_households", "social_assistance")
NUMBER_FIELDS = (*COUNT_FIELDS, *EXTRA_FIELDS)


@dataclass(frozen=True)
class Column:
    """One source column for a field; `percent` columns give a share of the inhabitants
    (older kwb files give the age groups as percentages, newer ones as counts)."""

    name: str
    percent: bool = False


@dataclass(frozen=True)
class Layout:
    name: str  # "kwb" or "statline"
    label_en: str
    label_nl: str
    key: tuple[str, ...]  # the fields that must be found to recognise the layout
    columns: dict[str, tuple[Column, ...]]  # field -> candidate columns, preferred first
    suffixes: dict[str, str] = dataclasses.field(default_factory=dict)  # as in 85984NED

    def normalise(self, header: str) -> str:
        """The form in which a header is compared with this layout's column names."""
        text = str(header).strip().lstrip("\ufeff").strip('"').strip()
        if self.name == "statline":
            text = re.sub(r"_\d+$", "", text)
        return text.casefold()

    def match(self, headers: list[str]) -> dict[str, tuple[int, Column]]:
        """field -> (position, column) for every field this header row holds."""
        position: dict[str, int] = {}
        for i, header in enumerate(headers):
            position.setdefault(self.normalise(header), i)
        found = {}
        for field, candidates in self.columns.items():
            for column in candidates:
                i = position.get(column.name.casefold())
                if i is not None:
                    found[field] = (i, column)
                    break
        return found

    def missing_keys(self, headers: list[str]) -> list[str]:
        """The key columns (their first name) that this header row lacks."""
        found = self.match(headers)
        return [self.columns[field][0].name for field in self.key if field not in found]

    def key_names(self) -> list[str]:
        """The key columns as a reader finds them in a file (StatLine: with a number)."""
        return [self.columns[field][0].name + self.suffixes.get(field, "")
                for field in self.key]


def _cols(*names: str, percent: bool = False) -> tuple[Column, ...]:
    return tuple(Column(n, percent) for n in names)


KWB = Layout(
    name="kwb",
    label_en="the yearly kwb file",
    label_nl="het jaarlijkse kwb-bestand",
    # A code column is not a key: kwb files carry gwb_code_10, gwb_code or only gwb_code_8.
    key=("name", "municipality", "kind", "inhabitants"),
    columns={
        "code": _cols("gwb_code_10", "gwb_code", "gwb_code_8"),
        "name": _cols("regio"),
        "municipality": _cols("gm_naam"),
        "kind": _cols("recs"),
        "inhabitants": _cols("a_inw", "aant_inw"),
        "age_0_14": _cols("a_00_14") + _cols("p_00_14", "p_00_14_jr", percent=True),
        "age_15_24": _cols("a_15_24") + _cols("p_15_24", "p_15_24_jr", percent=True),
        "age_25_44": _cols("a_25_44") + _cols("p_25_44", "p_25_44_jr", percent=True),
        "age_45_64": _cols("a_45_64") + _cols("p_45_64", "p_45_64_jr", percent=True),
        "age_65_plus": _cols("a_65_oo") + _cols("p_65_oo", "p_65_eo_jr", percent=True),
        "income_per_inhabitant": _cols("g_ink_pi", "ink_inw", "ink_inw2"),
        "density": _cols("bev_dich", "bev_dichth"),
        "low_income_households": _cols("p_hh_li"),
        "social_minimum_households": _cols("p_hh_osm"),
        "social_assistance": _cols("a_soz_wb"),
    },
)

STATLINE = Layout(
    name="statline",
    label_en="a StatLine table",
    label_nl="een StatLine-tabel",
    key=("name", "municipality", "kind", "code", "inhabitants"),
    columns={
        "code": _cols("Codering"),
        "name": _cols("WijkenEnBuurten"),
        "municipality": _cols("Gemeentenaam"),
        "kind": _cols("SoortRegio"),
        "inhabitants": _cols("AantalInwoners"),
        "age_0_14": _cols("k_0Tot15Jaar"),
        "age_15_24": _cols("k_15Tot25Jaar"),
        "age_25_44": _cols("k_25Tot45Jaar"),
        "age_45_64": _cols("k_45Tot65Jaar"),
        "age_65_plus": _cols("k_65JaarOfOuder"),
        "income_per_inhabitant": _cols("GemiddeldInkomenPerInwoner"),
        "density": _cols("Bevolkingsdichtheid"),
        "low_income_households": _cols("HuishoudensMetEenLaagInkomen"),
        "social_minimum_households": _cols("HuishOnderOfRondSociaalMinimum"),
        "social_assistance": _cols("PersonenPerSoortUitkeringBijstand"),
    },
    suffixes={"municipality": "_1", "kind": "_2", "code": "_3", "inhabitants": "_5"},
)

LAYOUTS = (KWB, STATLINE)


def detect(headers: list[str]) -> Layout | None:
    """The layout whose key columns this header row holds, if any."""
    for layout in LAYOUTS:
        if not layout.missing_keys(headers):
            return layout
    return None


def unknown_layout_message(headers: list[str]) -> str:
    """Why no layout fits: the key columns each layout expects and which of them are
    missing, and the first columns found."""
    parts = []
    for layout in LAYOUTS:
        missing = layout.missing_keys(headers)
        keys = ", ".join(layout.key_names())
        if len(missing) < len(layout.key):
            parts.append(f"{layout.label_en} needs {keys} (missing: {', '.join(missing)})")
        else:
            parts.append(f"{layout.label_en} needs {keys}")
    parts[-1] += " (any number after the last _)"
    shown = [str(h).strip()[:40] for h in headers[:8] if str(h).strip()]
    more = ", ..." if len(headers) > 8 else ""
    found = ", ".join(shown) + more if shown else "no column names"
    return (f"not a CBS Kerncijfers wijken en buurten table: {'; '.join(parts)}; "
            f"found: {found}")


# Kinds of region, as the kwb file (recs: Gemeente, Wijk, Buurt, Land; older files G/W/B)
# and StatLine (SoortRegio: Gemeente, Wijk, Buurt, Land) write them.
KIND_BY_WORD = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt", "land": "land",
                "nederland": "land", "g": "gemeente", "w": "wijk", "b": "buurt", "l": "land"}
KIND_BY_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt", "NL": "land"}
PREFIX_BY_KIND = {"gemeente": ("GM", 4), "wijk": ("WK", 6), "buurt": ("BU", 8)}
