"""zelfsturing: a Mesa model of steered self-organisation in the Dutch social domain."""

from model.agents import Municipality, Professional, Resident, Volunteer
from model.model import ParticipationModel
from model.parameters import Parameters
from model.scenario import Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"

__all__ = [
    "Municipality",
    "Parameters",
    "ParticipationModel",
    "Professional",
    "Resident",
    "Scenario",
    "ScenarioError",
    "Volunteer",
    "__version__",
    "load_scenario",
]
