"""The six levers a municipality turns: the one place where each is declared.

Everything else derives from `LEVER_SPECS`: the scenario schema's fields, the model's lever
columns (`Lever` indexes them), the default yearly costs, the dashboard's labels and help
texts in Dutch and English, the experiments' field paths and the docs. To add a lever, add
a `LeverSpec` here and give it a mechanism in a rule (docs/architecture.md walks it through).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class LeverSpec:
    """One lever: its name in files and code, its default, its cost and its words."""

    name: str
    default: float  # 0..1, the value when a scenario leaves it out
    cost: float  # euro per inhabitant per year at full strength (assumption, docs/model.md)
    description: str  # for the schema and the docs (English)
    label: dict[str, str]  # the dashboard's name of it, per language
    help: dict[str, str]  # the dashboard's one-line explanation, per language


LEVER_SPECS: tuple[LeverSpec, ...] = (
    LeverSpec(
        "room_to_act", 0.5, 4.0,
        "handelingsruimte: share of motivation that becomes action",
        {"nl": "Handelingsruimte", "en": "Room to act"},
        {"nl": "Hoeveel ruimte bewoners krijgen om zelf te handelen: welk deel van hun "
               "motivatie echt tot meedoen leidt.",
         "en": "How much room residents get to act themselves: the share of their motivation "
               "that becomes taking part."}),
    LeverSpec(
        "connect", 0.5, 12.0,
        "kunnen aanhaken: reach of matching beyond direct ties",
        {"nl": "Kunnen aanhaken", "en": "Being able to connect"},
        {"nl": "Hoe makkelijk hulpvragers en helpers elkaar vinden, ook buiten het eigen "
               "netwerk (matching, wijkplekken).",
         "en": "How easily people who need help and helpers find each other, also beyond "
               "their own network (matching, local meeting places)."}),
    LeverSpec(
        "belonging", 0.5, 8.0,
        "sense of belonging: drifts belonging up",
        {"nl": "Erbij horen", "en": "Sense of belonging"},
        {"nl": "Investeren in het gevoel erbij te horen: buurtactiviteiten, ontmoeting.",
         "en": "Investing in people's sense of belonging: neighbourhood activities, meeting."}),
    LeverSpec(
        "boundaries", 0.5, 6.0,
        "begrenzing: caps helpers' hours, complex needs to pros",
        {"nl": "Begrenzing", "en": "Boundaries"},
        {"nl": "Grenzen aan wat van mantelzorgers en vrijwilligers wordt gevraagd; zware "
               "zorg gaat naar professionals.",
         "en": "Limits on what is asked of informal carers and volunteers; heavy care goes "
               "to professionals."}),
    LeverSpec(
        "trust", 0.5, 3.0,
        "vertrouwen: less paperwork, trust rises over time",
        {"nl": "Vertrouwen", "en": "Trust"},
        {"nl": "De gemeente geeft vertrouwen: minder controle en papierwerk.",
         "en": "The municipality extends trust: less control and paperwork."}),
    LeverSpec(
        "steering_pressure", 0.0, 6.0,
        "sturingsdruk ('het moet'): push that crowds out",
        {"nl": "Sturingsdruk", "en": "Steering pressure"},
        {"nl": "'Het moet': druk op bewoners om mee te doen. Kan eigen motivatie verdringen.",
         "en": "'It must': pressure on residents to take part. Can crowd out their own "
               "motivation."}),
)

LEVERS: tuple[str, ...] = tuple(spec.name for spec in LEVER_SPECS)
# The names as constants, for code that sets one lever (`{STEERING_PRESSURE: 0.6}`).
ROOM_TO_ACT, CONNECT, BELONGING, BOUNDARIES, TRUST, STEERING_PRESSURE = LEVERS

# Column index of each lever in the model's lever arrays (municipalities x levers).
Lever = IntEnum("Lever", [(spec.name.upper(), i) for i, spec in enumerate(LEVER_SPECS)])

DEFAULT_LEVERS: dict[str, float] = {spec.name: spec.default for spec in LEVER_SPECS}
DEFAULT_LEVER_COSTS: dict[str, float] = {spec.name: spec.cost for spec in LEVER_SPECS}

__all__ = ["BELONGING", "BOUNDARIES", "CONNECT", "DEFAULT_LEVERS", "DEFAULT_LEVER_COSTS",
           "LEVERS", "LEVER_SPECS", "ROOM_TO_ACT", "STEERING_PRESSURE", "TRUST", "Lever",
           "LeverSpec"]
