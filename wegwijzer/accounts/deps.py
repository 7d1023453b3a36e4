"""FastAPI dependencies: who is asking, and who may.

On the website the login is the server-side session cookie; under ``/api`` ONLY
``Authorization: Bearer <token>`` counts (cookies are ignored there, so the API needs no CSRF).
The accounts middleware resolves both once per request; these functions read the result.

- anonymous on a page that needs a login: 303 to ``/inloggen?volgende=…``; under /api: 401 JSON
  with ``WWW-Authenticate: Bearer``;
- logged in without the role: 403 (Dutch page, or JSON under /api).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request

from wegwijzer.accounts.principal import Principal
from wegwijzer.accounts.state import SESSION, is_api, principal_of, scope_state
from wegwijzer.accounts.text import N_
from wegwijzer.web.rendering import WebError

NOT_LOGGED_IN_API = N_("Niet aangemeld: geef een geldige API-token mee (Authorization: Bearer …).")
EDITORS_ONLY = N_("Alleen redacteurs en beheerders hebben hier toegang.")
ADMINS_ONLY = N_("Alleen beheerders hebben hier toegang.")


class LoginRequired(Exception):
    """A page needs a login: the visitor is sent to the login form, and back afterwards."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url

    @property
    def location(self) -> str:
        return "/inloggen?volgende=" + quote(self.next_url, safe="/")


def _forbidden(request: Request, message: str) -> Exception:
    """403: JSON under /api (``detail`` and ``message``), else the Dutch error page."""
    if is_api(request.url.path):
        return HTTPException(403, detail=message)
    return WebError(403, message, title=N_("Geen toegang"))


def current_principal(request: Request) -> Principal | None:
    """The logged-in user (session on the website, bearer token under /api), or None."""
    return principal_of(request)


def _next_url(request: Request) -> str:
    query = request.url.query
    return request.url.path + ("?" + query if query else "")


def require_login(request: Request) -> Principal:
    principal = principal_of(request)
    if principal is not None:
        return principal
    if is_api(request.url.path):
        raise HTTPException(401, detail=NOT_LOGGED_IN_API, headers={"WWW-Authenticate": "Bearer"})
    raise LoginRequired(_next_url(request) if request.method == "GET" else "/")


def require_editor(request: Request) -> Principal:
    principal = require_login(request)
    if not principal.is_editor:
        raise _forbidden(request, EDITORS_ONLY)
    return principal


def require_admin(request: Request) -> Principal:
    principal = require_login(request)
    if not principal.is_admin:
        raise _forbidden(request, ADMINS_ONLY)
    return principal


def session_hash(request: Request) -> str | None:
    """The digest of the web session behind this request (also while the TOTP code is pending)."""
    return getattr(scope_state(request).get(SESSION), "token_hash", None)


LoggedIn = Annotated[Principal, Depends(require_login)]
Editor = Annotated[Principal, Depends(require_editor)]
Admin = Annotated[Principal, Depends(require_admin)]
MaybePrincipal = Annotated[Principal | None, Depends(current_principal)]
