"""Templates and the per-request context every page shares (language, labels, navigation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from wegwijzer.accounts.csrf import csrf_field
from wegwijzer.accounts.state import principal_of
from wegwijzer.web.filters import FILTERS, GLOBALS, url_with
from wegwijzer.web.i18n import COOKIE, COOKIE_MAX_AGE, LANGUAGES, N_, Labeller, choose_language, translations

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.filters.update(FILTERS)
templates.env.globals.update(GLOBALS)
templates.env.globals["csrf_field"] = csrf_field  # {{ csrf_field() }} in every POST form
templates.env.autoescape = True

#: (path, Dutch label) of the main navigation, in order
NAV: tuple[tuple[str, str], ...] = (
    ("/", N_("Start")),
    ("/zoeken", N_("Zoeken")),
    ("/wegwijzer", N_("Wegwijzer")),
    ("/overzicht", N_("Overzicht")),
    ("/procedures", N_("Procedures")),
    ("/inzicht", N_("Inzicht")),
    ("/open-data", N_("Open data")),
)


class WebError(Exception):
    """A problem the visitor should read about: a status and a Dutch message (translated on display)."""

    def __init__(self, status: int, message: str, title: str | None = None, **values: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message  # a Dutch msgid with ``{name}`` placeholders filled from ``values``
        self.title = title
        self.values = values


def language(request: Request) -> str:
    lang = request.query_params.get("lang")
    return choose_language(lang, request.cookies.get(COOKIE))


def nav_current(path: str) -> str:
    """The navigation entry a path belongs to (for ``aria-current``)."""
    if path.startswith("/diensten") or path.startswith("/organisaties"):
        return "/zoeken"
    if path == "/":
        return "/"
    for href, _label in NAV[1:]:
        if path == href or path.startswith(href + "/"):
            return href
    return ""  # account, editorial and other pages outside the main navigation


def query_params(request: Request) -> dict[str, Any]:
    """The query as a dict of lists (without ``lang``), for building links."""
    out: dict[str, Any] = {}
    for key in request.query_params:
        if key != "lang":
            out[key] = request.query_params.getlist(key)
    return out


def base_context(request: Request, lang: str) -> dict[str, Any]:
    gettext = translations(lang)
    params = query_params(request)
    path = request.url.path
    return {
        "request": request,
        "lang": lang,
        "languages": LANGUAGES,
        "lang_links": {code: url_with(path, params, lang=code) for code in LANGUAGES},
        "_": gettext.gettext,
        "gettext": gettext.gettext,
        "ngettext": gettext.ngettext,
        "label": Labeller(lang),
        "nav": NAV,
        "nav_current": nav_current(path),
        "path": path,
        "params": params,
        "principal": principal_of(request),  # who is logged in (None: anonymous)
    }


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    """Render a page in the visitor's language; ``?lang=`` is remembered in a cookie."""
    lang = language(request)
    full = {**base_context(request, lang), **(context or {})}
    response = templates.TemplateResponse(request, template, full, status_code=status_code)
    response.headers["Content-Language"] = lang
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str | None = None, title: str | None = None,
               **values: Any) -> HTMLResponse:
    """The Dutch (translated) error page for any status; ``message`` and ``title`` are msgids."""
    gettext = translations(language(request)).gettext
    text = gettext(message).format(**values) if message else None
    return render(request, "error.html", {"status": status, "message": text,
                                          "title": gettext(title) if title else None}, status_code=status)
