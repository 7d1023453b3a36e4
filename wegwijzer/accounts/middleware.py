"""Resolve who is asking, once per request, before any route runs.

- website: the session cookie -> ``SessionInfo`` and ``Principal`` in the scope's state; a
  beheerder without a second factor is sent to set it up, whatever they ask for;
- ``/api``: only ``Authorization: Bearer``; a header with a revoked, unknown or disabled-user
  token is answered 401 JSON right here (cookies are ignored under /api);
- responses to a logged-in request, and pages that embed a CSRF token, get
  ``Cache-Control: private, no-store`` (never in a shared cache); a new anonymous CSRF cookie is set.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wegwijzer.accounts.csrf import CSRF_COOKIE
from wegwijzer.accounts.principal import Principal
from wegwijzer.accounts.services import principal_for_token
from wegwijzer.accounts.sessions import SESSION_COOKIE, Lifetimes, SessionInfo, find_session
from wegwijzer.accounts.state import CSRF_USED, NEW_CSRF_COOKIE, PRINCIPAL, SESSION, is_api

PRIVATE = "private, no-store"
TOTP_SETUP = "/account/tweestapsverificatie"
#: what a beheerder without a second factor may still reach
ALLOWED_BEFORE_TOTP = (TOTP_SETUP, "/uitloggen", "/static/")
INVALID_TOKEN = "Ongeldige, ingetrokken of verlopen API-token."


def _bearer(header: str) -> str | None:
    scheme, _, value = header.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _principal_for_header(database: Any, header: str) -> Principal | None:
    token = _bearer(header)
    if token is None:
        return None
    with database.session() as session:
        return principal_for_token(session, token)


def _session_for_cookie(database: Any, lifetimes: Lifetimes, cookie: str) -> SessionInfo | None:
    with database.session() as session:
        return find_session(session, cookie, lifetimes)


def unauthorized(message: str = INVALID_TOKEN) -> Response:
    return JSONResponse({"detail": message, "message": message}, status_code=401,
                        headers={"WWW-Authenticate": 'Bearer error="invalid_token"', "Cache-Control": PRIVATE})


def cookie_header(name: str, value: str, secure: bool) -> str:
    response = Response()
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=secure, path="/")
    return response.headers["set-cookie"]


class AccountsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/static/"):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        app_state = scope["app"].state
        request = Request(scope)
        personal = False
        if is_api(path):
            header = request.headers.get("authorization")
            if header is not None:
                personal = True
                principal = await run_in_threadpool(_principal_for_header, app_state.db, header)
                if principal is None:
                    await unauthorized()(scope, receive, send)
                    return
                state[PRINCIPAL] = principal
        else:
            cookie = request.cookies.get(SESSION_COOKIE)
            if cookie:
                personal = True
                settings = app_state.settings
                lifetimes = Lifetimes.of(settings.session_idle_minutes, settings.session_max_hours)
                info = await run_in_threadpool(_session_for_cookie, app_state.db, lifetimes, cookie)
                state[SESSION] = info
                state[PRINCIPAL] = info.principal if info else None
                if info is not None and info.needs_totp_setup and not path.startswith(ALLOWED_BEFORE_TOTP):
                    redirect = RedirectResponse(TOTP_SETUP, status_code=303, headers={"Cache-Control": PRIVATE})
                    await redirect(scope, receive, send)
                    return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if personal or state.get(CSRF_USED):
                    headers["Cache-Control"] = PRIVATE
                new_cookie = state.get(NEW_CSRF_COOKIE)
                if new_cookie:
                    headers.append("set-cookie", cookie_header(CSRF_COOKIE, new_cookie,
                                                               app_state.settings.secure_cookies))
            await send(message)

        await self.app(scope, receive, send_with_headers)
