"""The texts of the pages a user builds on: uploading by button, "My municipality" (a
scenario built on the page or from CBS figures), own named variants in compare, cancelling
a comparison, and sharing a set-up; in Dutch (the default) and English. `dashboards.i18n`
merges them into its TEXTS, so `t(key, lang)` finds them like any other."""

from __future__ import annotations

OWN_TEXTS: dict[str, dict[str, str]] = {
    # --- uploads (dashboards/upload.py) ----------------------------------------------------
    "upload.choose": {"nl": "Kies een bestand", "en": "Choose a file"},
}
