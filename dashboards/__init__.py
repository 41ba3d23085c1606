"""The policy maker's dashboard (Solara): explore a scenario, compare variants, take a report
away. `settings` holds what the sliders set, `explorer` the simulation a page drives and the
figures read from it, `session` one browser session (its explorer, the play, the page's
reactive values), `compare` runs variants in worker processes, `report` makes the one-page
report, `i18n` has every text in Dutch and English, `app` is the page, `sessions`
shares a server among its visitors and `serve` starts that server (`run.py dashboard`)."""
