"""Every text of the workshop in Dutch (the default) and English, as dashboards/i18n.py does
it for the dashboard: `t(key, lang)`; a missing key fails the tests, never shows a blank.
The levers' names and help and the key figures' names come from the dashboard's table, so
the workshop and the dashboard call things by the same words.
"""

from __future__ import annotations

from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dashboards.i18n import TEXTS as DASHBOARD_TEXTS
from model import LEVER_SPECS
from workshop.debrief_texts import DEBRIEF_TEXTS
from workshop.event_texts import EVENT_TEXTS

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
    "refused.levers_form": {"nl": "Een besluit geeft waarden voor de knoppen: {allowed}.",
                            "en": "A decision gives values for the knobs: {allowed}."},
    "refused.lever_unknown": {"nl": "Onbekende knop {got}; de knoppen zijn {allowed}.",
                              "en": "Unknown knob {got}; the knobs are {allowed}."},
    "refused.lever_range": {"nl": "Knop {lever}: {got}; toegestaan is 0 tot 1.",
                            "en": "Lever {lever}: got {got}; allowed: 0 to 1."},
    "refused.knob_range": {"nl": "{knob}: {got}; toegestaan is {least} tot {most}.",
                           "en": "{knob}: got {got}; allowed: {least} to {most}."},
    "refused.knob_flag": {"nl": "{knob}: {got}; moet aan of uit zijn (true/false).",
                          "en": "{knob}: got {got}; must be on or off (true/false)."},
    "refused.integrated_domains": {
        "nl": "Eén team voor zorg, jeugd en werk kan hier niet: dit scenario heeft per domein "
              "eigen teams.",
        "en": "One team for care, youth and work is not possible here: this scenario has "
              "teams per domain."},
    "refused.budget_short": {
        "nl": "De begroting sluit niet: er komt {euro} per jaar tekort ({per_inhabitant} euro "
              "per inwoner). De knoppen en subsidies laten {fte} fte voor professionals over; "
              "minimaal {floor} fte moet blijven. Zet een duurdere knop lager of vul aan uit "
              "de algemene middelen.",
        "en": "The budget does not balance: {euro} a year short ({per_inhabitant} euro per "
              "inhabitant). The knobs and subsidies leave {fte} FTE for professionals; at "
              "least {floor} FTE must stay. Turn a costly knob down or top up from the "
              "general means."},
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
    "refused.timer_minutes": {"nl": "Timer: '{got}' is geen aantal minuten.",
                              "en": "Timer: '{got}' is not a number of minutes."},
    "refused.cli": {"nl": "{option}: {message}", "en": "{option}: {message}"},
    "refused.codes_exhausted": {"nl": "Geen vrije code gevonden; probeer het opnieuw.",
                                "en": "No free code found; try again."},
}

UI: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Zelfsturing - workshop", "en": "Zelfsturing - workshop"},
    "group": {"nl": "Groep", "en": "Group"},
    "group_n": {"nl": "Groep {n}", "en": "Group {n}"},
    "round": {"nl": "Ronde", "en": "Round"},
    "year": {"nl": "Jaar", "en": "Year"},
    "year_single": {"nl": "jaar {year}", "en": "year {year}"},
    "years_span": {"nl": "jaar {first} t/m {last}", "en": "years {first} to {last}"},
    "figure": {"nl": "Kengetal", "en": "Key figure"},
    "rank": {"nl": "Plaats", "en": "Rank"},
    "reasoning": {"nl": "Onderbouwing", "en": "Reasoning"},
    "no_results": {"nl": "Nog geen resultaten: die komen na de eerste ronde.",
                   "en": "No results yet: they come after the first round."},
    "time_left": {"nl": "Nog {time}.", "en": "{time} left."},
    "status.active": {"nl": "loopt", "en": "running"},
    "status.ended": {"nl": "afgelopen", "en": "ended"},
    # --- joining ---------------------------------------------------------------------------
    "join.intro": {"nl": "Vul de code in die de begeleider laat zien, en je naam.",
                   "en": "Enter the code the facilitator shows, and your name."},
    "join.code": {"nl": "Code", "en": "Code"},
    "join.name": {"nl": "Je naam (zoals de groep je kent)",
                  "en": "Your name (as your group knows you)"},
    "join.group": {"nl": "Groep", "en": "Group"},
    "join.any_group": {"nl": "Deel mij in", "en": "Put me in a group"},
    "join.button": {"nl": "Meedoen", "en": "Join"},
    "join.again": {"nl": "Opnieuw meedoen met de code", "en": "Join again with the code"},
    # --- the seat ---------------------------------------------------------------------------
    "seat.ended": {"nl": "De sessie is afgelopen. Hieronder staat wat jullie hebben gedaan.",
                   "en": "The session has ended. Below is what your group did."},
    "seat.all_done": {"nl": "Alle rondes zijn gespeeld.", "en": "All rounds are played."},
    "seat.round.draft": {"nl": "Ronde {round} van {rounds} ({years}) is nog niet open: "
                               "wacht op de begeleider.",
                         "en": "Round {round} of {rounds} ({years}) is not open yet: wait "
                               "for the facilitator."},
    "seat.round.open": {"nl": "Ronde {round} van {rounds} ({years}) is open: besluit met je "
                              "groep.",
                        "en": "Round {round} of {rounds} ({years}) is open: decide with your "
                              "group."},
    "seat.round.paused": {"nl": "Ronde {round} staat even stil (pauze).",
                          "en": "Round {round} is paused."},
    "seat.round.locked": {"nl": "Ronde {round} is gesloten; de begeleider laat hem zo "
                                "doorrekenen.",
                          "en": "Round {round} is locked; the facilitator will run it soon."},
    "seat.round.running": {"nl": "Ronde {round} wordt doorgerekend...",
                           "en": "Round {round} is being run..."},
    "seat.submitted": {"nl": "Jullie besluit is binnen; tot de sluiting kan het nog anders.",
                       "en": "Your decision is in; you can still change it until the lock."},
    "seat.not_submitted": {"nl": "Jullie groep heeft nog niets ingeleverd.",
                           "en": "Your group has not submitted yet."},
    "seat.levers": {"nl": "Jullie beleid", "en": "Your policy"},
    "seat.current_by": {"nl": "Ingeleverd door {name}.", "en": "Submitted by {name}."},
    "seat.reasoning": {"nl": "Waarom kiezen jullie dit?", "en": "Why do you choose this?"},
    "seat.submit": {"nl": "Besluit inleveren", "en": "Submit decision"},
    "seat.thanks": {"nl": "Ingeleverd. Tot de sluiting kan iedereen in je groep het nog "
                          "aanpassen.",
                    "en": "Submitted. Until the lock anyone in your group can still change "
                          "it."},
    "seat.figures": {"nl": "Jullie gemeente in jaar {year}",
                     "en": "Your municipality in year {year}"},
    "seat.ranks": {"nl": "Jullie plaats tussen de groepen", "en": "Your rank among the groups"},
    "seat.all_groups": {"nl": "Alle groepen", "en": "All groups"},
    "seat.history": {"nl": "Jullie besluiten", "en": "Your decisions"},
    "seat.no_decisions": {"nl": "Nog geen besluiten.", "en": "No decisions yet."},
    # --- the knobs (workshop/knobs.py) ------------------------------------------------------
    "knob.vision": {"nl": "1. Visie en koers", "en": "1. Vision and course"},
    "knob.vision.help": {
        "nl": "Hoe hard de gemeente duwt ('het moet') en hoe vast de koers is. Elke wijziging "
              "van het beleid kost vertrouwen: bewoners haken af bij een gemeente die steeds "
              "iets anders wil.",
        "en": "How hard the municipality pushes ('it must') and how steady its course is. "
              "Every change of policy costs trust: residents drop out when the municipality "
              "keeps wanting something else."},
    "knob.informal": {"nl": "2. Informele netwerken", "en": "2. Informal networks"},
    "knob.informal.help": {
        "nl": "Wat bewoners zelf en samen doen: elkaar kunnen vinden, erbij horen, en grenzen "
              "aan wat van mantelzorgers en vrijwilligers gevraagd wordt.",
        "en": "What residents do themselves and together: finding each other, belonging, "
              "and limits on what is asked of carers and volunteers."},
    "knob.formal": {"nl": "3. Formele infrastructuur", "en": "3. Formal infrastructure"},
    "knob.formal.help": {
        "nl": "De wijkteams: welk deel van hun uren naar het ondersteunen van netwerken en "
              "initiatieven gaat (in plaats van zelf zorg geven), en of de gemeente geld "
              "bijlegt uit de algemene middelen (telt tegen de financiën).",
        "en": "The neighbourhood teams: what share of their hours goes to supporting networks "
              "and initiatives (instead of giving care themselves), and whether the "
              "municipality adds money from its general means (counts against finance)."},
    "knob.renewal": {"nl": "4. Vernieuwing naar de leefwereld",
                     "en": "4. Renewal toward the logic of citizens"},
    "knob.renewal.help": {
        "nl": "Ruimte voor bewoners om zelf te handelen, vertrouwen in plaats van controle, en "
              "één team voor zorg, jeugd en werk (één keukentafelgesprek in plaats van twee).",
        "en": "Room for residents to act themselves, trust instead of control, and one team "
              "for care, youth and work (one intake instead of two)."},
    "knob.learning": {"nl": "5. Lerend vermogen", "en": "5. Capacity to learn"},
    "knob.learning.help": {
        "nl": "Aan: de gemeente stelt elk kwartaal zelf bij op wat ze meet (meer aanhaken als "
              "hulp uitblijft, meer begrenzing bij overbelasting, minder druk als meedoen "
              "daalt, meer vertrouwen als vertrouwen daalt). Jullie knoppen zijn dan het "
              "vertrekpunt.",
        "en": "On: each quarter the municipality adjusts itself to what it measures (more "
              "connecting when help falls short, more boundaries under overload, less "
              "pressure when participation falls, more trust when trust falls). Your knobs "
              "are then the starting point."},
    "field.network_work_share": {"nl": "Netwerkwerk van de wijkteams (deel van hun uren)",
                                 "en": "Teams' network work (share of their hours)"},
    "field.top_up": {"nl": "Aanvulling uit de algemene middelen (deel van het budget)",
                     "en": "Top-up from the general means (share of the budget)"},
    "field.integrated_teams": {"nl": "Eén team voor zorg, jeugd en werk",
                               "en": "One team for care, youth and work"},
    "field.integrated_disabled": {
        "nl": "Niet te kiezen: dit scenario heeft per domein eigen teams.",
        "en": "Not available: this scenario has teams per domain."},
    "field.adaptive_learning": {"nl": "Lerende gemeente (bijstellen per kwartaal)",
                                "en": "Learning municipality (adjust each quarter)"},
    "knobs.churn": {
        "nl": "Koerswijziging ten opzichte van nu: {churn:.2f} (gemiddelde verandering van de "
              "zes knoppen; elke wijziging kost vertrouwen).",
        "en": "Change of course from now: {churn:.2f} (mean change of the six knobs; every "
              "change costs trust)."},
    "knobs.untouched": {"nl": "Wat jullie niet aanraken, blijft zoals het was.",
                        "en": "What you do not touch stays as it was."},
    # --- the budget -------------------------------------------------------------------------
    "budget.title": {"nl": "Begroting jaar {year}", "en": "Budget, year {year}"},
    "budget.item": {"nl": "Post", "en": "Item"},
    "budget.per_inhabitant": {"nl": "Per inwoner per jaar", "en": "Per inhabitant per year"},
    "budget.total": {"nl": "Totaal per jaar", "en": "Total per year"},
    "budget.available": {"nl": "Budget sociaal domein", "en": "Social-domain budget"},
    "budget.top_up": {"nl": "waarvan aanvulling", "en": "of which top-up"},
    "budget.levers": {"nl": "Knoppen (beleid)", "en": "Knobs (policy)"},
    "budget.subsidies": {"nl": "Subsidies initiatieven (schatting: {n:.0f})",
                         "en": "Initiatives' subsidies (estimate: {n:.0f})"},
    "budget.crisis": {"nl": "Reserve crisiszorg", "en": "Crisis-care reserve"},
    "budget.reorganisation": {"nl": "Reorganisatie", "en": "Reorganisation"},
    "budget.professionals": {"nl": "Over voor professionals: {fte:.1f} fte",
                             "en": "Left for professionals: {fte:.1f} FTE"},
    "budget.floor": {"nl": "Minimaal nodig: {fte:.1f} fte", "en": "Needed at least: "
                                                                  "{fte:.1f} FTE"},
    "budget.ok": {"nl": "De begroting sluit: nog {euro} ruimte per jaar.",
                  "en": "The budget balances: {euro} a year to spare."},
    "budget.short": {"nl": "De begroting sluit niet: {euro} per jaar tekort.",
                     "en": "The budget does not balance: {euro} a year short."},
    "budget.learning": {
        "nl": "Met een lerende gemeente kan het model de knoppen in de loop van het jaar "
              "verschuiven; de kosten hier zijn die van jullie knoppen.",
        "en": "With a learning municipality the model may move the knobs during the year; "
              "the costs here are those of your knobs."},
    # --- the preview ------------------------------------------------------------------------
    "preview.button": {"nl": "Schat de gevolgen", "en": "Estimate the consequences"},
    "preview.running": {"nl": "Bezig met schatten...", "en": "Estimating..."},
    "busy": {"nl": "De server is even druk; de pagina probeert het over een paar seconden "
                   "opnieuw.",
             "en": "The server is busy for a moment; the page tries again in a few seconds."},
    "preview.busy_seat": {"nl": "Er loopt al een schatting voor jou; even geduld.",
                          "en": "An estimate is already running for you; a moment please."},
    "preview.busy_server": {"nl": "De server rekent al twee schattingen; probeer het zo weer.",
                            "en": "The server is running two estimates; try again shortly."},
    "preview.failed": {"nl": "De schatting lukte niet: {error}",
                       "en": "The estimate failed: {error}"},
    "preview.title": {"nl": "Ruwe schatting voor jaar {year}",
                      "en": "Rough estimate for year {year}"},
    "preview.caveat": {
        "nl": "Een ruwe schatting uit een kleine proefrun: jullie gemeente verkleind tot "
              "{residents} bewoners, {seeds} keer met een ander toeval. Tussen haakjes de "
              "laagste en hoogste uitkomst; de echte ronde kan daarbuiten vallen.",
        "en": "A rough estimate from a small trial run: your municipality scaled down to "
              "{residents} residents, {seeds} times with other chance. In brackets the "
              "lowest and highest outcome; the real round may fall outside them."},
    "preview.stale": {"nl": "De knoppen zijn veranderd sinds deze schatting.",
                      "en": "The knobs changed since this estimate."},
    "preview.waiting_list": {"nl": "Wachtlijst (per 1.000 bewoners)",
                             "en": "Waiting list (per 1,000 residents)"},
    # --- scores and the election -------------------------------------------------------------
    "scores.title": {"nl": "Scores (spelregel, geen modeluitkomst)",
                     "en": "Scores (a game rule, not a model result)"},
    "scores.finance": {"nl": "Financiën", "en": "Finance"},
    "scores.social": {"nl": "Sociaal", "en": "Social"},
    "scores.trust": {"nl": "Vertrouwen", "en": "Trust"},
    "scores.top_up": {"nl": "Aanvulling", "en": "Top-up"},
    "scores.help": {
        "nl": "0-100. Financiën: 100 min 5 punten per procent overschrijding, min 2,5 punten "
              "per procent aanvulling. Sociaal: 100 keer (1 min onvervulde hulp min het "
              "verschil tussen de beste en slechtste wijk). Vertrouwen: 100 keer het "
              "gemiddelde vertrouwen.",
        "en": "0-100. Finance: 100 minus 5 points per percent overspent, minus 2.5 points per "
              "percent top-up. Social: 100 times (1 minus unmet need minus the gap between "
              "the best and worst neighbourhood). Trust: 100 times mean trust."},
    "election.title": {"nl": "Verkiezingen", "en": "Elections"},
    "election.next": {"nl": "De volgende verkiezingen zijn na jaar {year}.",
                      "en": "The next election is after year {year}."},
    "election.result.yes": {
        "nl": "Na jaar {year}: herkozen. Tevredenheid {after:.2f}, was {before:.2f}.",
        "en": "After year {year}: re-elected. Satisfaction {after:.2f}, was {before:.2f}."},
    "election.result.no": {
        "nl": "Na jaar {year}: niet herkozen. Tevredenheid {after:.2f}, was {before:.2f}.",
        "en": "After year {year}: not re-elected. Satisfaction {after:.2f}, was "
              "{before:.2f}."},
    "election.after_year": {"nl": "na jaar {year}: {result}", "en": "after year {year}: "
                                                                  "{result}"},
    "election.yes": {"nl": "herkozen", "en": "re-elected"},
    "election.no": {"nl": "niet herkozen", "en": "not re-elected"},
    "election.help": {
        "nl": "Spelregel: tevredenheid is het gemiddelde van vertrouwen en het deel van de "
              "hulpvraag dat vervuld wordt. Het college wordt herkozen als de tevredenheid "
              "aan het eind van de raadsperiode (4 jaar) minstens zo hoog is als aan het begin.",
        "en": "Game rule: satisfaction is the mean of trust and the share of need that is "
              "met. The council is re-elected when satisfaction at the end of the council "
              "term (4 years) is at least what it was at its start."},
    "facilitator.scoring": {"nl": "Scores en verkiezingen tonen",
                            "en": "Show scores and elections"},
    # --- the facilitator ---------------------------------------------------------------------
    "facilitator.title": {"nl": "Workshop - begeleider", "en": "Workshop - facilitator"},
    "facilitator.sessions": {"nl": "Sessies", "en": "Sessions"},
    "facilitator.no_sessions": {"nl": "Nog geen sessies.", "en": "No sessions yet."},
    "facilitator.all_sessions": {"nl": "Alle sessies", "en": "All sessions"},
    "facilitator.join_at": {"nl": "Doe mee op {address} met de code:",
                            "en": "Join at {address} with the code:"},
    "facilitator.scenario": {"nl": "Scenario {scenario}; een ronde is {years} jaar.",
                             "en": "Scenario {scenario}; a round is {years} year(s)."},
    "facilitator.round.draft": {"nl": "Ronde {round} van {rounds} ({years}) is klaar om te "
                                      "openen.",
                                "en": "Round {round} of {rounds} ({years}) is ready to open."},
    "facilitator.round.open": {"nl": "Ronde {round} van {rounds} ({years}) is open.",
                               "en": "Round {round} of {rounds} ({years}) is open."},
    "facilitator.round.paused": {"nl": "Ronde {round} is gepauzeerd.",
                                 "en": "Round {round} is paused."},
    "facilitator.round.locked": {"nl": "Ronde {round} is gesloten: reken hem door.",
                                 "en": "Round {round} is locked: run it."},
    "facilitator.round.running": {"nl": "Ronde {round} wordt doorgerekend...",
                                  "en": "Round {round} is being run..."},
    "facilitator.run_error": {"nl": "Vorige poging mislukt: {error}",
                              "en": "The last attempt failed: {error}"},
    "facilitator.all_played": {"nl": "Alle rondes zijn gespeeld.",
                               "en": "All rounds are played."},
    "facilitator.ended": {"nl": "De sessie is afgelopen: de code werkt niet meer.",
                          "en": "The session has ended: the code no longer works."},
    "facilitator.timer": {"nl": "Timer (minuten, leeg: geen)",
                          "en": "Timer (minutes, empty: none)"},
    "facilitator.monitor": {"nl": "Groepen", "en": "Groups"},
    "facilitator.new_link": {"nl": "Nieuwe link voor {name} (de oude werkt niet meer): {link}",
                             "en": "New link for {name} (the old one no longer works): {link}"},
    "facilitator.trajectories": {"nl": "Alle groepen", "en": "All groups"},
    "facilitator.decisions": {"nl": "Besluiten per ronde", "en": "Decisions per round"},
    "facilitator.events": {"nl": "Logboek", "en": "Log"},
    "monitor.submitted": {"nl": "ingeleverd", "en": "submitted"},
    "monitor.waiting": {"nl": "nog niet ingeleverd", "en": "not submitted yet"},
    "monitor.new_link": {"nl": "nieuwe link", "en": "new link"},
    "monitor.previous_stand": {
        "nl": "Niet ingeleverd: groep {groups}. Bij doorrekenen blijven hun vorige besluiten "
              "staan.",
        "en": "Not submitted: group {groups}. When the round runs, their previous decisions "
              "stand."},
    "action.open": {"nl": "Ronde openen", "en": "Open round"},
    "action.lock": {"nl": "Sluiten", "en": "Lock"},
    "action.pause": {"nl": "Pauze", "en": "Pause"},
    "action.resume": {"nl": "Verder", "en": "Resume"},
    "action.run": {"nl": "Doorrekenen", "en": "Run"},
    "action.end": {"nl": "Sessie beëindigen", "en": "End session"},
    "action.export": {"nl": "Export (CSV, zip)", "en": "Export (CSV, zip)"},
    "done.open": {"nl": "Ronde {round} is open.", "en": "Round {round} is open."},
    "done.lock": {"nl": "Ronde {round} is gesloten.", "en": "Round {round} is locked."},
    "done.pause": {"nl": "Ronde {round} is gepauzeerd.", "en": "Round {round} is paused."},
    "done.resume": {"nl": "Ronde {round} loopt weer.", "en": "Round {round} is open again."},
    "done.run": {"nl": "Ronde {round} wordt doorgerekend.", "en": "Round {round} is running."},
    "done.end": {"nl": "De sessie is beëindigd.", "en": "The session has ended."},
    "done.visibility": {"nl": "Opgeslagen.", "en": "Saved."},
    # --- a new session ----------------------------------------------------------------------
    "new.title": {"nl": "Nieuwe sessie", "en": "New session"},
    "new.scenario": {"nl": "Scenario", "en": "Scenario"},
    "new.upload": {"nl": "Of sleep hier een eigen scenario (YAML) heen",
                   "en": "Or drop your own scenario (YAML) here"},
    "new.uploaded": {"nl": "{name} is in orde; kies '(upload)' als scenario.",
                     "en": "{name} is fine; choose '(upload)' as the scenario."},
    "new.pick_upload": {"nl": "Kies '(upload)' om het eigen scenario te gebruiken.",
                        "en": "Choose '(upload)' to use your own scenario."},
    "new.session_title": {"nl": "Titel (leeg: de naam van het scenario)",
                          "en": "Title (empty: the scenario's name)"},
    "new.groups": {"nl": "Groepen", "en": "Groups"},
    "new.rounds": {"nl": "Rondes", "en": "Rounds"},
    "round.year": {"nl": "Ronde = 1 jaar", "en": "Round = 1 year"},
    "round.term": {"nl": "Ronde = raadsperiode (4 jaar)", "en": "Round = council term (4 years)"},
    "new.visibility": {"nl": "Wat groepen van elkaar zien na een ronde",
                       "en": "What groups see of each other after a round"},
    "visibility.nothing": {"nl": "Niets", "en": "Nothing"},
    "visibility.ranks": {"nl": "Hun plaats", "en": "Their rank"},
    "visibility.everything": {"nl": "Alles", "en": "Everything"},
    "new.create": {"nl": "Sessie maken", "en": "Create session"},
}

TEXTS: dict[str, dict[str, str]] = {**SHARED, **REFUSALS, **UI, **EVENT_TEXTS,
                                     **DEBRIEF_TEXTS}


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for `key` in `lang` ('nl' or 'en'); an unknown language falls back to the
    default one."""
    return TEXTS[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
