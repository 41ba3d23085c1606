"""Stylized fact: each task at its own scale (docs/scenarios.md#domains).

In the domain organised regionally, overhead per case and informal referrals fall against
local organisation, while the other domains change only through the residents they share;
a move back to local shows its transition dip (trust, a one-off cost) and recovers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model import ParticipationModel
from model.scenario import load_scenario, with_overrides, with_residents

RESIDENTS = 8_000
SEEDS = (1, 2)


def run(scenario, seed: int, years: int) -> pd.DataFrame:
    model = ParticipationModel(scenario, rng=seed)
    model.run(52 * years)
    return model.datacollector.get_model_vars_dataframe()


def last_year(frame: pd.DataFrame, column: str) -> float:
    return float(frame[column].iloc[-52:].mean())


@pytest.fixture(scope="module")
def youth_scales() -> dict[str, list[pd.DataFrame]]:
    base = with_residents(load_scenario("scenarios/domains_mixed.yaml"), RESIDENTS)
    out = {}
    for scale in ("local", "regional"):
        scenario = with_overrides(base, {"domains.youth_family.scale": scale})
        out[scale] = [run(scenario, seed, 3) for seed in SEEDS]
    return out


def test_regional_youth_care_has_less_overhead_per_case_and_fewer_referrals(youth_scales):
    for local, regional in zip(youth_scales["local"], youth_scales["regional"], strict=True):
        assert last_year(regional, "overhead_per_case_youth_family") < 0.9 * last_year(
            local, "overhead_per_case_youth_family"
        )
        assert last_year(regional, "referral_hours_youth_family") < 0.9 * last_year(
            local, "referral_hours_youth_family"
        )


def test_the_other_domains_change_only_through_shared_residents(youth_scales):
    for domain in ("care", "work_income"):
        local = np.mean([last_year(f, f"unmet_share_{domain}") for f in youth_scales["local"]])
        regional = np.mean(
            [last_year(f, f"unmet_share_{domain}") for f in youth_scales["regional"]]
        )
        assert abs(regional - local) < 0.02, domain
        # Their teams are the same: their referrals move far less than youth care's.
        change = {
            d: np.mean(
                [
                    last_year(b, f"referral_hours_{d}") / last_year(a, f"referral_hours_{d}")
                    for a, b in zip(youth_scales["local"], youth_scales["regional"], strict=True)
                ]
            )
            - 1.0
            for d in (domain, "youth_family")
        }
        assert abs(change[domain]) < 0.5 * abs(change["youth_family"]), change


@pytest.fixture(scope="module")
def move_back() -> tuple[pd.DataFrame, pd.DataFrame]:
    moving = with_residents(load_scenario("scenarios/youth_back_local.yaml"), RESIDENTS)
    staying = with_residents(load_scenario("scenarios/domains_mixed.yaml"), RESIDENTS)
    return run(moving, 1, 5), run(staying, 1, 5)


def test_moving_youth_care_back_shows_its_dip_and_recovers(move_back):
    moving, staying = move_back
    # The same run until the move at the start of year 3 (week 156 done).
    assert moving["mean_trust"].iloc[156] == staying["mean_trust"].iloc[156]
    # The dip: clients who change team lose trust; the move costs money in its year only.
    assert moving["mean_trust"].iloc[158] < staying["mean_trust"].iloc[158]
    year = (moving["week"] - 1) // 52
    cost = moving.groupby(year)["spending_reorganisation"].sum()
    assert cost.loc[3] > 0 and cost.drop(3).sum() == 0
    assert staying["spending_reorganisation"].sum() == 0
    # The new local teams start less near than they will be: referrals rise through the
    # first year and end above the regional teams'.
    first_quarter = float(moving["referral_hours_youth_family"].iloc[157:170].mean())
    assert first_quarter < last_year(moving, "referral_hours_youth_family")
    assert last_year(moving, "referral_hours_youth_family") > 1.1 * last_year(
        staying, "referral_hours_youth_family"
    )
