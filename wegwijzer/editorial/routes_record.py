"""The editorial part of a service or organisation page, and its buttons.

The page templates ask for :func:`record_editorial` (a Jinja global): the record's history (its
own HSDS metadata and that of its parts), its review date, and what the visitor may do. The
buttons post here: revert a change (redacteurs), mark a service as checked (redacteurs and
partners of the organisation), let partners edit directly (beheerder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.deps import Admin, Editor, LoggedIn, current_principal
from wegwijzer.accounts.principal import Principal
from wegwijzer.directory.models import Service
from wegwijzer.editorial import services
from wegwijzer.editorial.errors import StaleVersion
from wegwijzer.editorial.pages import (
    ACTION_LABELS,
    HISTORY_VISIBLE,
    HistoryRow,
    Part,
    local_path,
    merge_history,
    record_parts,
)
from wegwijzer.editorial.routes_common import EditorialRoute, form_data, session_of, version_of
from wegwijzer.web.cache import directory
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import WebError, templates

router = APIRouter(route_class=EditorialRoute)
ID_MAX = 64


@dataclass
class RecordPanel:
    """What a record page shows of the editorial work, and which buttons it offers."""

    record_type: str
    record_id: str
    principal: Principal | None
    history: list[HistoryRow] = field(default_factory=list)
    version: int = 0
    organization_id: str | None = None
    assured_date: str | None = None
    assurer_email: str | None = None
    direct_edit: bool = False

    @property
    def is_editor(self) -> bool:
        return self.principal is not None and self.principal.is_editor

    @property
    def is_admin(self) -> bool:
        return self.principal is not None and self.principal.is_admin

    @property
    def can_edit(self) -> bool:
        """Editors, and partners of the organisation (whose edits may become suggestions)."""
        return self.principal is not None and (self.principal.is_editor
                                               or self.principal.represents(self.organization_id))

    @property
    def can_mark_checked(self) -> bool:
        return self.record_type == "service" and self.can_edit

    @property
    def recent(self) -> list[HistoryRow]:
        return self.history[:HISTORY_VISIBLE]

    @property
    def older(self) -> list[HistoryRow]:
        return self.history[HISTORY_VISIBLE:]


def record_editorial(request: Request, record_type: str, record_id: str) -> RecordPanel:
    """The editorial panel of a service or organisation page (called by its template)."""
    panel = RecordPanel(record_type, record_id, current_principal(request))
    with session_of(request) as session:
        state = services.record_values(session, record_type, record_id)
        panel.version, panel.organization_id = state.version, state.organization_id
        parts = record_parts(directory(session).snapshot, record_type, record_id)
        own = Part(record_type, record_id)
        panel.history = merge_history(((p, services.history(session, p.record_id)) for p in parts), own)
        if record_type == "service":
            row = session.get(Service, record_id)
            if row is not None:
                panel.assured_date, panel.assurer_email = row.assured_date, row.assurer_email
        if record_type == "organization" and panel.is_admin:
            panel.direct_edit = services.direct_edit_enabled(session, record_id)
    return panel


templates.env.globals["record_editorial"] = record_editorial
templates.env.globals["history_actions"] = ACTION_LABELS


@router.post("/redactie/terugdraaien", response_model=None)
def revert(request: Request, principal: Editor, form: Annotated[dict[str, str], Depends(form_data)]) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    change_id = form.get("wijziging", "").strip()[:ID_MAX]
    if not change_id:
        raise WebError(400, N_("Het formulier zegt niet welke wijziging teruggedraaid moet worden."))
    with session_of(request) as session:
        services.revert_change(session, principal, change_id)
    return RedirectResponse(local_path(form.get("terug")) + "#geschiedenis", status_code=303)


@router.post("/nagekeken", response_model=None)
def mark_checked(request: Request, principal: LoggedIn,
                 form: Annotated[dict[str, str], Depends(form_data)]) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    service_id = form.get("id", "").strip()[:ID_MAX]
    version = version_of(form)
    try:
        with session_of(request) as session:
            services.mark_checked(session, principal, service_id, version)
    except StaleVersion:
        raise WebError(409, N_("Deze dienst is intussen gewijzigd. Bekijk de nieuwe gegevens en markeer ze "
                               "dan opnieuw als nagekeken."), title=N_("Niet opgeslagen")) from None
    return RedirectResponse(f"/diensten/{service_id}#nagekeken", status_code=303)


@router.post("/redactie/organisaties/{organization_id}/rechtstreeks-bewerken", response_model=None)
def direct_edit(request: Request, principal: Admin, organization_id: str,
                form: Annotated[dict[str, str], Depends(form_data)]) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    enabled = form.get("aan", "")
    if enabled not in ("0", "1"):
        raise WebError(400, N_("Kies of partners rechtstreeks mogen bewerken."))
    organization_id = organization_id[:ID_MAX]
    with session_of(request) as session:
        services.set_direct_edit(session, principal, organization_id, enabled == "1")
    return RedirectResponse(f"/organisaties/{organization_id}#redactie", status_code=303)
