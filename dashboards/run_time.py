"""How long a scenario will take, measured rather than assumed: a sample of the scenario
itself (the same neighbourhoods, scaled down to at most SAMPLE_RESIDENTS residents) is
built and run for a quarter on this machine, now, and the time is scaled up by its
residents. The model's cost is linear in its residents (benchmarks/RESULTS.md,
"Linearity"); per resident, a small sample costs more than a large run (419 ns a
resident-week at 10,000 residents against 221 ns at 100,000 there), so for a scenario
larger than the sample the figure errs on the long side.

Memory comes from the model's own estimate (`model.estimate_memory`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from model import (
    WEEKS_PER_QUARTER,
    WEEKS_PER_YEAR,
    ParticipationModel,
    Scenario,
    estimate_memory,
    with_overrides,
    with_residents,
)

SAMPLE_RESIDENTS = 20_000
SAMPLE_WEEKS = WEEKS_PER_QUARTER


@dataclass(frozen=True)
class RunTime:
    """A measured sample and what it says about the whole scenario."""

    residents: int  # the scenario's
    sample_residents: int
    sample_weeks: int
    build_seconds: float  # building the sample's population, network and agents
    run_seconds: float  # running the sample for `sample_weeks`
    spinup_years: int  # unreported years a run (and every Reset) simulates first
    memory_bytes: int  # model.estimate_memory, for the scenario's horizon

    @property
    def resident_weeks_per_second(self) -> float:
        return self.sample_residents * self.sample_weeks / max(self.run_seconds, 1e-9)

    @property
    def seconds_per_year(self) -> float:
        """One simulated year of the whole scenario (the model alone; a page that plays
        also draws its charts)."""
        return self.residents * WEEKS_PER_YEAR / self.resident_weeks_per_second

    @property
    def start_seconds(self) -> float:
        """What a start costs before week 0: building the population, and the spin-up."""
        build = self.build_seconds * self.residents / self.sample_residents
        return build + self.spinup_years * self.seconds_per_year


def measure(scenario: Scenario) -> RunTime:
    """Build and run a sample of `scenario` for SAMPLE_WEEKS weeks (without its spin-up,
    which is the same weekly work) and time both. The sample has SAMPLE_RESIDENTS residents,
    or one in each neighbourhood if there are more neighbourhoods than that."""
    sample = with_overrides(scenario, {"parameters.spinup_years": 0})
    neighbourhoods = sum(len(m.neighbourhoods) for m in scenario.region.municipalities)
    size = max(SAMPLE_RESIDENTS, neighbourhoods)  # at least one resident in each
    if scenario.residents > size:
        sample = with_residents(sample, size)
    start = time.perf_counter()
    model = ParticipationModel(sample)
    built = time.perf_counter()
    model.run(SAMPLE_WEEKS)
    done = time.perf_counter()
    return RunTime(scenario.residents, sample.residents, SAMPLE_WEEKS, built - start,
                   done - built, scenario.parameters.spinup_years,
                   estimate_memory(scenario).total_bytes)
