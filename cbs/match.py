"""Finding the municipality a user names in a CBS table: by name (case, padding and accents
do not matter) or by GM code, with the closest names as suggestions when neither fits."""

from __future__ import annotations

import difflib
import re
import unicodedata

import pandas as pd

from cbs.read import CbsError, Table

SUGGESTIONS = 3
KINDS = ("gemeente", "wijk", "buurt")


def fold(text: str) -> str:
    """Compared form of a name: trimmed, case-folded, without accents ("Súdwest-Fryslân"
    and "sudwest-fryslan" are the same)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def municipalities(table: Table) -> dict[str, str]:
    """name -> GM code (or "") of every municipality in the table, in file order."""
    found: dict[str, str] = {}
    rows = table.rows[table.rows["kind"].isin(KINDS)]
    for name, own, kind, code in zip(rows["municipality"], rows["name"], rows["kind"],
                                     rows["municipality_code"], strict=True):
        name = name or (own if kind == "gemeente" else "")
        if name and (name not in found or not found[name]):
            found[name] = code
    return found


def find_municipality(table: Table, query: str) -> tuple[str, str]:
    """(name, GM code) of the municipality `query` names; CbsError with suggestions."""
    known = municipalities(table)
    wanted = query.strip()
    if not known:
        raise CbsError("the file has no municipality, wijk or buurt rows")
    if re.fullmatch(r"(?i)(GM)?\d{1,4}", wanted):
        code = "GM" + re.sub(r"(?i)^GM", "", wanted).zfill(4)
        for name, own in known.items():
            if own == code:
                return name, own
        raise CbsError(f"no municipality with code {code} in the file")
    for compare in (str.casefold, fold):
        hits = [name for name in known if compare(name.strip()) == compare(wanted)]
        if len(hits) == 1:
            return hits[0], known[hits[0]]
    by_fold = {fold(name): name for name in known}
    close = difflib.get_close_matches(fold(wanted), list(by_fold), n=SUGGESTIONS, cutoff=0.6)
    if close:
        hint = f"did you mean: {', '.join(by_fold[c] for c in close)}?"
    else:
        names = list(known)
        hint = f"the file has {len(names):,} municipalities, such as " + ", ".join(names[:3])
    raise CbsError(f'unknown municipality "{wanted}"; {hint}')


def rows_of(table: Table, name: str, code: str, kind: str) -> pd.DataFrame:
    """The rows of one kind (gemeente, wijk, buurt) of the municipality, in file order."""
    rows = table.rows
    own = rows["municipality"].map(fold) == fold(name)
    if code:
        own = own | (rows["municipality_code"] == code)
    if kind == "gemeente":
        own = own | (rows["name"].map(fold) == fold(name))
    return rows[own & (rows["kind"] == kind)]
