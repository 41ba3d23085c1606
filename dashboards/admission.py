# ruff: noqa: N802  (Solara components are named like classes)
"""Letting a tab in (dashboards/sessions.py): the session it gets, or the polite page when
the server is full, and what happens to the session when the tab closes
(docs/dashboard.md#many-visitors-at-once)."""

from __future__ import annotations

from collections.abc import Callable

import solara

from dashboards.charts import LINE_COLOUR  # the page's own blue
from dashboards.i18n import DEFAULT_LANGUAGE, t
from dashboards.session import Session
from dashboards.sessions import Sessions


@solara.component
def Full(sessions: Sessions, retry: Callable[[], None]) -> None:
    """The polite page when the server has as many sessions open as it allows."""
    lang = solara.use_reactive(DEFAULT_LANGUAGE)
    other = "en" if lang.value == "nl" else "nl"
    solara.Title(t("app.title", lang.value))
    with solara.Column(classes=["zs-full"], style="max-width: 640px; padding: 24px;"):
        solara.v.Html(tag="h2", children=[t("full.title", lang.value)])
        solara.v.Html(tag="p", children=[t("full.text", lang.value).format(
            limit=sessions.limit)])
        with solara.Row(gap="8px"):
            solara.Button(t("full.retry", lang.value), icon_name="mdi-refresh",
                          color=LINE_COLOUR, on_click=retry, classes=["zs-full-retry"])
            solara.Button(t("language.switch", lang.value), icon_name="mdi-translate",
                          text=True, on_click=lambda: lang.set(other),
                          classes=["zs-language"])


def browser_key() -> str | None:
    """The browser's session (Solara's cookie), under which a reloaded tab finds its parked
    session again; None outside a server."""
    try:
        return solara.get_session_id()
    except Exception:  # no kernel context (a test rendering the page on its own)
        return None


def parking_time() -> float:
    """How long a closed tab's session is kept for a reload: the release time, when the
    browser said the tab closed (a reload says so too); 0 when Solara closes a tab that went
    away without a word (it waited the release time already) or outside a server."""
    try:
        from solara.server import kernel_context
        from solara.server import settings as server_settings
        from solara.util import parse_timedelta

        context = kernel_context.get_current_context()
        if getattr(context, "close_reason", None) != "page-close":
            return 0.0
        return parse_timedelta(server_settings.kernel.cull_timeout)
    except Exception:  # no kernel context
        return 0.0


def use_admission(sessions: Sessions, make: Callable[[], Session]
                  ) -> tuple[Session | None, Callable[[], None]]:
    """A session for this tab from `sessions` (the one a reload left parked, or a new one),
    or None when they are full; released when the tab's kernel closes
    (docs/dashboard.md#many-visitors-at-once). The second value asks again (the full
    page's button)."""
    attempt = solara.use_reactive(0)
    key = solara.use_memo(browser_key, [])
    session = solara.use_memo(lambda: sessions.admit(make, key=key), [attempt.value])

    def release() -> Callable[[], None] | None:
        if session is None:
            return None
        return lambda: sessions.release(session, keep=parking_time(), key=key)

    solara.use_effect(release, [session])
    return session, lambda: attempt.set(attempt.value + 1)
