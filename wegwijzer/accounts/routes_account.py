"""The account page: password, two-step verification (TOTP), personal API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.accounts import totp
from wegwijzer.accounts.account import change_password, disable_totp, enable_totp, pending_secret
from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.deps import LoggedIn, session_hash
from wegwijzer.accounts.http import account_text, see_other, translate
from wegwijzer.accounts.models import User
from wegwijzer.accounts.services import AccountError, issue_token, revoke_token, tokens_of
from wegwijzer.directory.models import Organization
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import render

router = APIRouter()
FormText = Annotated[str, Form()]
NOTICES = {
    "wachtwoord": N_("Uw wachtwoord is gewijzigd. Andere sessies zijn afgemeld."),
    "totp-aan": N_("De tweestapsverificatie staat aan."),
    "totp-uit": N_("De tweestapsverificatie staat uit."),
    "token-ingetrokken": N_("De token is ingetrokken."),
}
QR_TITLE = N_("QR-code om te scannen met uw authenticator-app")


def _user(session: Session, principal_id: str) -> User:
    user = session.get(User, principal_id)
    assert user is not None  # the middleware found the session's user a moment ago
    return user


def _page(request: Request, principal_id: str, **extra: Any) -> Response:
    status = extra.pop("status_code", 200)
    with request.app.state.db.session() as session:
        user = _user(session, principal_id)
        names = session.scalars(select(Organization.name).where(Organization.id.in_(user.organization_ids)))
        context = {"user": user, "organizations": sorted(names), "tokens": tokens_of(session, user.id),
                   "notice": NOTICES.get(request.query_params.get("melding", "")), "error": None,
                   "new_token": None, **extra}
    return render(request, "account.html", context, status_code=status)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, principal: LoggedIn) -> Response:
    return _page(request, principal.user_id)


@router.post("/account/wachtwoord", response_class=HTMLResponse)
def password(request: Request, principal: LoggedIn, current: FormText = "", password: FormText = "",
             repeat: FormText = "", csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            change_password(session, _user(session, principal.user_id), current, password, repeat,
                            keep_session=session_hash(request))
    except AccountError as exc:
        return _page(request, principal.user_id, error=account_text(request, exc), status_code=exc.status)
    return see_other("/account?melding=wachtwoord")


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(request: Request, principal: LoggedIn, name: FormText = "", csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            issued = issue_token(session, _user(session, principal.user_id), name)
    except AccountError as exc:
        return _page(request, principal.user_id, error=account_text(request, exc), status_code=exc.status)
    return _page(request, principal.user_id, new_token=issued.token)


@router.post("/account/tokens/{token_id}/intrekken", response_class=HTMLResponse)
def revoke(request: Request, principal: LoggedIn, token_id: str, csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            revoke_token(session, token_id, user_id=principal.user_id)
    except AccountError as exc:
        return _page(request, principal.user_id, error=account_text(request, exc), status_code=exc.status)
    return see_other("/account?melding=token-ingetrokken")


def _setup_page(request: Request, principal_id: str, error: str | None = None, status: int = 200) -> Response:
    with request.app.state.db.session() as session:
        user = _user(session, principal_id)
        enabled = user.totp_secret is not None
        secret = None if enabled else pending_secret(user)
    context: dict[str, Any] = {"enabled": enabled, "error": error, "role": user.role}
    if secret is not None:
        uri = totp.provisioning_uri(secret, user.email)
        title = translate(request, QR_TITLE)
        context.update(secret=totp.display_secret(secret), uri=uri,
                       qr=Markup(totp.qr_svg(uri, title)))  # generated here from our own URI, not user markup
    return render(request, "account_totp.html", context, status_code=status)


@router.get("/account/tweestapsverificatie", response_class=HTMLResponse)
def totp_page(request: Request, principal: LoggedIn) -> Response:
    return _setup_page(request, principal.user_id)


@router.post("/account/tweestapsverificatie", response_class=HTMLResponse)
def totp_enable(request: Request, principal: LoggedIn, code: FormText = "", csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            enable_totp(session, _user(session, principal.user_id), code[:20])
    except AccountError as exc:
        return _setup_page(request, principal.user_id, account_text(request, exc), exc.status)
    return see_other("/account?melding=totp-aan")


@router.post("/account/tweestapsverificatie/uit", response_class=HTMLResponse)
def totp_disable(request: Request, principal: LoggedIn, current: FormText = "", csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            disable_totp(session, _user(session, principal.user_id), current)
    except AccountError as exc:
        return _setup_page(request, principal.user_id, account_text(request, exc), exc.status)
    return see_other("/account?melding=totp-uit")
