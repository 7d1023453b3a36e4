"""What the accounts middleware learns about a request, kept in the ASGI scope's ``state``.

Read by the dependencies (``deps.py``), the CSRF helpers and the templates' context.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from wegwijzer.accounts.principal import Principal

#: the SessionInfo behind the session cookie (web), or None
SESSION = "account_session"
#: the Principal (web session or API token), or None
PRINCIPAL = "account_principal"
#: a new anonymous CSRF cookie value to set on the response
NEW_CSRF_COOKIE = "account_new_csrf_cookie"
#: the response embeds a CSRF token: it must not be cached by shared caches
CSRF_USED = "account_csrf_used"


def scope_state(request: Request) -> dict[str, Any]:
    state: dict[str, Any] = request.scope.setdefault("state", {})
    return state


def principal_of(request: Request) -> Principal | None:
    """Who is logged in (None: anonymous); set by the accounts middleware."""
    value = scope_state(request).get(PRINCIPAL)
    return value if isinstance(value, Principal) else None


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")
