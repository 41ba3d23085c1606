"""The scenario schema's domain sections: each task of the social domain at its own scale,
with its own money (docs/scenarios.md#domains)."""

from __future__ import annotations

import math
import typing
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from model.parameters import DOMAINS, SCALES
from model.schema import StrictModel

Scale = Literal["hyperlocal", "local", "intermunicipal", "regional"]
assert set(typing.get_args(Scale)) == set(SCALES)

# The 2015 social-domain fund (integratie-uitkering sociaal domein, meicirculaire
# gemeentefonds 2015) in its three parts: Wmo 2015 EUR 3.6 bn, youth EUR 3.9 bn, participation
# (work & income) EUR 2.6 bn, of EUR 10.1 bn (rounded shares 0.36, 0.38, 0.26).
FUND_SHARES_2015: dict[str, float] = {"care": 0.36, "youth_family": 0.38, "work_income": 0.26}
assert tuple(FUND_SHARES_2015) == DOMAINS


def rates(value: Any) -> Any:
    """A shrinkage: one yearly rate, or a list of yearly rates, each between 0 and 1."""
    allowed = "a rate between 0 and 1, or a list of yearly rates between 0 and 1"
    rates = value if isinstance(value, list) else [value]
    for rate in rates:
        if isinstance(rate, bool) or not isinstance(rate, int | float) or math.isnan(rate):
            raise ValueError(f"must be {allowed}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"must be {allowed}")
    return [float(r) for r in value] if isinstance(value, list) else float(value)


def shrinkage_factor(shrinkage: float | list[float], year: int) -> float:
    """What is left of a budget in `year` (0-based) after `shrinkage`."""
    rates = shrinkage[: year + 1] if isinstance(shrinkage, list) else [shrinkage] * (year + 1)
    return float(math.prod(1.0 - r for r in rates))


class Domain(StrictModel):
    """One task of the social domain: where its teams and money are organised
    (docs/scenarios.md#domains)."""

    scale: Scale | None = Field(None, description="the domain's scale; none: the scenario's")
    budget_share: float | None = Field(
        None, ge=0.0, le=1.0, description="share of the budget per inhabitant for this "
        "domain; none: its share of the 2015 social-domain fund (care 0.36, youth_family "
        "0.38, work_income 0.26)")
    shrinkage: float | list[float] | None = Field(
        None, description="the domain's own yearly shrinkage; none: budget.shrinkage")

    @field_validator("shrinkage", mode="before")
    @classmethod
    def _shrinkage(cls, value: Any) -> Any:
        return None if value is None else rates(value)


class Domains(StrictModel):
    """Each task at its own scale with its own money: the three domains of the 2015
    decentralisation (support under the Wmo, youth & family, work & income)."""

    care: Domain = Field(default_factory=Domain)
    youth_family: Domain = Field(default_factory=Domain)
    work_income: Domain = Field(default_factory=Domain)

    @model_validator(mode="after")
    def _shares(self) -> Domains:
        given = {d: getattr(self, d).budget_share for d in DOMAINS}
        named = [d for d, share in given.items() if share is not None]
        if named and len(named) < len(DOMAINS):
            missing = [d for d in DOMAINS if d not in named]
            raise ValueError(f"budget_share is given for {', '.join(named)} but not for "
                             f"{', '.join(missing)}: give all three (adding up to 1) or none")
        if named and abs(sum(given.values()) - 1.0) > 0.001:
            raise ValueError(f"the budget shares must add up to 1 (they add up to "
                             f"{sum(given.values()):.3f})")
        return self

    def shares(self) -> dict[str, float]:
        """Each domain's share of the budget."""
        if self.care.budget_share is None:
            return dict(FUND_SHARES_2015)
        return {d: float(getattr(self, d).budget_share) for d in DOMAINS}


class DomainChange(StrictModel):
    """From a schedule entry's year: a domain at another scale, or with more or less money."""

    scale: Scale | None = Field(None, description="the domain's new scale (a reorganisation)")
    budget_change: float | None = Field(
        None, ge=-0.9, le=1.0, description="relative change of the domain's budget from "
        "this year on, on top of its shrinkage (-0.1: a tenth less)")


class DomainChanges(StrictModel):
    care: DomainChange | None = None
    youth_family: DomainChange | None = None
    work_income: DomainChange | None = None

    def values(self) -> dict[str, DomainChange]:
        """The domains this entry changes."""
        return {d: getattr(self, d) for d in DOMAINS if getattr(self, d) is not None}


__all__ = ["FUND_SHARES_2015", "Domain", "DomainChange", "DomainChanges", "Domains", "Scale",
           "rates", "shrinkage_factor"]
