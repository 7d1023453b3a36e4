"""The editor's dashboard (``/redactie/overzicht``): what needs a look to keep the directory true.

Three sections: services due for review, contact data that looks broken (dead websites, e-mail
addresses and phone numbers that do not look right, services nobody can reach) and the
unanswered suggestions. Editors only (``require_editor``); never cached.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wegwijzer.accounts.deps import Editor
from wegwijzer.editorial.freshness import dashboard
from wegwijzer.editorial.linkcheck import REASONS
from wegwijzer.web import params
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import render

router = APIRouter()

#: record kind -> Dutch label (msgid)
KIND_LABELS: dict[str, str] = {
    "service": N_("dienst"),
    "organization": N_("organisatie"),
    "location": N_("locatie"),
}


@router.get("/redactie/overzicht", response_class=HTMLResponse)
def dashboard_page(request: Request, principal: Editor) -> HTMLResponse:
    params.check_language(request)
    settings = request.app.state.settings
    with request.app.state.db.session() as session:
        board = dashboard(session, datetime.now(UTC), settings.review_interval_days)
    response = render(request, "editorial_dashboard.html", {
        "board": board, "reasons": REASONS, "kind_labels": KIND_LABELS, "linkcheck_on": settings.linkcheck != "off",
    })
    response.headers["Cache-Control"] = "no-store"  # a private page
    return response
