"""zelfsturing: a Mesa model of steered self-organisation in the Dutch social domain.

This is the model's public face: the experiments, the dashboard, the studies in
`validation/` and the command line import from here only (docs/architecture.md).
"""

from model.agents import Municipality, Professional, Resident, Volunteer
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
from model.parallel import available_cores, run_all, spawn_pool
from model.parameters import (
    AGE_GROUPS,
    DEFAULT_PARAMETERS,
    DOMAINS,
    FIT_FILE,
    SCALES,
    Parameters,
    parameter_markdown,
)
from model.population import ROLE_NAMES
from model.resources import Estimate, available_memory, estimate_memory, memory_problem
from model.results import summary, tables, write_parquet, write_results
from model.scenario import (
    MAX_NAME,
    MAX_RESIDENTS,
    Description,
    MunicipalityConfig,
    Scenario,
    load_scenario,
    validate_data,
    with_residents,
)
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

__version__ = "0.1.0"

__all__ = [
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
    "LEVERS",
    "LEVER_SPECS",
    "MAX_NAME",
    "MAX_RESIDENTS",
    "MODEL_METRICS",
    "NEIGHBOURHOOD_METRICS",
    "NOTHING",
    "ROLE_NAMES",
    "SCALES",
    "WEEKS_PER_QUARTER",
    "WEEKS_PER_YEAR",
    "YEAR_METRICS",
    "Description",
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
    "parameter_markdown",
    "parse_yaml",
    "problems_from_validation",
    "read_yaml",
    "run_all",
    "schema_class",
    "spawn_pool",
    "summary",
    "tables",
    "validate_data",
    "weeks_into_year",
    "with_residents",
    "write_parquet",
    "write_results",
    "year_of",
]
