"""zelfsturing: a Mesa model of steered self-organisation in the Dutch social domain.

This is the model's public face: the experiments, the dashboard, the studies in
`validation/` and the command line import from here only (docs/architecture.md).
"""

from model.agents import Municipality, Professional, Resident, Volunteer
from model.budget import budget_per_inhabitant, domain_shares, lever_cost_per_inhabitant
from model.clock import WEEKS_PER_QUARTER, WEEKS_PER_YEAR, weeks_into_year, year_of
from model.levers import (
    BELONGING,
    BOUNDARIES,
    CONNECT,
    DEFAULT_LEVERS,
    LEVER_SPECS,
    LEVERS,
    ROOM_TO_ACT,
    STEERING_PRESSURE,
    TRUST,
    Lever,
    LeverSpec,
)
from model.metrics import MODEL_METRICS, NEIGHBOURHOOD_METRICS, YEAR_METRICS
from model.model import ParticipationModel
from model.parallel import available_cores, spawn_pool
from model.parameters import (
    AGE_GROUPS,
    DEFAULT_PARAMETERS,
    DOMAINS,
    FIT_FILE,
    SCALES,
    Parameters,
)
from model.policy import starting_levers
from model.population import NONE, ROLE_NAMES
from model.replicate import RunSpec, replications, run_many, simulate
from model.resources import Estimate, available_memory, estimate_memory, memory_problem
from model.results import summary, tables, write_parquet, write_results
from model.rules.municipality import staff_fte
from model.scenario import (
    MAX_NAME,
    MAX_RESIDENTS,
    Description,
    MunicipalityConfig,
    Scenario,
    load_scenario,
    override,
    validate_data,
    with_changes,
    with_lever_change,
    with_levers,
    with_overrides,
    with_residents,
)
from model.scenario_domains import FUND_SHARES_2015, Domains
from model.schema import (
    NOTHING,
    Problem,
    ScenarioError,
    StrictModel,
    check_value,
    error_message,
    parse_yaml,
    problems_from_validation,
    read_yaml,
    schema_class,
)
from model.version import __version__

__all__ = [
    "budget_per_inhabitant",
    "domain_shares",
    "lever_cost_per_inhabitant",
    "staff_fte",
    "starting_levers",
    "AGE_GROUPS",
    "BELONGING",
    "BOUNDARIES",
    "CONNECT",
    "ROOM_TO_ACT",
    "STEERING_PRESSURE",
    "TRUST",
    "DEFAULT_LEVERS",
    "DEFAULT_PARAMETERS",
    "DOMAINS",
    "FIT_FILE",
    "FUND_SHARES_2015",
    "LEVERS",
    "LEVER_SPECS",
    "MAX_NAME",
    "MAX_RESIDENTS",
    "MODEL_METRICS",
    "NEIGHBOURHOOD_METRICS",
    "NONE",
    "NOTHING",
    "ROLE_NAMES",
    "RunSpec",
    "SCALES",
    "WEEKS_PER_QUARTER",
    "WEEKS_PER_YEAR",
    "YEAR_METRICS",
    "Description",
    "Domains",
    "Estimate",
    "Lever",
    "LeverSpec",
    "Municipality",
    "MunicipalityConfig",
    "Parameters",
    "ParticipationModel",
    "Problem",
    "Professional",
    "Resident",
    "Scenario",
    "ScenarioError",
    "StrictModel",
    "Volunteer",
    "__version__",
    "available_cores",
    "available_memory",
    "check_value",
    "error_message",
    "estimate_memory",
    "load_scenario",
    "memory_problem",
    "override",
    "parse_yaml",
    "problems_from_validation",
    "read_yaml",
    "replications",
    "run_many",
    "schema_class",
    "simulate",
    "spawn_pool",
    "summary",
    "tables",
    "validate_data",
    "weeks_into_year",
    "with_changes",
    "with_lever_change",
    "with_levers",
    "with_overrides",
    "with_residents",
    "write_parquet",
    "write_results",
    "year_of",
]
