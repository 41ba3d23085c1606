"""The debrief's texts in Dutch and English (joined into workshop/texts.py's table, so `t`
finds them and the tests check every key has both languages)."""

from __future__ import annotations

DEBRIEF_TEXTS: dict[str, dict[str, str]] = {
    "refused.fork_nothing_played": {
        "nl": "Er is nog geen ronde gespeeld: een 'wat als' kan pas na de eerste ronde.",
        "en": "No round has been played yet: a 'what if' needs a first round."},
    "refused.fork_unchanged": {
        "nl": "Deze 'wat als' geeft dezelfde knoppen als groep {group} al had: kies andere "
              "waarden.",
        "en": "This 'what if' sets the levers group {group} already had: choose other "
              "values."},
    "refused.fork_busy": {
        "nl": "Er lopen al {running} 'wat als'-berekeningen; wacht tot er een klaar is.",
        "en": "{running} 'what if' runs are going already; wait for one to finish."},
    "refused.fork_many": {
        "nl": "Deze sessie heeft al {most} 'wat als'-paden.",
        "en": "This session has {most} 'what if' paths already."},
    "refused.fork_unknown": {"nl": "Er is geen 'wat als' {fork} in deze sessie.",
                             "en": "There is no 'what if' {fork} in this session."},
    "debrief.title": {"nl": "Nabespreking", "en": "Debrief"},
    "debrief.open": {"nl": "Nabespreking", "en": "Debrief"},
    "debrief.back": {"nl": "Terug naar de sessie", "en": "Back to the session"},
    "debrief.nothing": {"nl": "Nog geen ronde gespeeld: de nabespreking begint na ronde 1.",
                        "en": "No round played yet: the debrief starts after round 1."},
    "debrief.all_groups": {"nl": "Alle groepen", "en": "All groups"},
    "debrief.round_of": {"nl": "Ronde {round} van {played} ({years})",
                         "en": "Round {round} of {played} ({years})"},
    "debrief.previous": {"nl": "Vorige ronde", "en": "Previous round"},
    "debrief.next": {"nl": "Volgende ronde", "en": "Next round"},
    "debrief.decision": {"nl": "Besluit", "en": "Decision"},
    "debrief.kept": {"nl": "Niet ingeleverd: de knoppen van de ronde ervoor bleven staan.",
                     "en": "Not submitted: the levers of the round before stood."},
    "debrief.start_levers": {"nl": "Niet ingeleverd: de knoppen van het scenario bleven "
                                   "staan.",
                             "en": "Not submitted: the scenario's levers stood."},
    "debrief.by": {"nl": "ingeleverd door {name}", "en": "submitted by {name}"},
    "debrief.no_reasoning": {"nl": "(geen onderbouwing)", "en": "(no reasoning)"},
    "debrief.events": {"nl": "Logboek", "en": "Log"},
    "debrief.injected": {"nl": "Gebeurtenis", "en": "Event"},
    "debrief.figures": {"nl": "Kengetallen aan het eind van ronde {round} (jaar {year})",
                        "en": "Key figures at the end of round {round} (year {year})"},
    "debrief.baseline": {"nl": "Zonder besluiten: gemiddelde van {n} seeds",
                         "en": "No decisions: mean of {n} seeds"},
    "debrief.band": {"nl": "band: laagste tot hoogste van die {n} seeds",
                     "en": "band: lowest to highest of those {n} seeds"},
    "debrief.own_seed": {"nl": "{group} (seed {seed} van de sessie)",
                         "en": "{group} (the session's seed {seed})"},
    "debrief.one_seed": {
        "nl": "Het pad van een groep is één run, met de seed van de sessie ({seed}); de "
              "vergelijking zonder besluiten is gerekend met seeds {seeds}: de band laat zien "
              "hoeveel toeval alleen al uitmaakt.",
        "en": "A group's path is one run, with the session's seed ({seed}); the no-decisions "
              "comparison is run with seeds {seeds}: the band shows how much chance alone "
              "makes."},
    "debrief.baseline_running": {"nl": "De vergelijking zonder besluiten wordt berekend...",
                                 "en": "The no-decisions comparison is being run..."},
    "debrief.baseline_failed": {"nl": "De vergelijking zonder besluiten mislukte: {error}",
                                "en": "The no-decisions comparison failed: {error}"},
    "debrief.baseline_again": {"nl": "Opnieuw berekenen", "en": "Run it again"},
    "debrief.fork": {"nl": "Wat als...?", "en": "What if...?"},
    "debrief.fork_intro": {
        "nl": "Reken groep {group} opnieuw vanaf een ronde met andere knoppen. Beide paden "
              "staan daarna in de grafieken.",
        "en": "Rerun group {group} from a round with other levers. Both paths are then in "
              "the charts."},
    "debrief.fork_round": {"nl": "Vanaf ronde", "en": "From round"},
    "debrief.later.keep": {"nl": "Latere rondes: eigen besluiten van de groep",
                           "en": "Later rounds: the group's own decisions"},
    "debrief.later.clear": {"nl": "Latere rondes: deze knoppen blijven staan",
                            "en": "Later rounds: these levers stay"},
    "debrief.note": {"nl": "Notitie (wat proberen we?)", "en": "Note (what are we trying?)"},
    "debrief.fork_run": {"nl": "Reken 'wat als' door", "en": "Run 'what if'"},
    "debrief.fork_started": {"nl": "'Wat als' {fork} wordt doorgerekend.",
                             "en": "'What if' {fork} is running."},
    "debrief.forks": {"nl": "'Wat als'-paden", "en": "'What if' paths"},
    "debrief.fork_label": {"nl": "wat als {fork}: vanaf ronde {round}",
                           "en": "what if {fork}: from round {round}"},
    "debrief.fork.running": {"nl": "wordt doorgerekend", "en": "running"},
    "debrief.fork.done": {"nl": "klaar", "en": "done"},
    "debrief.fork.failed": {"nl": "mislukt: {error}", "en": "failed: {error}"},
    "debrief.no_forks": {"nl": "Nog geen 'wat als'.", "en": "No 'what if' yet."},
    "debrief.pages": {"nl": "Nabesprekingspagina's (PNG en PDF, zip)",
                      "en": "Debrief pages (PNG and PDF, zip)"},
    "debrief.page_title": {"nl": "Nabespreking {title} ({code})",
                           "en": "Debrief {title} ({code})"},
    "debrief.made": {
        "nl": "Gemaakt met zelfsturing. Scenario {scenario}; {rounds} rondes van {years} jaar; "
              "deelnemers als P01, P02, ...",
        "en": "Made with zelfsturing. Scenario {scenario}; {rounds} rounds of {years} "
              "year(s); participants as P01, P02, ..."},
    "debrief.end_figures": {"nl": "Aan het eind (jaar {year}): groep en zonder besluiten",
                            "en": "At the end (year {year}): group and no decisions"},
    "debrief.log.opened": {"nl": "ronde geopend", "en": "round opened"},
    "debrief.log.locked": {"nl": "ronde gesloten", "en": "round locked"},
    "debrief.log.auto_locked": {"nl": "ronde gesloten door de timer",
                                "en": "round locked by the timer"},
    "debrief.log.paused": {"nl": "pauze", "en": "paused"},
    "debrief.log.resumed": {"nl": "verder na pauze", "en": "resumed"},
    "debrief.log.submitted": {"nl": "besluit ingeleverd", "en": "decision submitted"},
    "debrief.log.run_started": {"nl": "doorrekenen gestart", "en": "run started"},
    "debrief.log.results": {"nl": "resultaten binnen", "en": "results in"},
    "debrief.log.run_failed": {"nl": "doorrekenen mislukt", "en": "run failed"},
    "debrief.log.run_interrupted": {"nl": "doorrekenen onderbroken", "en": "run interrupted"},
}
