"""Reading and checking input files: the strict schema base, YAML parsing, and problems.

Every file a user hands the program (a scenario, an experiment, an upload) is parsed here
and validated against a pydantic schema that derives from `StrictModel`; whatever is wrong
becomes a `Problem` (file, field path, bad value, what is allowed) inside a `ScenarioError`,
never a traceback.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class StrictModel(BaseModel):
    """A schema section that refuses unknown fields (a typo is an error, not a default)."""

    model_config = ConfigDict(extra="forbid")


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


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
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
        loc = tuple(part for part in item["loc"]
                    if isinstance(part, int) or "[" not in str(part))
        value = NOTHING if item["type"] == "missing" else item.get("input", NOTHING)
        if isinstance(value, dict) and item["type"] not in {"extra_forbidden"}:
            value = NOTHING  # a whole section is too long to echo; the path says where
        problems.append(Problem(source, _field_path(loc), value, error_message(root, item, loc)))
    return problems


def read_yaml(path: Path) -> Any:
    """Read a YAML file, turning every way it can fail into a ScenarioError."""
    source = str(path)
    if not path.exists():
        raise ScenarioError([Problem(source, "", NOTHING, "file not found")])
    if path.is_dir():
        raise ScenarioError([Problem(source, "", NOTHING, "is a folder, not a YAML file")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(source, "", NOTHING, f"cannot be read: {exc}")]) from None
    return parse_yaml(text, source)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text (a file's, an upload's), a syntax error becoming a ScenarioError that
    names the line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([Problem(source, where, NOTHING,
                                     f"not valid YAML: {reason}")]) from None


__all__ = ["NOTHING", "Problem", "ScenarioError", "StrictModel", "error_message",
           "parse_yaml", "problems_from_validation", "read_yaml", "schema_class"]
