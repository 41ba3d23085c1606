"""Every text of the workshop in Dutch (the default) and English, as dashboards/i18n.py does
it for the dashboard: `t(key, lang)`; a missing key fails the tests, never shows a blank.
The levers' names and help and the key figures' names come from the dashboard's table, so
the workshop and the dashboard call things by the same words.
"""

from __future__ import annotations

from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dashboards.i18n import TEXTS as DASHBOARD_TEXTS
from model import LEVER_SPECS

KEY_FIGURES = ("participation", "unmet_share", "waiting_list", "mean_trust",
               "cost_per_inhabitant", "budget_balance")

SHARED: dict[str, dict[str, str]] = {
    key: DASHBOARD_TEXTS[key]
    for key in (*(f"lever.{s.name}" for s in LEVER_SPECS),
                *(f"lever.{s.name}.help" for s in LEVER_SPECS),
                *KEY_FIGURES, *(f"{k}.help" for k in KEY_FIGURES))
}

REFUSALS: dict[str, dict[str, str]] = {
    "refused.facilitator": {
        "nl": "Geen toegang: deze link heeft niet de juiste sleutel van de begeleider.",
        "en": "No access: this link does not hold the facilitator's key."},
    "refused.no_session": {"nl": "Er is geen sessie {session}.",
                           "en": "There is no session {session}."},
    "refused.seat": {
        "nl": "Deze deelnemerslink werkt niet (meer). Vraag de begeleider om een nieuwe, of "
              "doe opnieuw mee met de code.",
        "en": "This seat link does not work (any more). Ask the facilitator for a new one, or "
              "join again with the code."},
    "refused.code_empty": {"nl": "Vul de code in die de begeleider laat zien.",
                           "en": "Enter the code the facilitator shows."},
    "refused.code_form": {
        "nl": "'{code}' is geen code: een code heeft 4 tot 8 hoofdletters en cijfers.",
        "en": "'{code}' is not a code: a code has 4 to 8 capital letters and digits."},
    "refused.code_unknown": {"nl": "Er is geen sessie met code {code}.",
                             "en": "There is no session with code {code}."},
    "refused.code_ended": {"nl": "De sessie met code {code} is afgelopen.",
                           "en": "The session with code {code} has ended."},
    "refused.ended": {"nl": "Deze sessie is afgelopen.", "en": "This session has ended."},
    "refused.not_text": {"nl": "{field}: moet tekst zijn.", "en": "{field}: must be text."},
    "refused.control": {"nl": "{field}: bevat tekens die niet zijn toegestaan.",
                        "en": "{field}: holds characters that are not allowed."},
    "refused.empty": {"nl": "{field}: mag niet leeg zijn.", "en": "{field}: must not be empty."},
    "refused.too_long": {"nl": "{field}: {got} tekens; hoogstens {most}.",
                         "en": "{field}: {got} characters; at most {most}."},
    "refused.not_whole": {"nl": "{field}: moet een heel getal zijn van {least} tot {most}.",
                          "en": "{field}: must be a whole number from {least} to {most}."},
    "refused.range": {"nl": "{field}: {got}; toegestaan is {least} tot {most}.",
                      "en": "{field}: got {got}; allowed: {least} to {most}."},
    "refused.choice": {"nl": "{field}: '{got}'; kies uit {allowed}.",
                       "en": "{field}: got '{got}'; choose from {allowed}."},
    "refused.levers_form": {"nl": "Een besluit geeft een waarde voor elke knop: {allowed}.",
                            "en": "A decision gives a value for each lever: {allowed}."},
    "refused.lever_unknown": {"nl": "Onbekende knop {got}; de knoppen zijn {allowed}.",
                              "en": "Unknown lever {got}; the levers are {allowed}."},
    "refused.lever_missing": {"nl": "Het besluit mist de knop {missing}.",
                              "en": "The decision lacks the lever {missing}."},
    "refused.lever_range": {"nl": "Knop {lever}: {got}; toegestaan is 0 tot 1.",
                            "en": "Lever {lever}: got {got}; allowed: 0 to 1."},
    "refused.horizon": {
        "nl": "{rounds} rondes van {years} jaar is te lang: samen hoogstens {most} jaar.",
        "en": "{rounds} rounds of {years} years is too long: at most {most} years in all."},
    "refused.group_unknown": {"nl": "Er is geen groep {group}; kies 1 tot {most}.",
                              "en": "There is no group {group}; choose 1 to {most}."},
    "refused.group_full": {"nl": "Groep {group} is vol ({most} deelnemers).",
                           "en": "Group {group} is full ({most} participants)."},
    "refused.participant_unknown": {"nl": "Er is geen deelnemer {participant} in deze sessie.",
                                    "en": "There is no participant {participant} in this "
                                          "session."},
    "refused.not_open": {
        "nl": "Ronde {round} is niet open ({status}): besluiten kan alleen in een open ronde.",
        "en": "Round {round} is not open ({status}): decisions are taken in an open round "
              "only."},
    "refused.no_round": {"nl": "Er is nu geen ronde open.", "en": "No round is open now."},
    "refused.round_state": {"nl": "Ronde {round} is {status}; {action} kan alleen bij {need}.",
                            "en": "Round {round} is {status}; {action} needs {need}."},
    "refused.round_order": {"nl": "Ronde {round} kan pas open als ronde {before} klaar is.",
                            "en": "Round {round} can open only when round {before} is done."},
    "refused.round_unknown": {"nl": "Er is geen ronde {round}; deze sessie heeft er {most}.",
                              "en": "There is no round {round}; this session has {most}."},
    "refused.all_done": {"nl": "Alle rondes zijn gespeeld.", "en": "All rounds are played."},
    "refused.scenario": {"nl": "Het scenario is niet bruikbaar: {problem}",
                         "en": "The scenario cannot be used: {problem}"},
    "refused.scenario_unknown": {"nl": "Onbekend scenario '{name}'; kies uit {allowed}.",
                                 "en": "Unknown scenario '{name}'; choose from {allowed}."},
    "refused.codes_exhausted": {"nl": "Geen vrije code gevonden; probeer het opnieuw.",
                                "en": "No free code found; try again."},
}

TEXTS: dict[str, dict[str, str]] = {**SHARED, **REFUSALS}


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for `key` in `lang` ('nl' or 'en'); an unknown language falls back to the
    default one."""
    return TEXTS[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
