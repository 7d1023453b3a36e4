"""What the editorial web pages and the suggestions API share: the one place where editorial
errors become responses, the request's form, the visitor's rate-limit key.

:class:`EditorialRoute` is the route class of both routers: a route calls the editorial services
and lets an :class:`~wegwijzer.editorial.errors.EditorialError` escape; the route class answers it
with JSON ``{"detail": <Dutch text>}`` and its status under ``/api``, with the Dutch error page on
the website, and -- for a save based on an outdated version (:class:`StaleVersion`) on the website --
with the 409 conflict page that shows both versions side by side and offers to save again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from wegwijzer.accounts.state import is_api
from wegwijzer.editorial import services
from wegwijzer.editorial.errors import EditorialError, NotAuthenticated, StaleVersion
from wegwijzer.editorial.fields import EDITABLE
from wegwijzer.editorial.pages import TYPE_LABELS, edit_fields, record_url
from wegwijzer.web.i18n import N_, translations
from wegwijzer.web.rendering import WebError, error_page, language, render

#: the title of the Dutch error page per status (the message says what happened)
TITLES: dict[int, str] = {
    401: N_("Aanmelden nodig"),
    403: N_("Geen toegang"),
    404: N_("Pagina niet gevonden"),
    409: N_("Niet opgeslagen"),
    422: N_("Ongeldige waarde"),
    429: N_("Even geduld"),
}
#: private pages and personal data: never stored by browsers or shared caches
NO_STORE = "no-store"


class EditorialRoute(APIRoute):
    """A route whose editorial errors become the right response (JSON, error page or conflict page)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                response = await handler(request)
            except EditorialError as exc:
                response = error_response(request, exc)
            response.headers.setdefault("Cache-Control", NO_STORE)
            return response

        return guarded


def error_response(request: Request, exc: EditorialError) -> Response:
    """The response to an editorial error: JSON under /api, a Dutch page on the website."""
    if is_api(request.url.path):
        body: dict[str, Any] = {"detail": exc.text, "message": exc.text}
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if isinstance(exc, StaleVersion):
            body.update(current=exc.current, current_version=exc.current_version, yours=exc.yours,
                        your_version=exc.your_version)
        return JSONResponse(body, status_code=exc.status, headers=headers)
    if isinstance(exc, NotAuthenticated):
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse("/inloggen?volgende=" + quote(target, safe="/"), status_code=303)
    if isinstance(exc, StaleVersion):
        return conflict_page(request, exc)
    return error_page(request, exc.status, exc.message, TITLES.get(exc.status), **exc.values)


@contextmanager
def session_of(request: Request) -> Iterator[Session]:
    """One transaction on the app's database (committed on success, rolled back on any error)."""
    with request.app.state.db.session() as session:
        yield session


def client_key(request: Request) -> str:
    """The visitor's rate-limit key: a keyed SHA-256 of the client address (the address is not kept)."""
    host = request.client.host if request.client else "unknown"
    secret = str(request.app.state.settings.secret_key)
    return hashlib.sha256(f"{secret}:{host}".encode()).hexdigest()


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as plain strings (FastAPI dependency; files are ignored)."""
    try:
        form = await request.form(max_files=0, max_fields=200)
    except Exception as exc:  # noqa: BLE001 - a malformed body is the visitor's problem, not a 500
        raise WebError(400, N_("Het formulier kon niet gelezen worden. Probeer het opnieuw.")) from exc
    return {key: value for key, value in form.items() if isinstance(value, str)}


def translate(request: Request, message: str, **values: Any) -> str:
    """A Dutch msgid in the visitor's language, its placeholders filled in."""
    text = translations(language(request)).gettext(message)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def version_of(form: dict[str, str]) -> int:
    """The record version the form was based on (400 when missing or not a number)."""
    try:
        return int(form.get("version", ""))
    except ValueError:
        raise WebError(400, N_("Het formulier mist de versie van de gegevens. Laad de pagina opnieuw.")) from None


def conflict_page(request: Request, exc: StaleVersion) -> HTMLResponse:
    """409: your values beside the current ones, and the edit form based on the current version."""
    try:
        with session_of(request) as session:
            state = services.record_values(session, exc.record_type, exc.record_id)
        base, version = state.values, state.version
        label, organization_id = state.label, state.organization_id
    except EditorialError:  # the record is gone: show what we know
        base, version, label, organization_id = exc.current, exc.current_version, exc.record_id, None
    specs = EDITABLE.get(exc.record_type, {})
    yours = {name: value or "" for name, value in exc.yours.items() if name in specs}
    rows = [(specs[name], value, base.get(name, exc.current.get(name, "")) or "") for name, value in yours.items()]
    context = {
        "record_type": exc.record_type, "record_id": exc.record_id, "record_label": label,
        "type_label": TYPE_LABELS.get(exc.record_type, exc.record_type),
        "record_url": record_url(exc.record_type, exc.record_id, organization_id),
        "rows": rows, "version": version, "message": translate(request, exc.message, **exc.values),
        "fields": edit_fields(exc.record_type, base, yours) if specs else [],
    }
    return render(request, "editorial_conflict.html", context, status_code=409)
