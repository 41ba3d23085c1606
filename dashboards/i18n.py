"""Every text of the dashboard in Dutch (the default) and English.

`t(key, lang)` looks a text up; a missing key is an error in the tests, never a blank label.
Domain words follow the glossary in docs/model.md#glossary.
"""

from __future__ import annotations

from dashboards.i18n_own import OWN_TEXTS
from model import DOMAINS, LEVER_SPECS

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# The six levers: name and a one-line explanation, as model/levers.py declares them.
LEVER_TEXTS: dict[str, dict[str, str]] = {
    key: dict(texts)
    for spec in LEVER_SPECS
    for key, texts in ((f"lever.{spec.name}", spec.label), (f"lever.{spec.name}.help", spec.help))
}

TEXTS: dict[str, dict[str, str]] = {
    **LEVER_TEXTS,
    **OWN_TEXTS,  # My municipality, own variants, sharing (dashboards/i18n_own.py)
    # --- the region's settings -------------------------------------------------------------
    "budget_cut": {"nl": "Bezuiniging", "en": "Budget cut"},
    "budget_cut.help": {
        "nl": "Deel van het budget per inwoner dat wegvalt (2015: kortingen van 10 tot 30%). "
              "Geldt na opnieuw beginnen.",
        "en": "Share of the budget per inhabitant that is cut (2015: cuts of 10 to 30%). "
              "Takes effect after a reset."},
    "scale": {"nl": "Schaal", "en": "Scale"},
    "scale.help": {
        "nl": "Waar zorg georganiseerd wordt: dichtbij is nabij maar duurder. Zet alle drie "
              "de domeinen vanaf het begin op deze schaal (zie Per domein). Geldt na opnieuw "
              "beginnen.",
        "en": "Where care is organised: closer is nearer to people but costs more. Puts all "
              "three domains at this scale from the start (see Per domain). Takes effect "
              "after a reset."},
    "scale.hyperlocal": {"nl": "Wijk", "en": "Neighbourhood"},
    "scale.local": {"nl": "Gemeente", "en": "Municipality"},
    "scale.intermunicipal": {"nl": "Intergemeentelijk", "en": "Intermunicipal"},
    "scale.regional": {"nl": "Regio", "en": "Region"},
    # --- per domain (docs/scenarios.md#domains) ------------------------------------------
    "domain.care": {"nl": "Wmo-ondersteuning", "en": "Support (Wmo)"},
    "domain.youth_family": {"nl": "Jeugd en gezin", "en": "Youth and family"},
    "domain.work_income": {"nl": "Werk en inkomen", "en": "Work and income"},
    "domain.care.help": {
        "nl": "Ondersteuning thuis onder de Wmo 2015, zoals begeleiding en hulp in het "
              "huishouden.",
        "en": "Support at home under the Wmo 2015, such as guidance and help in the "
              "household."},
    "domain.youth_family.help": {
        "nl": "Jeugdhulp onder de Jeugdwet 2015, van opvoedsteun tot jeugdzorg.",
        "en": "Youth care under the Jeugdwet 2015, from parenting support to youth care."},
    "domain.work_income.help": {
        "nl": "Werk en inkomen onder de Participatiewet: bijstand en hulp bij het vinden van "
              "werk.",
        "en": "Work and income under the Participatiewet: social assistance and help "
              "finding work."},
    "domains.title": {"nl": "Per domein", "en": "Per domain"},
    "domains.help": {
        "nl": "Elk domein op een eigen schaal, met een eigen budget. De schaal hierboven zet "
              "alle drie de domeinen vanaf het begin; kies hier daarna een andere schaal voor "
              "één domein. Die verhuizing gebeurt in week 0, na de inloopperiode: een "
              "reorganisatie, met eenmalige kosten uit het budget van het domein en een "
              "tijdelijke dip (nieuwe teams zijn eerst minder nabij, cliënten verliezen wat "
              "vertrouwen). Geldt na opnieuw beginnen.",
        "en": "Each domain at its own scale, with its own budget. The scale above puts all "
              "three domains there from the start; then choose another scale for one domain "
              "here. That move is made at week 0, after the spin-up: a reorganisation, with a "
              "one-off cost from the domain's budget and a temporary dip (new teams are less "
              "near at first, clients lose some trust). Takes effect after a reset."},
    "domains.scale": {"nl": "Schaal vanaf week 0", "en": "Scale from week 0"},
    "domains.budget": {"nl": "Budget erbij of eraf (%)", "en": "Budget up or down (%)"},
    "domains.budget.help": {
        "nl": "Meer of minder geld voor dit domein vanaf week 0, bovenop de bezuiniging "
              "hierboven.",
        "en": "More or less money for this domain from week 0, on top of the budget cut "
              "above."},
    "domains.one_team": {
        "nl": "Nu: één team per gebied voor alle drie de domeinen, met één budget. Een andere "
              "schaal of een budgetverandering voor een domein geeft elk domein eigen teams "
              "en een eigen deel van het geld (de verdeling van het sociaal-domeinfonds 2015).",
        "en": "Now: one team per area for all three domains, with one budget. Another scale "
              "or a budget change for a domain gives each domain teams of its own and its "
              "own share of the money (the split of the 2015 social-domain fund)."},
    "domains.own_teams": {"nl": "Nu: elk domein eigen teams, met een eigen deel van het geld.",
                          "en": "Now: each domain has teams of its own, with its own share "
                                "of the money."},
    "domains.integrated": {
        "nl": "Dit scenario heeft integrale teams: één team voor alle domeinen, dus één schaal "
              "en één budget. Kies de schaal hierboven.",
        "en": "This scenario has integrated teams: one team for all domains, so one scale and "
              "one budget. Choose the scale above."},
    "domains.budget_change": {"nl": "budget {change}", "en": "budget {change}"},
    "domains.variant": {"nl": "Per domein: {domains}", "en": "Per domain: {domains}"},
    "horizon": {"nl": "Looptijd (jaren)", "en": "Horizon (years)"},
    "horizon.help": {
        "nl": "Hoeveel jaar de simulatie loopt. Geldt na opnieuw beginnen.",
        "en": "How many years the simulation runs. Takes effect after a reset."},
    # --- key figures -------------------------------------------------------------------------
    "participation": {"nl": "Participatie", "en": "Participation"},
    "participation.help": {"nl": "Aandeel bewoners dat mantelzorg of vrijwilligerswerk doet.",
                           "en": "Share of residents giving informal care or volunteering."},
    "unmet_share": {"nl": "Onvervulde hulpvraag", "en": "Unmet need"},
    "unmet_share.help": {"nl": "Deel van de gevraagde hulpuren dat niemand levert.",
                         "en": "Share of requested help hours nobody provides."},
    "waiting_list": {"nl": "Wachtlijst", "en": "Waiting list"},
    "waiting_list.help": {"nl": "Bewoners die wachten op een professional.",
                          "en": "Residents waiting for a professional."},
    "overburdened_share": {"nl": "Overbelaste helpers", "en": "Overburdened carers"},
    "overburdened_share.help": {"nl": "Aandeel helpers dat zwaar belast is.",
                                "en": "Share of helpers who are heavily burdened."},
    "mean_trust": {"nl": "Vertrouwen in de gemeente", "en": "Trust in the municipality"},
    "mean_trust.help": {"nl": "Gemiddeld vertrouwen, van 0 tot 1.",
                        "en": "Mean trust, from 0 to 1."},
    "cost_per_inhabitant": {"nl": "Kosten per inwoner", "en": "Cost per inhabitant"},
    "cost_per_inhabitant.help": {"nl": "Uitgaven sociaal domein per inwoner per jaar (euro).",
                                 "en": "Social-domain spending per inhabitant per year "
                                       "(euro)."},
    "budget_balance": {"nl": "Budgetsaldo", "en": "Budget balance"},
    "budget_balance.help": {"nl": "Budget min uitgaven dit jaar tot nu (euro).",
                            "en": "Budget minus spending so far this year (euro)."},
    "volunteer_share": {"nl": "Vrijwilligers", "en": "Volunteers"},
    "informal_helper_share": {"nl": "Mantelzorgers", "en": "Informal carers"},
    "overhead_per_case": {"nl": "Overhead per cliënt", "en": "Overhead per case"},
    "spending": {"nl": "Uitgaven", "en": "Spending"},
    "referral_hours": {"nl": "Doorverwezen informele hulp (uren)",
                       "en": "Referred informal help (hours)"},
    "spending_reorganisation": {"nl": "Kosten van reorganisatie",
                                "en": "Cost of reorganisation"},
    "since_start": {"nl": "sinds de start", "en": "since the start"},
    # --- roles -------------------------------------------------------------------------------
    "role.none": {"nl": "Doet niet mee", "en": "Not taking part"},
    "role.informal_helper": {"nl": "Mantelzorger", "en": "Informal carer"},
    "role.volunteer": {"nl": "Vrijwilliger", "en": "Volunteer"},
    "role.burned_out": {"nl": "Opgebrand", "en": "Burned out"},
    # --- weak and strong neighbourhoods -------------------------------------------------------
    "weak": {"nl": "Zwakke wijken (SES onder de mediaan)",
             "en": "Weak neighbourhoods (SES below the median)"},
    "strong": {"nl": "Sterke wijken (SES boven de mediaan)",
               "en": "Strong neighbourhoods (SES above the median)"},
    "gap": {"nl": "Kloof zwak - sterk", "en": "Gap weak - strong"},
    # --- time ----------------------------------------------------------------------------------
    "week": {"nl": "Week", "en": "Week"},
    "year": {"nl": "Jaar", "en": "Year"},
    "years_since_start": {"nl": "Jaren sinds de start", "en": "Years since the start"},
    # --- the page ------------------------------------------------------------------------------
    "app.title": {"nl": "Gestuurde zelfsturing", "en": "Steered self-organisation"},
    "app.intro": {
        "nl": "Wat gebeurt er met onvervulde hulpvraag, met mantelzorgers en met zwakke wijken "
              "als we bezuinigen en een beroep doen op eigen kracht? Kies een scenario, zet de "
              "hefbomen en druk op Afspelen.",
        "en": "What happens to unmet need, to informal carers and to weak neighbourhoods if we "
              "cut the budget and lean on own strength? Pick a scenario, set the levers and "
              "press Play."},
    "language.switch": {"nl": "English", "en": "Nederlands"},
    # --- the page when the server is full (dashboards/sessions.py) --------------------------
    "full.title": {"nl": "Het dashboard is even vol", "en": "The dashboard is full for now"},
    "full.text": {
        "nl": "Er zijn al {limit} bezoekers tegelijk op dit dashboard, het hoogste aantal dat "
              "deze server toelaat. Probeer het over een paar minuten opnieuw: een plek komt "
              "vrij zodra iemand zijn tabblad sluit.",
        "en": "There are {limit} visitors on this dashboard already, as many as this server "
              "allows at once. Please try again in a few minutes: a place frees up as soon "
              "as someone closes their tab."},
    "full.retry": {"nl": "Opnieuw proberen", "en": "Try again"},
    "language.switch.help": {"nl": "Switch to English", "en": "Schakel naar het Nederlands"},
    "tab.explore": {"nl": "Verkennen", "en": "Explore"},
    "tab.compare": {"nl": "Vergelijken", "en": "Compare"},
    "tab.export": {"nl": "Meenemen", "en": "Take it away"},
    # --- scenario --------------------------------------------------------------------------
    "scenario": {"nl": "Scenario", "en": "Scenario"},
    "scenario.size": {"nl": "{residents} bewoners van 15 jaar en ouder; gemeenten: "
                            "{municipalities}, wijken: {neighbourhoods}.",
                      "en": "{residents} residents aged 15 and over; municipalities: "
                            "{municipalities}, neighbourhoods: {neighbourhoods}."},
    "upload.label": {"nl": "Of sleep een eigen scenario (YAML) hierheen",
                     "en": "Or drop a scenario of your own (YAML) here"},
    "upload.loaded": {"nl": "Scenario '{name}' geladen uit {file}.",
                      "en": "Loaded scenario '{name}' from {file}."},
    "upload.invalid": {"nl": "{file} kan niet worden geladen; het vorige scenario blijft "
                             "actief. Wat er mis is:",
                       "en": "{file} cannot be loaded; the previous scenario stays active. "
                             "What is wrong:"},
    "upload.failed": {"nl": "{file} kan niet worden gelezen ({error}); het vorige scenario "
                            "blijft actief.",
                      "en": "{file} cannot be read ({error}); the previous scenario stays "
                            "active."},
    "upload.custom": {"nl": "eigen scenario", "en": "own scenario"},
    # --- controls --------------------------------------------------------------------------
    "levers.title": {"nl": "Beleidshefbomen", "en": "Policy levers"},
    "levers.now": {"nl": "Werken direct door in het lopende model.",
                   "en": "Act at once on the running model."},
    "region.title": {"nl": "Budget, schaal en looptijd", "en": "Budget, scale and horizon"},
    "region.at_reset": {"nl": "Deze drie gelden pas na 'Opnieuw beginnen'.",
                        "en": "These three take effect after 'Reset'."},
    "region.pending": {"nl": "Gewijzigd: druk op 'Opnieuw beginnen' om toe te passen.",
                       "en": "Changed: press 'Reset' to apply."},
    "play": {"nl": "Afspelen", "en": "Play"},
    "pause": {"nl": "Pauze", "en": "Pause"},
    "step": {"nl": "Eén week", "en": "One week"},
    "reset": {"nl": "Opnieuw beginnen", "en": "Reset"},
    "status.week": {"nl": "Week {week} van {total}", "en": "Week {week} of {total}"},
    "status.year": {"nl": "jaar {year}", "en": "year {year}"},
    "status.playing": {"nl": "Speelt af", "en": "Playing"},
    "status.finished": {"nl": "Einde van de looptijd bereikt. Druk op 'Opnieuw beginnen'.",
                        "en": "The horizon is reached. Press 'Reset'."},
    "status.not_started": {"nl": "Nog niets gesimuleerd: druk op Afspelen of Eén week.",
                           "en": "Nothing simulated yet: press Play or One week."},
    # --- explore ---------------------------------------------------------------------------
    "section.key_figures": {"nl": "Kerncijfers", "en": "Key figures"},
    "section.key_figures.help": {
        "nl": "Gemiddelde van de laatste 4 weken; de verandering is ten opzichte van de "
              "eerste 4 weken.",
        "en": "Mean of the last 4 weeks; the change is against the first 4 weeks."},
    "section.domains": {"nl": "Per domein", "en": "Per domain"},
    "section.domains.own_teams": {
        "nl": "Elk domein heeft eigen teams op een eigen schaal, met een eigen deel van het "
              "geld. Gemiddelde van de laatste 4 weken; daaronder de verandering ten opzichte "
              "van de eerste 4 weken.",
        "en": "Each domain has teams of its own at its own scale, with its own share of the "
              "money. Mean of the last 4 weeks; below it the change against the first 4 "
              "weeks."},
    "section.domains.one_team": {
        "nl": "Eén team per gebied voor alle domeinen: kosten en overhead zijn per domein "
              "toegerekend naar de uren die de cliënten van dat domein gebruikten. Gemiddelde "
              "van de laatste 4 weken; daaronder de verandering ten opzichte van de eerste 4 "
              "weken.",
        "en": "One team per area for all domains: costs and overhead are attributed to each "
              "domain by the hours its clients used. Mean of the last 4 weeks; below it the "
              "change against the first 4 weeks."},
    "section.domains.columns": {
        "nl": "Onvervulde hulpvraag: deel van de gevraagde hulpuren in het domein dat niemand "
              "levert. Wachtlijst: bewoners met een hulpvraag in het domein die wachten. Kosten "
              "per inwoner: uitgaven aan het domein per inwoner per jaar. Overhead per cliënt: "
              "overheadkosten van het domein per geholpen cliënt per week (euro).",
        "en": "Unmet need: share of the requested help hours in the domain nobody provides. "
              "Waiting list: residents with a need in the domain who wait. Cost per "
              "inhabitant: spending on the domain per inhabitant per year. Overhead per case: "
              "the domain's overhead per case served per week (euro)."},
    "domain": {"nl": "Domein", "en": "Domain"},
    "section.timeseries": {"nl": "Verloop", "en": "Over time"},
    "section.timeseries.help": {
        "nl": "Week na week, als gemiddelde over 4 weken; de as loopt tot het einde van de "
              "looptijd.",
        "en": "Week by week, as a mean over 4 weeks; the axis runs to the end of the horizon."},
    "section.map": {"nl": "Wijken", "en": "Neighbourhoods"},
    "map.colour_by": {"nl": "Kleur naar", "en": "Colour by"},
    "map.help": {"nl": "Elke tegel is een wijk, gegroepeerd per gemeente (geen kaart: het "
                       "model kent geen ligging; met wijkgrenzen, hieronder, wordt het een "
                       "kaart). Hoe roder, hoe ongunstiger.",
                 "en": "Each tile is a neighbourhood, grouped by municipality (not a map: "
                       "the model has no geography; add boundaries below for a map). The "
                       "redder, the worse."},
    "map.range": {"nl": "Van {low} tot {high}.", "en": "From {low} to {high}."},
    "map.help.boundaries": {
        "nl": "Een kaart van de geladen wijkgrenzen, gekleurd naar de gekozen uitkomst. Hoe "
              "roder, hoe ongunstiger. Het model zelf kent geen ligging: de kaart laat alleen "
              "zien waar de wijken liggen.",
        "en": "A map of the boundaries you added, coloured by the chosen outcome. The redder, "
              "the worse. The model itself knows no location: the map only shows where the "
              "neighbourhoods lie."},
    "map.unmatched": {"nl": "Geen wijk in het scenario", "en": "No neighbourhood in the scenario"},
    "map.more": {"nl": "en nog {count}", "en": "and {count} more"},
    # --- boundaries for a map (dashboards/boundaries.py) -----------------------------------
    "boundaries.add": {"nl": "Kaart met wijkgrenzen", "en": "Map with boundaries"},
    "boundaries.drop": {"nl": "Sleep de wijk- of buurtgrenzen (GeoJSON) hierheen",
                        "en": "Drop the wijk or buurt boundaries (GeoJSON) here"},
    "boundaries.where": {
        "nl": "Bijvoorbeeld de CBS Wijk- en Buurtkaart van PDOK als GeoJSON, alleen uw "
              "gemeente (hoogstens {limit} MB). De vlakken worden aan de wijken van het "
              "scenario gekoppeld op CBS-code (wijkcode, buurtcode), anders op naam.",
        "en": "For instance PDOK's CBS Wijk- en Buurtkaart as GeoJSON, your municipality only "
              "(at most {limit} MB). Areas are matched to the scenario's neighbourhoods on "
              "the CBS code (wijkcode, buurtcode), or else on the name."},
    "boundaries.loaded": {"nl": "Wijkgrenzen uit {file}: {count} vlakken.",
                          "en": "Boundaries from {file}: {count} areas."},
    "boundaries.remove": {"nl": "Kaart verwijderen", "en": "Remove the map"},
    "boundaries.status": {
        "nl": "{matched} van {total} wijken op de kaart (vlakken gekoppeld op code: {code}, "
              "op naam: {name}).",
        "en": "{matched} of {total} neighbourhoods on the map (areas matched on the code: "
              "{code}, on the name: {name})."},
    "boundaries.missing": {"nl": "Wijken zonder vlak op de kaart ({count}):",
                           "en": "Neighbourhoods without an area on the map ({count}):"},
    "boundaries.unmatched": {"nl": "Vlakken zonder wijk in het scenario, in grijs ({count}):",
                             "en": "Areas without a neighbourhood in the scenario, in grey "
                                   "({count}):"},
    "boundaries.skipped": {"nl": "Niet getekend ({count}):", "en": "Not drawn ({count}):"},
    "boundaries.none_match": {
        "nl": "De grenzen uit {file} passen bij geen enkele wijk van dit scenario, dus blijven "
              "de tegels staan. De kaart verschijnt bij een scenario met deze wijken.",
        "en": "The boundaries from {file} match none of this scenario's neighbourhoods, so the "
              "tiles stay. The map appears with a scenario that has these neighbourhoods."},
    "boundaries.reason.unknown": {"nl": "geen wijk met deze code of naam",
                                  "en": "no neighbourhood with this code or name"},
    "boundaries.reason.ambiguous": {"nl": "naam van wijken in meer gemeenten",
                                    "en": "the name of neighbourhoods in several "
                                          "municipalities"},
    "boundaries.reason.unnamed": {"nl": "zonder code en naam", "en": "without code or name"},
    "boundaries.skip.not_polygon": {"nl": "geen vlak ({detail})", "en": "not an area ({detail})"},
    "boundaries.skip.unreadable": {"nl": "onleesbare omtrek ({detail})",
                                   "en": "unreadable outline ({detail})"},
    "boundaries.skip.empty": {"nl": "lege omtrek", "en": "empty outline"},
    "boundaries.error.too_big": {
        "nl": "{file} is {size} MB; hoogstens {limit} MB is toegestaan. Download alleen de "
              "wijken of buurten van uw gemeente (de dienst van PDOK kan filteren op "
              "gemeentenaam).",
        "en": "{file} is {size} MB; at most {limit} MB is allowed. Download only your "
              "municipality's wijken or buurten (PDOK's service can filter on gemeentenaam)."},
    "boundaries.error.not_text": {
        "nl": "{file} is geen tekstbestand; toegestaan: een GeoJSON-bestand (JSON-tekst, "
              "UTF-8).",
        "en": "{file} is not a text file; allowed: a GeoJSON file (JSON text, UTF-8)."},
    "boundaries.error.not_json": {
        "nl": "{file} is geen geldige JSON (regel {line}, kolom {column}: {error}); "
              "toegestaan: een GeoJSON-bestand.",
        "en": "{file} is not valid JSON (line {line}, column {column}: {error}); allowed: a "
              "GeoJSON file."},
    "boundaries.error.not_collection": {
        "nl": "{file} is geen GeoJSON-FeatureCollection (het type is {found}); toegestaan: "
              "een FeatureCollection van Polygon- of MultiPolygon-features, zoals de CBS Wijk- "
              "en Buurtkaart van PDOK als GeoJSON.",
        "en": "{file} is not a GeoJSON FeatureCollection (its type is {found}); allowed: a "
              "FeatureCollection of Polygon or MultiPolygon features, such as PDOK's CBS "
              "Wijk- en Buurtkaart as GeoJSON."},
    "boundaries.error.too_many": {
        "nl": "{file} heeft {count} features; hoogstens {limit} zijn toegestaan.",
        "en": "{file} has {count} features; at most {limit} are allowed."},
    "boundaries.error.no_polygons": {
        "nl": "{file} heeft geen vlakken om te tekenen ({count} features, geometrie: "
              "{found}); toegestaan: Polygon of MultiPolygon, geen punten of lijnen.",
        "en": "{file} has no areas to draw ({count} features, geometry: {found}); allowed: "
              "Polygon or MultiPolygon, not points or lines."},
    "boundaries.error.failed": {"nl": "{file} kan niet worden gelezen ({error}).",
                                "en": "{file} cannot be read ({error})."},
    "section.gap": {"nl": "Zwakke en sterke wijken", "en": "Weak and strong neighbourhoods"},
    "gap.help": {"nl": "Wijken onder en boven de mediane sociaaleconomische status (SES), "
                       "gewogen naar bewoners. Boven nul: zwakke wijken houden meer "
                       "hulpvraag onvervuld.",
                 "en": "Neighbourhoods below and above the median socio-economic status "
                       "(SES), weighted by residents. Above zero: weak neighbourhoods leave "
                       "more need unmet."},
    "gap.unmet": {"nl": "Kloof onvervulde hulpvraag (zwak - sterk)",
                  "en": "Gap in unmet need (weak - strong)"},
    "section.network": {"nl": "Sociaal netwerk (steekproef)",
                        "en": "Social network (sample)"},
    "network.neighbourhood": {"nl": "Wijk", "en": "Neighbourhood"},
    "network.help": {"nl": "Tot {size} bewoners van de gekozen wijk en hun banden, gekleurd "
                           "naar rol. De posities blijven staan; de kleuren volgen het model.",
                     "en": "Up to {size} residents of the chosen neighbourhood and their "
                           "ties, coloured by role. Positions stay put; colours follow the "
                           "model."},
    # --- compare ---------------------------------------------------------------------------
    "compare.current": {"nl": "Huidige instellingen", "en": "Current settings"},
    "compare.current.help": {"nl": "De hefbomen, bezuiniging en schaal zoals ze nu staan.",
                             "en": "The levers, budget cut and scale as they are set now."},
    "compare.own": {"nl": "Eigen instellingen van het scenario",
                    "en": "The scenario's own settings"},
    "compare.own.help": {"nl": "Het scenario zoals het is, zonder bezuiniging.",
                         "en": "The scenario as it is, without a budget cut."},
    "compare.letting_go": {"nl": "Loslaten ((n)iets doen)", "en": "Letting go ((n)iets doen)"},
    "compare.letting_go.help": {
        "nl": "Veel handelingsruimte en vertrouwen, geen sturingsdruk; verder de huidige "
              "bezuiniging en schaal.",
        "en": "Much room to act and trust, no steering pressure; otherwise the current budget "
              "cut and scale."},
    "compare.seeds": {"nl": "Herhalingen (seeds)", "en": "Runs per variant (seeds)"},
    "compare.years": {"nl": "Jaren", "en": "Years"},
    "compare.run": {"nl": "Vergelijk", "en": "Compare"},
    "compare.pick_two": {"nl": "Kies minstens twee varianten.",
                         "en": "Pick at least two variants."},
    "compare.progress": {"nl": "{done} van {total} runs klaar",
                         "en": "{done} of {total} runs done"},
    "compare.done": {"nl": "{total} runs klaar in {seconds} s.",
                     "en": "{total} runs done in {seconds} s."},
    "compare.failed": {"nl": "De vergelijking is mislukt: {error}",
                       "en": "The comparison failed: {error}"},
    "compare.none": {"nl": "Nog geen vergelijking gedraaid.",
                     "en": "No comparison has run yet."},
    "compare.legend": {"nl": "Lijn: gemiddelde; band: laagste tot hoogste",
                       "en": "Line: mean; band: lowest to highest"},
    # --- export ----------------------------------------------------------------------------
    "export.intro": {"nl": "Neem een rapport van één pagina mee naar de raad, of de gegevens "
                           "voor eigen analyse.",
                     "en": "Take a one-page report to the council, or the data for your own "
                           "analysis."},
    "export.pdf": {"nl": "Rapport (PDF)", "en": "Report (PDF)"},
    "export.png": {"nl": "Rapport (PNG)", "en": "Report (PNG)"},
    "export.csv": {"nl": "Gegevens per week (CSV)", "en": "Weekly data (CSV)"},
    "export.compare_csv": {"nl": "Vergelijking (CSV)", "en": "Comparison (CSV)"},
    "export.no_compare": {"nl": "Draai eerst een vergelijking om die te downloaden.",
                          "en": "Run a comparison first to download it."},
}


# Every per-domain output of the model (docs/model.md#outputs) by its column's name, e.g.
# unmet_share_care: "Onvervulde hulpvraag (Wmo-ondersteuning)".
DOMAIN_OUTPUTS = ("unmet_share", "waiting_list", "spending", "cost_per_inhabitant",
                  "overhead_per_case", "referral_hours")
TEXTS.update({
    f"{output}_{domain}": {lang: f"{TEXTS[output][lang]} ({TEXTS['domain.' + domain][lang]})"
                           for lang in LANGUAGES}
    for output in DOMAIN_OUTPUTS for domain in DOMAINS})


def number(text: str, lang: str) -> str:
    """A number formatted the English way ("16,600.5"), as the language writes it: Dutch
    swaps the separators ("16.600,5"), so that no Dutch reader takes 16,600 for 16.6."""
    if lang != "nl":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_value(value: float, kind: str, lang: str = "en") -> str:
    """A key figure as people read it, in the language's number format."""
    return number(_format_value(value, kind), lang)


def _format_value(value: float, kind: str) -> str:
    if value != value:  # NaN: nothing simulated yet
        return "-"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "eur":
        return f"€ {value:,.0f}"
    return f"{value:.2f}"


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for `key` in `lang` ('nl' or 'en')."""
    return TEXTS[key][lang]
