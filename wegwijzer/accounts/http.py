"""Small HTTP helpers shared by the account pages: cookies, the client's address, redirects."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from wegwijzer.accounts.services import AccountError
from wegwijzer.accounts.sessions import SESSION_COOKIE
from wegwijzer.web.i18n import translations
from wegwijzer.web.rendering import language


def client_id(request: Request) -> str:
    """The client's address as the server sees it (for throttling)."""
    return request.client.host if request.client else "unknown"


def set_session_cookie(response: RedirectResponse, request: Request, value: str) -> None:
    """HttpOnly, SameSite=Lax, Secure unless in development (or cookie_secure is off)."""
    response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="lax", path="/",
                        secure=request.app.state.settings.secure_cookies)


def clear_session_cookie(response: RedirectResponse, request: Request) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.app.state.settings.secure_cookies)


def see_other(url: str) -> RedirectResponse:
    """303 after a POST (the browser then GETs ``url``)."""
    return RedirectResponse(url, status_code=303)


def translate(request: Request, msgid: str) -> str:
    """A Dutch UI string in the visitor's language."""
    return translations(language(request)).gettext(msgid)


def account_text(request: Request, error: AccountError) -> str:
    """The error's message in the visitor's language."""
    text = translate(request, error.template)
    return text.format(**error.values) if error.values else text
