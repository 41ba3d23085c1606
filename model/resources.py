"""What a run will need, estimated from the validated scenario before anything is built.

A population that cannot fit used to end in a MemoryError after minutes of building; a long
run of many neighbourhoods in memory exhausted by its own output rows. The command line asks
`memory_problem` first and refuses in one line, with the estimate, the memory this machine
has available and how to make the run fit.

The figures per item are measured (benchmarks/RESULTS.md: 100,000 residents in 252 MB and
1,000,000 in 995 MB at peak, eight ties each) and rounded up.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

from model.clock import WEEKS_PER_YEAR
from model.metrics import MODEL_METRICS
from model.scenario import Scenario

BASE_BYTES = 250 * 2**20  # the interpreter, NumPy, pandas, Mesa and the model's fixed parts
RESIDENT_BYTES = 700  # the resident arrays, the Mesa agent and the weekly temporaries
TIE_BYTES = 48  # one direction of a tie: the CSR arrays, the counters, building them
# The weekly rules visit every tie; past this many (in both directions) a run takes hours a
# year whatever the memory (a complete network of 16,000 residents has 256 million).
MAX_TIES = 250_000_000
NEIGHBOURHOOD_ROW_BYTES = 1_000  # one neighbourhood-week row, kept until the run ends
MODEL_ROW_BYTES = 32 * len(MODEL_METRICS)  # one model-week row
# The neighbourhood rows stay in memory until the run ends (they are not yet streamed to
# disk), so their number is capped whatever the machine: 3 GB of rows.
MAX_NEIGHBOURHOOD_ROWS = 3_000_000
GB = 1e9


@dataclass(frozen=True)
class Estimate:
    """The memory one run needs, by what needs it."""

    residents: int
    ties: int  # counted in both directions, as stored
    neighbourhoods: int
    weeks: int

    @property
    def neighbourhood_rows(self) -> int:
        return self.neighbourhoods * (self.weeks + 1)

    @property
    def population_bytes(self) -> int:
        return self.residents * RESIDENT_BYTES + self.ties * TIE_BYTES

    @property
    def rows_bytes(self) -> int:
        return (self.neighbourhood_rows * NEIGHBOURHOOD_ROW_BYTES
                + (self.weeks + 1) * MODEL_ROW_BYTES)

    @property
    def total_bytes(self) -> int:
        return BASE_BYTES + self.population_bytes + self.rows_bytes

    def describe(self) -> str:
        plural = "s" if self.neighbourhoods > 1 else ""
        return (f"about {self.total_bytes / GB:.1f} GB ({self.residents:,} residents with "
                f"{self.ties // 2:,} ties: {self.population_bytes / GB:.1f} GB; "
                f"{self.neighbourhoods:,} neighbourhood{plural} x {self.weeks + 1:,} weeks "
                f"of output rows: {self.rows_bytes / GB:.1f} GB)")


def estimate_memory(scenario: Scenario) -> Estimate:
    """The estimate for one run of `scenario` (validated, so its numbers are in range)."""
    neighbourhoods = [nb for m in scenario.region.municipalities for nb in m.neighbourhoods]
    residents = sum(nb.residents for nb in neighbourhoods)
    if scenario.network == "complete":
        ties = residents * (residents - 1)
    else:
        ties = round(sum(nb.residents * nb.mean_ties for nb in neighbourhoods))
    return Estimate(residents, ties, len(neighbourhoods),
                    scenario.horizon_years * WEEKS_PER_YEAR)


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def _cgroup_available() -> int | None:
    """What a container's memory limit leaves (cgroup v2), if there is a limit."""
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit == "max":
            return None
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        return max(0, int(limit) - used)
    except (OSError, ValueError):
        return None


def _address_space_available() -> int | None:
    """What `ulimit -v` leaves this process, if it is set."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return max(0, soft - int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    return soft


def available_memory() -> int | None:
    """Bytes this process can still use: the least of the machine's available memory, a
    container's limit and an address-space limit; None when none of them can be read."""
    found = [v for v in (_meminfo_available(), _cgroup_available(),
                         _address_space_available()) if v is not None]
    return min(found) if found else None


def _years_that_fit(estimate: Estimate, budget_bytes: float) -> int:
    """The longest horizon (whole years, maybe 0) whose rows fit in `budget_bytes`."""
    per_year = WEEKS_PER_YEAR * (estimate.neighbourhoods * NEIGHBOURHOOD_ROW_BYTES
                                 + MODEL_ROW_BYTES)
    return max(0, int(budget_bytes // per_year))


def memory_problem(scenario: Scenario, at_once: int = 1,
                   available: int | None = None) -> str | None:
    """Why `at_once` runs of `scenario` side by side cannot fit, and what to do; None when
    they fit. `available` defaults to `available_memory()`."""
    est = estimate_memory(scenario)
    years = scenario.horizon_years
    if est.neighbourhood_rows > MAX_NEIGHBOURHOOD_ROWS:
        fit = MAX_NEIGHBOURHOOD_ROWS // max(1, est.neighbourhoods) // WEEKS_PER_YEAR
        way = f"give a horizon of at most {fit} years, or fewer neighbourhoods" if fit >= 1 \
            else ("give fewer neighbourhoods (at most "
                  f"{MAX_NEIGHBOURHOOD_ROWS // (WEEKS_PER_YEAR + 1):,} for one year)")
        return (f"{est.neighbourhoods:,} neighbourhoods x {years} years make "
                f"{est.neighbourhood_rows:,} neighbourhood-week output rows, all kept in "
                f"memory (about {est.rows_bytes / GB:.1f} GB); a run may keep at most "
                f"{MAX_NEIGHBOURHOOD_ROWS:,}: {way}")
    if est.ties > MAX_TIES:
        how = ("a complete network ties everyone to everyone; use network: neighbourhoods, "
               "or at most 15,800 residents") if scenario.network == "complete" else \
            "fewer residents (--residents) or a lower mean_ties"
        return (f"{est.residents:,} residents with {est.ties // 2:,} ties are more than a "
                f"run can step through ({MAX_TIES // 2:,} ties at most): {how}")
    available = available_memory() if available is None else available
    needed = est.total_bytes * at_once
    if available is None or needed <= available:
        return None
    runs = f"{at_once} runs at once, each" if at_once > 1 else "the run"
    ways = []
    if est.population_bytes > est.rows_bytes:
        ways.append("fewer residents (--residents)")
    else:
        budget = available / at_once - BASE_BYTES - est.population_bytes
        fit = _years_that_fit(est, budget)
        ways.append(f"a shorter horizon (at most {fit} years)" if fit >= 1
                    else "fewer neighbourhoods")
    if at_once > 1:
        ways.append("fewer --workers")
    return (f"{runs} needs {est.describe()}, more than the {available / GB:.1f} GB this "
            f"machine has available; to fit, run {' or '.join(ways)}")
