"""Pages reached by e-mail: forgotten password, reset link, invitation link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.http import account_text
from wegwijzer.accounts.mail_links import INVALID_LINK, INVITE, RESET, request_reset, use_link, user_for_link
from wegwijzer.accounts.mailer import Mailer, mailer_from_settings
from wegwijzer.accounts.services import AccountError
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import render

router = APIRouter()
FormText = Annotated[str, Form()]
TITLES = {RESET: N_("Nieuw wachtwoord kiezen"), INVITE: N_("Welkom: kies uw wachtwoord")}
PATHS = {RESET: "/wachtwoord-herstellen/", INVITE: "/uitnodiging/"}
SENT = N_("Als er een account met dit e-mailadres bestaat, ontvangt u binnen enkele minuten een e-mail "
          "met een link om een nieuw wachtwoord te kiezen. De link is 1 uur geldig.")
DONE = N_("Uw wachtwoord is ingesteld. U kunt nu inloggen.")


def mailer_of(request: Request) -> Mailer:
    """The app's mailer (``app.state.mailer`` when set, else the one the settings choose)."""
    return getattr(request.app.state, "mailer", None) or mailer_from_settings(request.app.state.settings)


@router.get("/wachtwoord-vergeten", response_class=HTMLResponse)
def forgot_form(request: Request) -> Response:
    return render(request, "account_forgot.html", {"sent": False})


@router.post("/wachtwoord-vergeten", response_class=HTMLResponse)
def forgot(request: Request, email: FormText = "", csrf_token: FormText = "") -> Response:
    verify_csrf(request, csrf_token)
    settings = request.app.state.settings
    with request.app.state.db.session() as session:
        request_reset(session, email[:254], mailer_of(request), settings.base_url)
    return render(request, "account_forgot.html", {"sent": True, "message": SENT})


def _form(request: Request, purpose: str, token: str, error: str | None = None, status: int = 200) -> Response:
    return render(request, "account_set_password.html",
                  {"title": TITLES[purpose], "action": PATHS[purpose] + token, "error": error}, status_code=status)


def _show(request: Request, purpose: str, token: str) -> Response:
    with request.app.state.db.session() as session:
        valid = user_for_link(session, token, purpose) is not None
    if not valid:
        return render(request, "account_message.html", {"title": TITLES[purpose], "message": INVALID_LINK},
                      status_code=400)
    return _form(request, purpose, token)


def _use(request: Request, purpose: str, token: str, password: str, repeat: str, csrf_token: str) -> Response:
    verify_csrf(request, csrf_token)
    try:
        with request.app.state.db.session() as session:
            use_link(session, token, purpose, password, repeat)
    except AccountError as exc:
        if exc.message == INVALID_LINK:
            return render(request, "account_message.html", {"title": TITLES[purpose], "message": exc.message},
                          status_code=400)
        return _form(request, purpose, token, account_text(request, exc), exc.status)
    return render(request, "account_message.html", {"title": TITLES[purpose], "message": DONE, "login": True})


@router.get("/wachtwoord-herstellen/{token}", response_class=HTMLResponse)
def reset_form(request: Request, token: str) -> Response:
    return _show(request, RESET, token)


@router.post("/wachtwoord-herstellen/{token}", response_class=HTMLResponse)
def reset(request: Request, token: str, password: FormText = "", repeat: FormText = "",
          csrf_token: FormText = "") -> Response:
    return _use(request, RESET, token, password, repeat, csrf_token)


@router.get("/uitnodiging/{token}", response_class=HTMLResponse)
def invitation_form(request: Request, token: str) -> Response:
    return _show(request, INVITE, token)


@router.post("/uitnodiging/{token}", response_class=HTMLResponse)
def invitation(request: Request, token: str, password: FormText = "", repeat: FormText = "",
               csrf_token: FormText = "") -> Response:
    return _use(request, INVITE, token, password, repeat, csrf_token)
