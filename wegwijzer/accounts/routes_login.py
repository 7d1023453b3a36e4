"""Login (password, then TOTP code when set up) and logout."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.http import account_text, clear_session_cookie, client_id, see_other, set_session_cookie
from wegwijzer.accounts.login import LoginStep, code_step, password_step, safe_next
from wegwijzer.accounts.middleware import TOTP_SETUP
from wegwijzer.accounts.services import AccountError
from wegwijzer.accounts.sessions import SESSION_COOKIE, end_session
from wegwijzer.accounts.state import SESSION, principal_of, scope_state
from wegwijzer.web.rendering import render

router = APIRouter()
FormText = Annotated[str, Form()]


def _after_login(request: Request, step: LoginStep, next_url: str) -> RedirectResponse:
    if step.next == "totp":
        target = "/inloggen/code" + ("?" + urlencode({"volgende": next_url}) if next_url != "/" else "")
    elif step.next == "totp_setup":
        target = TOTP_SETUP
    else:
        target = next_url
    response = see_other(target)
    set_session_cookie(response, request, step.cookie)
    return response


@router.get("/inloggen", response_class=HTMLResponse)
def login_form(request: Request, volgende: str = "/") -> Response:
    return render(request, "login.html", {"next_url": safe_next(volgende), "email": "", "error": None,
                                          "already": principal_of(request)})


@router.post("/inloggen", response_class=HTMLResponse)
def login(request: Request, email: FormText = "", password: FormText = "", volgende: FormText = "/",
          csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    next_url = safe_next(volgende)
    error: AccountError | None = None
    with request.app.state.db.session() as session:
        try:
            step = password_step(session, email, password, client_id(request),
                                 old_cookie=request.cookies.get(SESSION_COOKIE))
        except AccountError as exc:
            error = exc  # committed all the same: the failed attempt counts
    if error is not None:
        context = {"next_url": next_url, "email": email[:254], "error": account_text(request, error), "already": None}
        return render(request, "login.html", context, status_code=error.status)
    return _after_login(request, step, next_url)


def _pending(request: Request) -> tuple[str, str] | None:
    info = scope_state(request).get(SESSION)
    cookie = request.cookies.get(SESSION_COOKIE)
    if info is None or not info.pending_totp or not cookie:
        return None
    return info.user_id, cookie


@router.get("/inloggen/code", response_class=HTMLResponse)
def code_form(request: Request, volgende: str = "/") -> Response:
    if _pending(request) is None:
        return see_other("/inloggen")
    return render(request, "login_code.html", {"next_url": safe_next(volgende), "error": None})


@router.post("/inloggen/code", response_class=HTMLResponse)
def code(request: Request, code: FormText = "", volgende: FormText = "/", csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    pending = _pending(request)
    if pending is None:
        return see_other("/inloggen")
    next_url = safe_next(volgende)
    error: AccountError | None = None
    with request.app.state.db.session() as session:
        try:
            step = code_step(session, pending[0], pending[1], code[:20], client_id(request))
        except AccountError as exc:
            error = exc
    if error is not None:
        return render(request, "login_code.html", {"next_url": next_url, "error": account_text(request, error)},
                      status_code=error.status)
    return _after_login(request, step, next_url)


@router.post("/uitloggen")
def logout(request: Request, csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    with request.app.state.db.session() as session:
        end_session(session, request.cookies.get(SESSION_COOKIE))
    response = see_other("/")
    clear_session_cookie(response, request)
    return response
