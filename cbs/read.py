"""Reading a CBS file (CSV in any of the ways it gets saved, or .xlsx) into one normalised
table, so that the mapping to a scenario never deals with separators, encodings, decimal
commas, padded text or a year's column codes.

Missing and secret values are kept as NaN with the text CBS wrote beside them, so that the
mapping can report each one instead of guessing.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cbs.layouts import (
    KIND_BY_PREFIX,
    KIND_BY_WORD,
    NUMBER_FIELDS,
    PREFIX_BY_KIND,
    Column,
    Layout,
    detect,
    unknown_layout_message,
)

MAX_BYTES = 256 * 2**20  # a kwb file with every buurt is about 20 MB as .xlsx, 40 MB as CSV
HEADER_ROWS = 30  # the header is looked for in this many first rows
# What CBS writes for a value it does not publish: "." (unknown or secret), "x" (secret),
# "-" (nil in CBS's symbols; treated as missing, so that it is reported), an empty cell;
# older files use codes such as -99999999 and -99999997 (numbers at or below this one).
MISSING_TEXT = {"", ".", "x", "-", "?", "\u2013", "nan", "null", "none"}
MISSING_CODE = -99990
SEPARATORS = (";", ",", "\t")
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
CODE = re.compile(r"^(GM|WK|BU|NL)\d+$", re.IGNORECASE)


class CbsError(ValueError):
    """A file that cannot be imported, with a one-line reason (no traceback for users)."""


@dataclass
class Table:
    """The rows of a CBS file in the importer's fields (cbs/layouts.py).

    `rows` has the text fields (code, name, municipality, municipality_code, kind) and one
    float column per number field, NaN where the value is missing; `missing` holds, for
    those NaN cells, what the file said (`"."`, `empty`, `-99999999`). `columns` names the
    source column of each field found, for the report.
    """

    layout: Layout
    rows: pd.DataFrame
    missing: pd.DataFrame
    columns: dict[str, str]
    names_are_codes: bool = False


def read_table(data: bytes, filename: str) -> Table:
    """The normalised table of a CBS file's bytes; CbsError when it is not one."""
    cells = read_cells(data, filename)
    header_at, layout = find_header(cells)
    headers = [_text(c) for c in cells[header_at]]
    return normalise(layout, headers, cells[header_at + 1:])


def read_cells(data: bytes, filename: str) -> list[list[Any]]:
    """Every row of the file as a list of cells (text from CSV, values from .xlsx)."""
    if not data:
        raise CbsError("the file is empty")
    if len(data) > MAX_BYTES:
        raise CbsError(f"larger than the limit of {MAX_BYTES // 2**20} MB")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(XLS_MAGIC):
        raise CbsError("an old Excel file (.xls) cannot be read: open it and save it as "
                       ".xlsx or as CSV")
    if data.startswith(XLSX_MAGIC):
        return _xlsx_cells(data)
    if suffix in ("xlsx", "xlsm"):
        raise CbsError("not a readable .xlsx file (it is not a zip archive)")
    return _csv_cells(_decode(data))


def _xlsx_cells(data: bytes) -> list[list[Any]]:
    """The cells of the first sheet that holds a CBS header (else of the first sheet)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise CbsError(f"not a readable .xlsx file ({type(exc).__name__})") from None
    try:
        sheets = [[list(row) for row in sheet.iter_rows(values_only=True)]
                  for sheet in book.worksheets]
    except Exception as exc:
        raise CbsError(f"not a readable .xlsx file ({type(exc).__name__})") from None
    finally:
        book.close()
    for cells in sheets:
        if any(detect([_text(c) for c in row]) for row in cells[:HEADER_ROWS]):
            return cells
    return sheets[0] if sheets else []


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else
    Windows-1252, the encoding of a CSV saved by Excel on a Dutch Windows machine."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CbsError("not readable as UTF-16 text, which its start promises") from None
    if b"\x00" in data[:4096]:
        raise CbsError("not a text (CSV) file, nor an .xlsx file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _separator(lines: list[str]) -> str:
    """The separator that splits some line of the first ones into the most cells (the
    header line has the most; a title line above it counts for little)."""
    best, most = ",", 0
    for sep in SEPARATORS:
        count = max((len(next(csv.reader([line], delimiter=sep))) - 1 for line in lines),
                    default=0)
        if count > most:
            best, most = sep, count
    return best


def _csv_cells(text: str) -> list[list[str]]:
    first = [line for line in text[:2**20].splitlines()[:HEADER_ROWS] if line.strip()]
    if not first:
        raise CbsError("the file is empty")
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first)))
    except csv.Error as exc:
        raise CbsError(f"not a readable CSV file: {exc}") from None


def _text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def find_header(cells: list[list[Any]]) -> tuple[int, Layout]:
    """The header row and its layout; CbsError that lists the key columns otherwise."""
    for i, row in enumerate(cells[:HEADER_ROWS]):
        layout = detect([_text(c) for c in row])
        if layout is not None:
            return i, layout
    candidates = [r for r in cells[:HEADER_ROWS] if any(_text(c) for c in r)]
    best = max(candidates, key=lambda r: sum(bool(_text(c)) for c in r), default=[])
    raise CbsError(unknown_layout_message([_text(c) for c in best]))


def normalise(layout: Layout, headers: list[str], body: list[list[Any]]) -> Table:
    """The table's rows in the importer's fields; the decimal mark is read off the
    numbers (a CSV saved in Dutch writes 25,9)."""
    found = layout.match(headers)
    columns = {name: headers[i].strip() for name, (i, _) in found.items()}
    body = [row for row in body if any(_text(c) for c in row)]

    def cell(row: list[Any], name: str) -> Any:
        i = found[name][0] if name in found else None
        return row[i] if i is not None and i < len(row) else None

    comma = _decimal_comma([cell(r, f) for r in body for f in NUMBER_FIELDS if f in found])
    records, missing = [], []
    for row in body:
        record: dict[str, Any] = {n: _clean_text(cell(row, n)) for n in
                                  ("code", "name", "municipality", "kind")}
        absent: dict[str, str] = {}
        for name in NUMBER_FIELDS:
            if name not in found:
                record[name] = math.nan
                continue
            value, said = parse_number(cell(row, name), comma)
            record[name] = value
            if said is not None:
                absent[name] = said
        _identify(record)
        _percent_to_count(record, found, absent)
        records.append(record)
        missing.append(absent)
    rows = pd.DataFrame.from_records(records, columns=[
        "code", "name", "municipality", "municipality_code", "kind", *NUMBER_FIELDS])
    names_are_codes = bool(len(rows)) and bool(
        rows["name"].map(lambda n: bool(CODE.match(n))).all())
    return Table(layout=layout, rows=rows, missing=pd.DataFrame.from_records(
        missing, columns=list(NUMBER_FIELDS)), columns=columns, names_are_codes=names_are_codes)


def _clean_text(cell: Any) -> str:
    """Trimmed, one line, without control characters (names end up in YAML comments)."""
    text = _text(cell)
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def _decimal_comma(cells: list[Any]) -> bool:
    comma = point = 0
    for c in cells:
        if isinstance(c, str):
            s = c.strip()
            comma += bool(re.fullmatch(r"-?\d+,\d+", s))
            point += bool(re.fullmatch(r"-?\d+\.\d+", s))
    return comma > point


def parse_number(cell: Any, decimal_comma: bool = False) -> tuple[float, str | None]:
    """(value, None) for a number; (NaN, what the file said) for a missing or secret one."""
    if isinstance(cell, bool):
        return math.nan, str(cell)
    if isinstance(cell, int | float):
        if math.isnan(cell):
            return math.nan, "empty"
        if cell <= MISSING_CODE:
            return math.nan, _text(cell)
        return float(cell), None
    text = _text(cell)
    if text.casefold() in MISSING_TEXT:
        return math.nan, f'"{text}"' if text else "empty"
    number = text.replace(" ", "")
    if decimal_comma:
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", number):
            number = number.replace(".", "")
        number = number.replace(",", ".")
    try:
        value = float(number)
    except ValueError:
        return math.nan, f'"{text[:30]}"'
    if math.isnan(value) or math.isinf(value) or value <= MISSING_CODE:
        return math.nan, text[:30]
    return value, None


def _identify(record: dict[str, Any]) -> None:
    """The kind of region (from its kind column, else its code), a full CBS code (a kwb
    gwb_code_8 such as 36301 becomes WK036301) and the GM code of its municipality."""
    code = record["code"].upper().replace(" ", "")
    kind = KIND_BY_WORD.get(record["kind"].casefold(), "")
    if not kind and CODE.match(code):
        kind = KIND_BY_PREFIX[code[:2]]
    if code.isdigit() and kind in PREFIX_BY_KIND:
        prefix, digits = PREFIX_BY_KIND[kind]
        code = prefix + code.zfill(digits)
    record["code"], record["kind"] = code, kind
    record["municipality_code"] = "GM" + code[2:6] if CODE.match(code) and \
        code[:2] in ("GM", "WK", "BU") else ""


def _percent_to_count(record: dict[str, Any], found: dict[str, tuple[int, Column]],
                      absent: dict[str, str]) -> None:
    """Age groups given as a percentage of the inhabitants become counts."""
    inhabitants = record["inhabitants"]
    for name, (_, column) in found.items():
        if column.percent and name not in absent:
            if math.isnan(inhabitants):
                record[name] = math.nan
                absent[name] = "a percentage of unknown inhabitants"
            else:
                record[name] = record[name] / 100.0 * inhabitants
