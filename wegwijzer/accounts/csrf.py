"""CSRF protection for every web form (POST).

The form token is an HMAC (under ``settings.secret_key``) of what binds it to the visitor: the
login session when there is one, else a random anonymous cookie (``wegwijzer_csrf``, a
double-submit cookie). An attacker's page can neither read that cookie nor compute the HMAC.
The API needs none: it ignores cookies and only accepts ``Authorization: Bearer``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.requests import Request

from wegwijzer.accounts.crypto import new_secret, same, sign
from wegwijzer.accounts.state import CSRF_USED, NEW_CSRF_COOKIE, SESSION, scope_state
from wegwijzer.accounts.text import N_

CSRF_COOKIE = "wegwijzer_csrf"
FIELD = "csrf_token"
MESSAGE = N_("De beveiligingscode van het formulier is verlopen of ongeldig. Laad de pagina opnieuw.")


def _key(request: Request) -> str:
    return str(request.app.state.settings.secret_key)


def _session_hash(request: Request) -> str | None:
    info = scope_state(request).get(SESSION)
    return getattr(info, "token_hash", None)


def _anonymous_cookie(request: Request, create: bool) -> str | None:
    state = scope_state(request)
    value = state.get(NEW_CSRF_COOKIE) or request.cookies.get(CSRF_COOKIE)
    if value and 20 <= len(value) <= 100:
        return str(value)
    if not create:
        return None
    value = new_secret(24)
    state[NEW_CSRF_COOKIE] = value
    return value


def csrf_token(request: Request) -> str:
    """The token to put in this visitor's forms (sets the anonymous cookie when needed)."""
    scope_state(request)[CSRF_USED] = True
    session_hash = _session_hash(request)
    if session_hash:
        return sign(_key(request), "session:" + session_hash)
    return sign(_key(request), "anonymous:" + str(_anonymous_cookie(request, create=True)))


def token_is_valid(request: Request, form_token: str | None) -> bool:
    if not form_token or len(form_token) > 200:
        return False
    candidates = []
    session_hash = _session_hash(request)
    if session_hash:
        candidates.append(sign(_key(request), "session:" + session_hash))
    cookie = _anonymous_cookie(request, create=False)
    if cookie and NEW_CSRF_COOKIE not in scope_state(request):
        candidates.append(sign(_key(request), "anonymous:" + cookie))
    return any(same(form_token, c) for c in candidates)


def verify_csrf(request: Request, form_token: str | None) -> None:
    """Raise a 403 WebError (Dutch page; JSON under /api) unless the form's token is valid."""
    if not token_is_valid(request, form_token):
        from wegwijzer.web.rendering import WebError  # noqa: PLC0415 - the web layer imports this module

        raise WebError(403, MESSAGE, title=N_("Formulier verlopen"))


async def require_csrf(request: Request) -> None:
    """FastAPI dependency for POST routes with a form: checks the ``csrf_token`` field."""
    form = await request.form()
    value = form.get(FIELD)
    verify_csrf(request, value if isinstance(value, str) else None)


@pass_context
def csrf_field(context: Any) -> Markup:
    """Jinja global: the hidden input with this visitor's CSRF token."""
    token = csrf_token(context["request"])
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token)}">')
