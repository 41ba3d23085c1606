"""Module-level readers for `run_many` in tests (worker processes must import them)."""

from __future__ import annotations

from model import ParticipationModel


def participation(model: ParticipationModel) -> float:
    return model.latest["participation"]
