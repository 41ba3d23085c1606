"""Shared fixtures: small scenarios that run in a fraction of a second."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

SMALL: dict[str, Any] = {
    "name": "small",
    "seed": 3,
    "horizon_years": 2,
    "scale": "local",
    "region": {
        "name": "Testregio",
        "municipalities": [
            {"name": "A", "neighbourhoods": [
                {"name": "a1", "inhabitants": 700, "ses": 0.3},
                {"name": "a2", "inhabitants": 500, "ses": 0.7},
            ]},
            {"name": "B", "neighbourhoods": [{"name": "b1", "inhabitants": 600, "ses": 0.5}]},
        ],
    },
}


@pytest.fixture
def small() -> dict[str, Any]:
    """A fresh copy of a small two-municipality scenario dict."""
    return copy.deepcopy(SMALL)
