"""The documented field helpers of the parameter schema, and the values the calibration fitted.

`param` and `per_age` keep a parameter's unit, range and source next to its default, for
`docs/parameters.md` (`python -m validation.parameter_docs`); `FIT` holds what
`validation/calibrate.py` wrote to `model/calibrated.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import Field

AGE_GROUPS: tuple[str, ...] = ("15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
SCALES: tuple[str, ...] = ("hyperlocal", "local", "intermunicipal", "regional")
DOMAINS: tuple[str, ...] = ("care", "youth_family", "work_income")

ASSUMPTION = "assumption"
CALIBRATED = "calibrated by validation/calibrate.py to"
FIT_FILE = Path(__file__).with_name("calibrated.json")


def _fitted() -> dict[str, Any]:
    """The values validation/calibrate.py fitted to the 2015 targets (model/calibrated.json)."""
    values = json.loads(FIT_FILE.read_text(encoding="utf-8"))["values"]
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


FIT = _fitted()


def param(
    default: Any,
    unit: str,
    source: str,
    description: str,
    ge: float | None = None,
    le: float | None = None,
) -> Any:
    """A documented parameter field: bounds are enforced, unit and source are kept for the docs."""
    return Field(
        default,
        ge=ge,
        le=le,
        description=description,
        json_schema_extra={"unit": unit, "source": source, "range": [ge, le]},
    )


def per_age(
    default: tuple[float, ...], unit: str, source: str, description: str,
    le: float = 1.0, ge: float = 0.0,
) -> Any:
    """A parameter with one value per age group (AGE_GROUPS order)."""
    return Field(
        default,
        description=description + " One value per age group " + ", ".join(AGE_GROUPS) + ".",
        json_schema_extra={"unit": unit, "source": source, "range": [ge, le]},
    )
