"""The stylized facts (docs/model.md#targets): each experiment on the full `ParticipationModel` with
its check and default seeds.

The machinery (verdicts, paired statistics, running the seeds) is in `validation.facts`; the
experiments are in `validation.lever_facts` (crowding out, hysteresis, boundaries),
`validation.budget_facts` (cuts, inequality, scale) and `validation.cascade` (Granovetter's
threshold cascade, which runs draws of thresholds rather than seeds and so is not listed
here). The tests (`tests/validation/test_stylized_facts.py`) and the validation page
(`python -m validation.make_validation`) call the same functions.
"""

from __future__ import annotations

from model import BOUNDARIES
from validation.budget_facts import (
    CUTS_SEEDS,
    INEQUALITY_SEEDS,
    SCALE_SEEDS,
    check_cuts,
    check_inequality,
    check_scale,
    cuts,
    inequality,
    scale,
)
from validation.facts import Fact
from validation.lever_facts import (
    BOUNDARIES_SEEDS,
    CROWDING_OUT_SEEDS,
    HYSTERESIS_SEEDS,
    boundaries,
    check_boundaries,
    check_crowding_out,
    check_hysteresis,
    crowding_out,
    hysteresis,
)

FACTS: tuple[Fact, ...] = (
    Fact("crowding_out", crowding_out, check_crowding_out, CROWDING_OUT_SEEDS),
    Fact("hysteresis", hysteresis, check_hysteresis, HYSTERESIS_SEEDS),
    Fact("cuts", cuts, check_cuts, CUTS_SEEDS),
    Fact(BOUNDARIES, boundaries, check_boundaries, BOUNDARIES_SEEDS),
    Fact("inequality", inequality, check_inequality, INEQUALITY_SEEDS),
    Fact("scale", scale, check_scale, SCALE_SEEDS),
)

__all__ = ["FACTS"]
