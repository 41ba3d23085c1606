"""The policy maker's dashboard (Solara): explore a scenario, compare variants, take a report
away. `session` holds one browser session's model and figures, `compare` runs variants in
worker processes, `report` makes the one-page report, `i18n` has every text in Dutch and
English, `app` is the page."""
