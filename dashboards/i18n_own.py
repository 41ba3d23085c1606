"""The texts of the pages a user builds on: uploading by button, "My municipality" (a
scenario built on the page or from CBS figures), own named variants in compare, cancelling
a comparison, and sharing a set-up; in Dutch (the default) and English. `dashboards.i18n`
merges them into its TEXTS, so `t(key, lang)` finds them like any other."""

from __future__ import annotations

OWN_TEXTS: dict[str, dict[str, str]] = {
    # --- uploads (dashboards/upload.py) ----------------------------------------------------
    "upload.choose": {"nl": "Kies een bestand", "en": "Choose a file"},
    "upload.broken": {"nl": "Het bestand kwam niet goed over ({error}); probeer het opnieuw.",
                      "en": "The file did not come through ({error}); try again."},
    # --- My municipality (dashboards/builder_page.py) --------------------------------------
    "tab.mine": {"nl": "Mijn gemeente", "en": "My municipality"},
    "mine.intro": {
        "nl": "Bouw een scenario van uw eigen gemeente zonder YAML: de wijken met hun inwoners "
              "en profiel, het budget en de schaal. Het formulier wordt bij elke toets "
              "gecontroleerd zoals een scenariobestand. Download het als YAML, of laad het in "
              "Verkennen.",
        "en": "Build a scenario of your own municipality without YAML: its neighbourhoods with "
              "their inhabitants and profile, the budget and the scale. The form is checked "
              "at every key like a scenario file. Download it as YAML, or load it into "
              "Explore."},
    "mine.source": {"nl": "de pagina Mijn gemeente", "en": "the My municipality page"},
    "mine.names": {"nl": "Naam", "en": "Name"},
    "mine.scenario_name": {"nl": "Naam van het scenario", "en": "Name of the scenario"},
    "mine.municipality": {"nl": "Gemeente", "en": "Municipality"},
    "mine.neighbourhoods": {"nl": "Wijken", "en": "Neighbourhoods"},
    "mine.new_row": {"nl": "Wijk", "en": "Neighbourhood"},
    "mine.add": {"nl": "Wijk toevoegen", "en": "Add a neighbourhood"},
    "mine.page": {"nl": "Wijk {first} tot en met {last} van {total}",
                  "en": "Neighbourhoods {first} to {last} of {total}"},
    "mine.code": {"nl": "CBS-code {code}", "en": "CBS code {code}"},
    "mine.range": {"nl": "{low} tot en met {high}", "en": "{low} to {high}"},
    "mine.range.open": {"nl": "meer dan {low}, hoogstens {high}",
                        "en": "more than {low}, at most {high}"},
    # budget.shrinkage's range is in its validator (model.scenario_domains.rates), not in
    # its field; tests/test_dashboard_builder.py checks that these words still hold
    "mine.rule.shrinkage": {"nl": "0 tot en met 1", "en": "0 to 1"},
    "mine.required": {"nl": "verplicht", "en": "required"},
    "mine.default": {"nl": "standaard {value}", "en": "default {value}"},
    "mine.field.name": {"nl": "Naam", "en": "Name"},
    "mine.field.inhabitants": {"nl": "Inwoners", "en": "Inhabitants"},
    "mine.field.inhabitants.help": {"nl": "alle leeftijden; het model telt de bewoners van "
                                          "15 jaar en ouder",
                                    "en": "all ages; the model counts the residents aged 15 "
                                          "and over"},
    "mine.field.ses": {"nl": "SES", "en": "SES"},
    "mine.field.ses.help": {"nl": "sociaaleconomische status, van 0 (laag) tot 1 (hoog)",
                            "en": "socio-economic status, from 0 (low) to 1 (high)"},
    "mine.field.mean_ties": {"nl": "Banden", "en": "Ties"},
    "mine.field.mean_ties.help": {"nl": "gemiddeld aantal sociale banden per bewoner",
                                  "en": "mean number of social ties per resident"},
    "mine.field.belonging": {"nl": "Erbij horen", "en": "Belonging"},
    "mine.field.belonging.help": {"nl": "gevoel erbij te horen aan het begin, van 0 tot 1",
                                  "en": "sense of belonging at the start, from 0 to 1"},
    "mine.field.trust": {"nl": "Vertrouwen", "en": "Trust"},
    "mine.field.trust.help": {"nl": "vertrouwen in de gemeente aan het begin, van 0 tot 1",
                              "en": "trust in the municipality at the start, from 0 to 1"},
    "mine.region": {"nl": "Budget en schaal", "en": "Budget and scale"},
    "mine.budget.per_inhabitant": {"nl": "Budget per inwoner (euro per jaar)",
                                   "en": "Budget per inhabitant (euro a year)"},
    "mine.budget.per_inhabitant.help": {
        "nl": "Het budget sociaal domein per inwoner; 2015: gemiddeld 528 euro",
        "en": "The social-domain budget per inhabitant; 2015: 528 euro on average"},
    "mine.budget.shrinkage": {"nl": "Bezuiniging per jaar (fractie)",
                              "en": "Cut per year (fraction)"},
    "mine.budget.shrinkage.help": {
        "nl": "Elk jaar valt dit deel van het budget weg: 0,05 is 5% per jaar",
        "en": "Each year this share of the budget is cut: 0.05 is 5% a year"},
    "mine.scale.help": {"nl": "Waar zorg georganiseerd wordt: dichtbij is nabij maar duurder.",
                        "en": "Where care is organised: closer is nearer to people but costs "
                              "more."},
    "mine.check": {"nl": "Controle", "en": "Check"},
    "mine.check.help": {
        "nl": "Dezelfde controle en meldingen als `run.py validate` voor het gedownloade "
              "bestand (de meldingen zijn in het Engels).",
        "en": "The same check and messages as `run.py validate` gives for the downloaded "
              "file."},
    "mine.valid": {"nl": "Het scenario is geldig.", "en": "The scenario is valid."},
    "mine.invalid": {"nl": "Nog niet geldig; wat er mis is ({count}):",
                     "en": "Not valid yet; what is wrong ({count}):"},
    "mine.preview.none": {"nl": "Grootte en looptijd verschijnen als het scenario geldig is.",
                          "en": "Size and run time appear once the scenario is valid."},
    "mine.preview.size": {"nl": "{inhabitants} inwoners in {neighbourhoods}: {residents} "
                                "bewoners van 15 jaar en ouder in het model.",
                          "en": "{inhabitants} inhabitants in {neighbourhoods}: {residents} "
                                "residents aged 15 and over in the model."},
    "mine.count.one": {"nl": "{count} wijk", "en": "{count} neighbourhood"},
    "mine.count.many": {"nl": "{count} wijken", "en": "{count} neighbourhoods"},
    "mine.preview.measuring": {"nl": "Looptijd meten...", "en": "Measuring the run time..."},
    "mine.preview.failed": {"nl": "De looptijd kon niet worden gemeten: {error}",
                            "en": "The run time could not be measured: {error}"},
    "mine.preview.time": {
        "nl": "Ongeveer {year} s rekentijd per gesimuleerd jaar; de start (opbouwen en "
              "{spinup} jaar inlopen) ongeveer {start} s; geheugen ongeveer {memory} GB.",
        "en": "About {year} s of computing per simulated year; the start (building and "
              "{spinup} years of spin-up) about {start} s; memory about {memory} GB."},
    "mine.preview.how": {
        "nl": "Nu gemeten op deze computer: een steekproef van {sample} bewoners van dit "
              "scenario, {weeks} weken, {rate} miljoen bewoner-weken per seconde (het model "
              "alleen, zonder grafieken).",
        "en": "Measured now on this computer: a sample of {sample} residents of this "
              "scenario, {weeks} weeks, {rate} million resident-weeks a second (the model "
              "alone, without the charts)."},
    "mine.download": {"nl": "Download YAML", "en": "Download YAML"},
    "mine.load": {"nl": "Laad in Verkennen", "en": "Load into Explore"},
    "mine.start_over": {"nl": "Leeg formulier", "en": "Empty form"},
    # --- My municipality: CBS import (dashboards/cbs_section.py) ---------------------------
    "mine.cbs": {"nl": "Vullen uit CBS-cijfers", "en": "Fill from CBS figures"},
    "mine.cbs.help": {
        "nl": "Kerncijfers wijken en buurten van CBS: het jaarlijkse kwb-bestand (Excel of "
              "CSV) of een StatLine-download (CSV). Kies daarna de gemeente en het niveau.",
        "en": "CBS Kerncijfers wijken en buurten: the yearly kwb file (Excel or CSV) or a "
              "StatLine download (CSV). Then choose the municipality and the level."},
    "mine.cbs.drop": {"nl": "Sleep een CBS-bestand (CSV of xlsx) hierheen",
                      "en": "Drop a CBS file (CSV or xlsx) here"},
    "mine.cbs.loaded": {"nl": "{file}: {count} gemeenten.", "en": "{file}: {count} "
                                                                 "municipalities."},
    "mine.cbs.municipality": {"nl": "Gemeente", "en": "Municipality"},
    "mine.cbs.level": {"nl": "Niveau", "en": "Level"},
    "mine.cbs.level.wijk": {"nl": "Wijken", "en": "Wijken (districts)"},
    "mine.cbs.level.buurt": {"nl": "Buurten", "en": "Buurten (neighbourhoods)"},
    "mine.cbs.fill": {"nl": "Vul het formulier", "en": "Fill the form"},
    "mine.cbs.filled": {
        "nl": "Formulier gevuld: {municipality}, {count} rijen op niveau {level}; "
              "{missing} ontbrekende of geheime waarden (hieronder).",
        "en": "Form filled: {municipality}, {count} rows at level {level}; {missing} missing "
              "or secret values (below)."},
    "mine.cbs.missing": {"nl": "Ontbrekende of geheime waarden ({count}), en wat er in de "
                               "plaats komt:",
                         "en": "Missing or secret values ({count}), and what is used "
                               "instead:"},
    "mine.cbs.left_out": {"nl": "Weggelaten ({count}):", "en": "Left out ({count}):"},
    "mine.cbs.notes": {"nl": "Opmerkingen ({count}):", "en": "Notes ({count}):"},
    # --- own variants in compare (dashboards/compare_view.py) ------------------------------
    "compare.intro.own": {
        "nl": "Draai twee tot {limit} varianten naast elkaar, elk met dezelfde reeks seeds "
              "(toevalsreeksen), zodat verschillen geen toeval zijn.",
        "en": "Run two to {limit} variants side by side, each with the same seeds (random "
              "streams), so that differences are not luck."},
    "variants.title": {"nl": "Eigen varianten", "en": "Own variants"},
    "variants.help": {
        "nl": "Bewaar de instellingen van de zijbalk (hefbomen, bezuiniging, schaal, per "
              "domein) onder "
              "een eigen naam, bijvoorbeeld de opties die de raad bespreekt; ze draaien op "
              "het scenario van de zijbalk. Hoogstens {limit} varianten per vergelijking, "
              "{saved} bewaard.",
        "en": "Keep the sidebar's settings (levers, budget cut, scale, per domain) under a "
              "name of your "
              "own, for instance the options the council is debating; they run on the "
              "sidebar's scenario. At most {limit} variants per comparison, {saved} kept."},
    "variants.name": {"nl": "Naam van de variant", "en": "Name of the variant"},
    "variants.placeholder": {"nl": "Optie A: wijkteams", "en": "Option A: neighbourhood teams"},
    "variants.save": {"nl": "Bewaar huidige instellingen", "en": "Save the current settings"},
    "variants.full": {"nl": "{limit} eigen varianten bewaard: verwijder er een om een nieuwe "
                            "te bewaren.",
                      "en": "{limit} own variants kept: delete one to save another."},
    "variants.rename": {"nl": "Hernoemen", "en": "Rename"},
    "variants.rename.ok": {"nl": "Opslaan", "en": "Save"},
    "variants.rename.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "variants.delete": {"nl": "Verwijderen", "en": "Delete"},
    "variants.error.empty": {"nl": "Geef de variant een naam (nu is die leeg).",
                             "en": "Give the variant a name (it is empty now)."},
    "variants.error.too_long": {
        "nl": "De naam is {length} tekens lang; hoogstens {limit} zijn toegestaan.",
        "en": "The name is {length} characters long; at most {limit} are allowed."},
    "variants.error.taken": {
        "nl": "De naam '{name}' is al in gebruik; kies een naam die nog geen variant heeft "
              "(hoofdletters tellen niet mee).",
        "en": "The name '{name}' is taken; choose a name no variant has yet (capitals do not "
              "count)."},
    "compare.too_many": {"nl": "Kies hoogstens {limit} varianten (nu {count}).",
                         "en": "Choose at most {limit} variants (now {count})."},
    "compare.cancel": {"nl": "Afbreken", "en": "Cancel"},
    "compare.cancelled": {
        "nl": "Vergelijking afgebroken na {done} van {total} runs; die runs zijn weggegooid. "
              "Een vorige, voltooide vergelijking blijft hieronder staan.",
        "en": "Comparison cancelled after {done} of {total} runs; those runs are discarded. "
              "A previous, finished comparison stays below."},
    "compare.table": {"nl": "Aan het einde", "en": "At the end"},
    "compare.table.help": {
        "nl": "Gemiddelde van de laatste 4 weken, over de seeds; eronder de laagste tot de "
              "hoogste run.",
        "en": "Mean of the last 4 weeks, over the seeds; below it the lowest to the highest "
              "run."},
    "compare.variant": {"nl": "Variant", "en": "Variant"},
    "export.compare_pdf": {"nl": "Vergelijking (PDF)", "en": "Comparison (PDF)"},
    "export.compare_png": {"nl": "Vergelijking (PNG)", "en": "Comparison (PNG)"},
    # --- share what I set up (dashboards/share_view.py) --------------------------------------
    "share.title": {"nl": "Deel wat ik heb ingesteld", "en": "Share what I set up"},
    "share.help": {
        "nl": "Een klein bestand, of een link, met het scenario, de instellingen van de "
              "zijbalk en de eigen varianten; een collega laadt het bestand hier, of opent de "
              "link, en ziet hetzelfde.",
        "en": "A small file, or a link, with the scenario, the sidebar's settings and the own "
              "variants; a colleague loads the file here, or opens the link, and sees the "
              "same."},
    "share.download": {"nl": "Instellingen downloaden (YAML)",
                       "en": "Download the set-up (YAML)"},
    "share.drop": {"nl": "Of sleep een instellingenbestand hierheen om het te herstellen",
                   "en": "Or drop a set-up file here to restore it"},
    "share.restored": {
        "nl": "Hersteld uit {file}: scenario {scenario}, {variants} eigen varianten; de run "
              "begint opnieuw.",
        "en": "Restored from {file}: scenario {scenario}, {variants} own variants; the run "
              "starts over."},
    "share.invalid": {"nl": "{file} kan niet worden hersteld; alles blijft zoals het was. Wat "
                            "er mis is:",
                      "en": "{file} cannot be restored; everything stays as it was. What is "
                            "wrong:"},
    "share.link": {"nl": "Zet de instellingen in het adres (link)",
                   "en": "Put the set-up in the address (link)"},
    "share.link_made": {
        "nl": "De adresbalk bevat nu deze instellingen ({chars} tekens): kopieer het adres "
              "en stuur het; wie het opent ziet hetzelfde. Of kopieer deze link:",
        "en": "The address bar now holds this set-up ({chars} characters): copy the address "
              "and send it; whoever opens it sees the same. Or copy this link:"},
    "share.link_anchor": {"nl": "link naar deze instellingen", "en": "link to this set-up"},
    "share.link_too_long": {"nl": "Geen link gemaakt: {why}.", "en": "No link made: {why}."},
    "share.link_source": {"nl": "de link", "en": "the link"},
    "share.what": {
        "nl": "Een meegeleverd scenario staat er met zijn naam in, een eigen scenario met zijn "
              "inhoud. De gesimuleerde weken en vergelijkingen niet: die draaien opnieuw, met "
              "dezelfde uitkomst.",
        "en": "A shipped scenario goes in by its name, an own scenario by its content. The "
              "weeks simulated and the comparisons do not: they run again, with the same "
              "outcome."},
}
