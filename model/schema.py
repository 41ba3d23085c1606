"""Reading and checking input files: the strict schema base, YAML parsing, and problems.

Every file a user hands the program (a scenario, an experiment, an upload) is parsed here
and validated against a pydantic schema that derives from `StrictModel`; whatever is wrong
becomes a `Problem` (file, field path, bad value, what is allowed) inside a `ScenarioError`,
never a traceback.
"""

from __future__ import annotations

import difflib
import functools
import reprlib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from model import yaml_loader


@functools.cache
def _number_rule(annotation: Any) -> tuple[bool, bool]:
    """(takes a number but not text, the same for the items of a list or dict) for a field
    annotation such as `float | None`, `dict[str, float]` or `float | list[float]`."""
    top: set[Any] = set()
    items: set[Any] = set()

    def walk(kind: Any, into: set[Any]) -> None:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            walk(typing.get_args(kind)[0], into)
        elif origin in (typing.Union, types.UnionType):
            for arg in typing.get_args(kind):
                walk(arg, into)
        elif origin is typing.Literal:
            into.update(type(arg) for arg in typing.get_args(kind))
        elif origin in (list, tuple, set, frozenset):
            into.add(list)
            for arg in typing.get_args(kind):
                walk(arg, items)
        elif origin is dict:
            into.add(dict)
            walk(typing.get_args(kind)[-1], items)
        else:
            into.add(kind)

    walk(annotation, top)

    def numeric(found: set[Any]) -> bool:
        return bool(found & {int, float}) and not found & {str, bool, Any}

    return numeric(top), numeric(items)


@functools.cache
def _field_rule(cls: type[BaseModel], name: str | None) -> tuple[bool, bool]:
    field = cls.model_fields.get(name) if name is not None else None
    return (False, False) if field is None else _number_rule(field.annotation)


def _not_a_number(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true/false is not a number; write a number"
    if isinstance(value, str):
        return "a number in quotes is text; write the number without quotes"
    return None


class StrictModel(BaseModel):
    """A schema section that refuses unknown fields (a typo is an error, not a default),
    NaN and infinity (no model quantity is either), and numbers written as text: a field
    that takes a number takes a YAML number only, in every section alike (`0.5`, not
    `"0.5"`; `1`, not `true`)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str | bool | list | dict):
            return value
        number, items = _field_rule(cls, info.field_name)
        if number and (why := _not_a_number(value)):
            raise ValueError(why)
        if items and isinstance(value, list | dict):
            for item in value.values() if isinstance(value, dict) else value:
                if why := _not_a_number(item):
                    raise ValueError(f"{why} (got {_show(item)} in the list)")
        return value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where, what was there, and what is allowed."""

    source: str
    field: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        got = "" if self.value is NOTHING else f"got {_show(self.value)}; "
        return f"{where}: {got}{self.message}"


class Nothing:
    def __repr__(self) -> str:
        return "<nothing>"


NOTHING = Nothing()


class ScenarioError(ValueError):
    """An invalid scenario; `problems` holds one `Problem` per mistake."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


_REPR = reprlib.Repr(maxlevel=2, maxdict=4, maxlist=4, maxtuple=4, maxset=4,
                     maxstring=50, maxother=50, maxlong=40)


def _show(value: Any, limit: int = 60) -> str:
    """A value as the message shows it: short, and never expanded in full (a value from an
    alias-heavy or deep file could be enormous)."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def schema_class(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel class inside an annotation such as `list[X] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = schema_class(arg)
        if found is not None:
            return found
    return None


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    cls: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int):
            continue
        if cls is None or part not in cls.model_fields:
            return None
        cls = schema_class(cls.model_fields[part].annotation)
    return cls


def _bounds(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = _model_at(root, loc[:-1])
    if parent is None or loc[-1] not in parent.model_fields:
        return None, None
    lo = hi = None
    for meta in parent.model_fields[loc[-1]].metadata:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        lo = getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
        hi = getattr(meta, "lt", None) if getattr(meta, "lt", None) is not None else hi
    return lo, hi


def error_message(root: type[BaseModel], error: dict[str, Any], loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        text = f"unknown field '{loc[-1]}'"
        if hint:
            text += f" (did you mean '{hint[0]}'?)"
        return text + ("; allowed: " + ", ".join(allowed) if allowed else "")
    if kind == "missing":
        return "required field is missing"
    if kind == "finite_number":
        return "must be a finite number (NaN and infinity are refused)"
    if kind in {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}:
        lo, hi = _bounds(root, loc)
        if lo is not None and hi is not None:
            return f"must be between {lo} and {hi}"
    if kind == "too_short":
        ctx = error.get("ctx", {})
        return (f"needs at least {ctx.get('min_length')} item(s), has "
                f"{ctx.get('actual_length')}")
    if kind == "literal_error":
        return "must be one of " + error["ctx"]["expected"]
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def problems_from_validation(
    error: ValidationError, source: str, root: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into one `Problem` each, with field paths users can read."""
    problems = []
    for item in error.errors():
        # Drop pydantic's union tags ('list[float]') from the path, but never the unknown
        # key an extra_forbidden error is about, whatever characters it has.
        *parents, last = item["loc"] or ("",)
        keep_last = item["type"] == "extra_forbidden"
        loc = tuple(part for part in (*parents, *(() if keep_last else (last,)))
                    if isinstance(part, int) or "[" not in str(part)) + \
            ((last,) if keep_last else ())
        value = NOTHING if item["type"] == "missing" else item.get("input", NOTHING)
        if isinstance(value, dict) and item["type"] not in {"extra_forbidden"}:
            value = NOTHING  # a whole section is too long to echo; the path says where
        problems.append(Problem(source, _field_path(loc), value, error_message(root, item, loc)))
    return problems


@functools.cache
def _field_adapter(root: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = root.model_fields[name]
    return TypeAdapter(typing.Annotated[field.annotation, field])


def check_value(root: type[BaseModel], name: str, value: Any) -> Any:
    """`value` validated as the field `name` of `root` validates it in a file (a command-line
    option takes the same values as the field it overrides); ValueError with the one-line
    message a file would get ("got 101; must be between 1 and 100")."""
    try:
        return _field_adapter(root, name).validate_python(value)
    except ValidationError as exc:
        item = exc.errors()[0]
        raise ValueError(f"got {_show(value)}; {error_message(root, item, (name,))}") from None


def read_yaml(path: Path) -> Any:
    """Read a YAML file, turning every way it can fail into a ScenarioError."""
    source = str(path)
    try:
        if not path.exists():
            raise ScenarioError([Problem(source, "", NOTHING, "file not found")])
        if path.is_dir():
            raise ScenarioError([Problem(source, "", NOTHING,
                                         "is a folder, not a YAML file")])
        if path.stat().st_size > yaml_loader.MAX_BYTES:
            raise ScenarioError([Problem(source, "", NOTHING, "larger than the limit of "
                                         f"{yaml_loader.MAX_BYTES // 2**20} MB")])
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path; not UTF-8
        if isinstance(exc, ScenarioError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ScenarioError([Problem(source, "", NOTHING,
                                     f"cannot be read: {reason}")]) from None
    return parse_yaml(text, source)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text (a file's, an upload's) with the limited loader (model/yaml_loader.py):
    a syntax error, a repeated key, an alias bomb, deep nesting or an oversized text becomes
    a ScenarioError that names the line and column."""
    try:
        return yaml_loader.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if not isinstance(exc, yaml_loader.LimitError):
            reason = f"not valid YAML: {reason}"
        raise ScenarioError([Problem(source, where, NOTHING, reason)]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2015-13-45
        raise ScenarioError([Problem(source, "", NOTHING, f"not valid YAML: "
                                     f"{str(exc)[:120]}")]) from None


__all__ = ["NOTHING", "Problem", "ScenarioError", "StrictModel", "check_value", "error_message",
           "parse_yaml", "problems_from_validation", "read_yaml", "schema_class"]
