# ruff: noqa: N802  (Solara components are named like classes)
"""The workshop's pages (Solara): `/` for participants (join, then their seat) and
`/facilitator?token=...` for the facilitator. Started by `python run.py workshop`, which
sets the data folder and the participants' address in the environment first.

Every page reads the database on each poll and writes through the workshop's actions;
nothing about a session is kept at module level (Solara issue #867: module-level reactive
state is shared by every visitor).
"""

from __future__ import annotations

import os

import solara

from workshop.facilitator_page import FacilitatorPage
from workshop.participant_page import ParticipantPage

# Telemetry off also under a plain `solara run workshop.app` (run.py switches it off before
# solara starts); an explicit SOLARA_TELEMETRY_MIXPANEL_ENABLE is respected.
if "SOLARA_TELEMETRY_MIXPANEL_ENABLE" not in os.environ:
    from solara.server import settings as _server_settings

    _server_settings.telemetry.mixpanel_enable = False

CSS = """
.zs-chart img { max-width: 100%; height: auto; }
.zs-qr svg { width: 100%; height: 100%; }
.zs-decisions table { font-size: 0.9rem; }
"""


@solara.component
def Layout(children: list | None = None) -> None:
    """No app bar or navigation: participants and the projector see only their page."""
    solara.Style(CSS)
    solara.Column(children=children or [], style="padding: 0;")


routes = [
    solara.Route(path="/", component=ParticipantPage, label="deelnemen", layout=Layout),
    solara.Route(path="facilitator", component=FacilitatorPage, label="begeleider"),
]
