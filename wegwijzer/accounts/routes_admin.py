"""User administration for beheerders: ``/beheer/gebruikers`` (list, invite, role, organisations, disable)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from wegwijzer.accounts.admin import change_user, find_user, organization_choices, switch_active
from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.deps import Admin
from wegwijzer.accounts.http import account_text, see_other
from wegwijzer.accounts.mail_links import invite
from wegwijzer.accounts.principal import ROLES
from wegwijzer.accounts.routes_mail import mailer_of
from wegwijzer.accounts.services import AccountError, list_users
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import render

router = APIRouter()
FormText = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]
BASE = "/beheer/gebruikers"
NOTICES = {
    "uitgenodigd": N_("De uitnodiging is verstuurd."),
    "gewijzigd": N_("De gebruiker is gewijzigd."),
    "uitgeschakeld": N_("De gebruiker is uitgeschakeld en overal afgemeld."),
    "ingeschakeld": N_("De gebruiker is weer ingeschakeld."),
}


def _list_page(request: Request, error: str | None = None, status: int = 200, form: dict[str, Any] | None = None
               ) -> Response:
    with request.app.state.db.session() as session:
        choices = organization_choices(session)
        names = dict(choices)
        users = [{"id": u.id, "email": u.email, "role": u.role, "active": u.active,
                  "invited": u.password_hash is None, "totp": u.totp_secret is not None,
                  "last_login_at": u.last_login_at,
                  "organizations": sorted(names.get(i, i) for i in u.organization_ids)}
                 for u in list_users(session)]
    return render(request, "admin_users.html", {
        "users": users, "roles": ROLES, "choices": choices, "error": error,
        "notice": NOTICES.get(request.query_params.get("melding", "")),
        "form": form or {"email": "", "role": "redacteur", "organizations": []}}, status_code=status)


@router.get(BASE, response_class=HTMLResponse)
def users_page(request: Request, _admin: Admin) -> Response:
    return _list_page(request)


@router.post(BASE + "/uitnodigen", response_class=HTMLResponse)
def invite_user(request: Request, _admin: Admin, email: FormText = "", role: FormText = "",
                organisatie: FormList = [], csrf_token: FormText = "") -> Response:  # noqa: B006 - FastAPI default
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            invite(session, email, role, organisatie, mailer_of(request), request.app.state.settings.base_url)
    except AccountError as exc:
        form = {"email": email[:254], "role": role, "organizations": organisatie}
        return _list_page(request, account_text(request, exc), exc.status, form)
    return see_other(BASE + "?melding=uitgenodigd")


def _user_page(request: Request, user_id: str, error: str | None = None, status: int = 200) -> Response:
    with request.app.state.db.session() as session:
        user = find_user(session, user_id)
        context = {"user": {"id": user.id, "email": user.email, "role": user.role, "active": user.active,
                            "organizations": user.organization_ids},
                   "roles": ROLES, "choices": organization_choices(session), "error": error}
    return render(request, "admin_users_edit.html", context, status_code=status)


def _guard(request: Request, user_id: str, action: Any, notice: str) -> Response:
    """Run ``action(session)``; back to the list with a notice, or the user's page with the error."""
    try:
        with request.app.state.db.session() as session:
            action(session)
    except AccountError as exc:
        if exc.status == 404:
            return render(request, "account_message.html", {"title": N_("Gebruikers"),
                                                            "message": exc.template}, status_code=404)
        return _user_page(request, user_id, account_text(request, exc), exc.status)
    return see_other(BASE + "?melding=" + notice)


@router.get(BASE + "/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, _admin: Admin, user_id: str) -> Response:
    try:
        return _user_page(request, user_id)
    except AccountError as exc:
        return render(request, "account_message.html", {"title": N_("Gebruikers"), "message": exc.template},
                      status_code=exc.status)


@router.post(BASE + "/{user_id}", response_class=HTMLResponse)
def update_user(request: Request, admin: Admin, user_id: str, role: FormText = "", organisatie: FormList = [],  # noqa: B006
                csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    return _guard(request, user_id, lambda s: change_user(s, admin, user_id, role, organisatie), "gewijzigd")


@router.post(BASE + "/{user_id}/uitschakelen", response_class=HTMLResponse)
def disable_user(request: Request, admin: Admin, user_id: str, csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    return _guard(request, user_id, lambda s: switch_active(s, admin, user_id, False), "uitgeschakeld")


@router.post(BASE + "/{user_id}/inschakelen", response_class=HTMLResponse)
def enable_user(request: Request, admin: Admin, user_id: str, csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    return _guard(request, user_id, lambda s: switch_active(s, admin, user_id, True), "ingeschakeld")

