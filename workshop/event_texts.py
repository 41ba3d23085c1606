"""The texts of the facilitator's events (workshop/events.py), in Dutch and English; joined
into `workshop.texts.TEXTS`. Kept apart so the library can be read in one place and this
module imports nothing (texts.py imports it)."""

from __future__ import annotations

EVENT_TEXTS: dict[str, dict[str, str]] = {
    # --- the library: a title, a headline (the prefilled text) and what it means ----------
    "event.extra_cut.title": {"nl": "Extra bezuiniging", "en": "Extra cut"},
    "event.extra_cut.headline": {
        "nl": "Rijk kort opnieuw: gemeente moet {pct} extra bezuinigen op het sociaal domein",
        "en": "Another cut from The Hague: the municipality must cut a further {pct} from "
              "the social domain"},
    "event.extra_cut.meaning": {
        "nl": "Vanaf {year} is het hele budget van jullie gemeente {pct} lager, bovenop de "
              "bezuinigingen die er al waren.",
        "en": "From {year} on your municipality's whole budget is {pct} lower, on top of the "
              "cuts already made."},
    "event.trust_incident.title": {"nl": "Incident dat vertrouwen kost",
                                   "en": "An incident that costs trust"},
    "event.trust_incident.headline": {
        "nl": "Ophef over fouten in het wijkteam: inwoners voelen zich in de steek gelaten",
        "en": "Uproar over mistakes in the neighbourhood team: residents feel let down"},
    "event.trust_incident.meaning": {
        "nl": "Aan het begin van {year} daalt het vertrouwen van elke inwoner in de gemeente "
              "in één keer met {points} punten (op een schaal van 0 tot 100); daarna herstelt "
              "het langzaam, zoals vertrouwen altijd beweegt.",
        "en": "At the start of {year} every resident's trust in the municipality falls at "
              "once by {points} points (on a scale of 0 to 100); then it slowly recovers, as "
              "trust always moves."},
    "event.need_rise.title": {"nl": "Meer hulpvragen", "en": "A rise in need"},
    "event.need_rise.headline": {
        "nl": "Vergrijzing en zorgen over geld: vraag naar hulp stijgt met {pct}",
        "en": "An ageing town and money worries: demand for help rises by {pct}"},
    "event.need_rise.meaning": {
        "nl": "Vanaf {year} krijgen inwoners {pct} vaker een nieuwe hulpvraag.",
        "en": "From {year} on residents come to need help {pct} more often."},
    "event.newspaper.title": {"nl": "Bericht in de lokale krant",
                              "en": "A message in the local paper"},
    "event.newspaper.headline": {
        "nl": "Dorpsbode: bewoners beginnen zelf een ontmoetingsplek in het oude dorpshuis",
        "en": "Village Herald: residents start a meeting place of their own in the old "
              "village hall"},
    "event.newspaper.meaning": {
        "nl": "Een bericht in de lokale krant: het verandert zelf niets aan jullie gemeente.",
        "en": "A message in the local paper: by itself it changes nothing in your "
              "municipality."},
    "event.no_effect": {"nl": "Met grootte 0 verandert dit niets aan jullie gemeente.",
                        "en": "With size 0 this changes nothing in your municipality."},
    # --- the facilitator's panel -----------------------------------------------------------
    "events.panel": {"nl": "Gebeurtenis", "en": "Event"},
    "events.kind": {"nl": "Soort", "en": "Kind"},
    "events.size.extra_cut": {"nl": "Bezuiniging (deel van het budget)",
                              "en": "Cut (share of the budget)"},
    "events.size.trust_incident": {"nl": "Daling van het vertrouwen (0 tot 1)",
                                   "en": "Fall in trust (0 to 1)"},
    "events.size.need_rise": {"nl": "Stijging van de kans op een hulpvraag (deel)",
                              "en": "Rise in the chance of a need (share)"},
    "events.default": {"nl": "standaard {value}; de grootte is jullie keuze, geen schatting "
                             "van het model",
                       "en": "default {value}; the size is your choice, not a model "
                             "estimate"},
    "events.text": {"nl": "Tekst (kop in de krant, hoogstens 280 tekens)",
                    "en": "Text (the headline, at most 280 characters)"},
    "events.all_groups": {"nl": "Alle groepen", "en": "All groups"},
    "events.round": {"nl": "In ronde", "en": "In round"},
    "events.inject": {"nl": "Gebeurtenis toevoegen", "en": "Inject event"},
    "events.injected": {"nl": "Gebeurtenis toegevoegd voor ronde {round}.",
                        "en": "Event injected for round {round}."},
    "events.withdraw": {"nl": "intrekken", "en": "withdraw"},
    "events.withdrawn": {"nl": "Gebeurtenis ingetrokken.", "en": "Event withdrawn."},
    "events.list": {"nl": "Gebeurtenissen per ronde", "en": "Events per round"},
    "events.none": {"nl": "Nog geen gebeurtenissen.", "en": "No events yet."},
    "events.seen_when_open": {"nl": "De groepen zien een gebeurtenis zodra haar ronde open "
                                    "gaat.",
                              "en": "The groups see an event once its round opens."},
    # --- the participant's page ------------------------------------------------------------
    "seat.news": {"nl": "Nieuws", "en": "News"},
    "events.round_n": {"nl": "Ronde {round}", "en": "Round {round}"},
    # --- refusals --------------------------------------------------------------------------
    "refused.event_kind": {"nl": "Onbekende soort gebeurtenis '{got}'; kies uit {allowed}.",
                           "en": "Unknown kind of event '{got}'; choose from {allowed}."},
    "refused.event_size": {
        "nl": "Grootte van '{kind}': {got}; toegestaan is {least} tot {most}.",
        "en": "Size of '{kind}': got {got}; allowed: {least} to {most}."},
    "refused.event_groups": {
        "nl": "Kies 'alle' groepen of een of meer groepnummers van 1 tot {most}.",
        "en": "Choose 'all' groups or one or more group numbers from 1 to {most}."},
    "refused.event_played": {
        "nl": "Ronde {round} is al doorgerekend ({status}): een gebeurtenis kan alleen in "
              "een ronde die nog komt.",
        "en": "Round {round} has already been run ({status}): an event can only hit a round "
              "still to come."},
    "refused.event_no_round": {"nl": "Alle rondes zijn gespeeld: er is geen ronde meer voor "
                                     "een gebeurtenis.",
                               "en": "All rounds are played: no round is left for an event."},
    "refused.event_unknown": {"nl": "Er is geen gebeurtenis {event} in deze sessie.",
                              "en": "There is no event {event} in this session."},
}
