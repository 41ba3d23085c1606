"""Shared fixtures: small scenarios that run in a fraction of a second."""

from __future__ import annotations

import copy
import signal
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


def sigint_as_usual() -> None:
    """`preexec_fn` for a child that a test interrupts with SIGINT: a shell starts background
    jobs with SIGINT ignored, and a child would inherit that (as when the suite itself runs
    in the background), so Ctrl-C would do nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def small() -> dict[str, Any]:
    """A fresh copy of a small two-municipality scenario dict."""
    return copy.deepcopy(SMALL)
