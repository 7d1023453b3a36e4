"""Web downloads of the published infobundle: ``/infobundel.pdf``, ``/infobundel.html``, ``/organisaties/{id}.pdf``.

Rendering a PDF takes seconds, so each publication is kept per database, data fingerprint
(:func:`wegwijzer.web.cache.directory`), format, language and organisation: in memory in each
process, and on disk in ``<home>/cache/publish`` (:mod:`wegwijzer.publish.shared_cache`), so that one
worker's rendering serves every worker and survives a restart. A change in the data makes a new
fingerprint, and the next request renders again (once, whichever worker gets it).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from wegwijzer.publish.pdf import PdfUnavailable, renderer
from wegwijzer.publish.services import PublishError, publication
from wegwijzer.publish.shared_cache import Entry, Rendered, SharedCache
from wegwijzer.web import params
from wegwijzer.web.cache import Directory, directory
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import WebError, language

logger = logging.getLogger("wegwijzer.publish")
router = APIRouter()
ID_MAX = 64
CACHE_SIZE = 32  # publications kept in memory (the whole bundle per language, and recently asked fiches)

_LOCK = threading.Lock()  # one rendering at a time in this process: WeasyPrint is CPU-bound
_CACHE: OrderedDict[tuple[Any, ...], Rendered] = OrderedDict()


def clear() -> None:
    _CACHE.clear()


def _remember(key: tuple[Any, ...], result: Rendered) -> Rendered:
    """Keep a rendering in memory (the caller holds ``_LOCK``)."""
    for old in [k for k in _CACHE if k[0] == key[0] and k[1] != key[1]]:
        _CACHE.pop(old, None)  # the data changed: older renderings are never asked again
    _CACHE[key] = result
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)  # the oldest rendering
    return result


def _render(request: Request, data: Directory, fmt: str, lang: str, organization_id: str | None) -> Rendered:
    settings = request.app.state.settings
    try:
        result = publication(data.snapshot, fmt, renderer(settings.pdf_renderer), lang=lang,
                             base_url=settings.base_url, organization_id=organization_id)
    except PdfUnavailable as exc:
        logger.warning("no PDF: %s", exc)
        raise WebError(503, N_("De PDF kan op deze server nu niet gemaakt worden. De infobundel is wel "
                               "beschikbaar als HTML-bestand, en alle gegevens staan op de website."),
                       title=N_("PDF niet beschikbaar")) from None
    except PublishError as exc:  # pragma: no cover - the options are checked above
        raise WebError(exc.status, str(exc)) from None
    return Rendered(result.content, result.media_type, result.filename)


def _publication(request: Request, fmt: str, organization_id: str | None = None) -> Rendered:
    params.check_language(request)
    lang = language(request)
    settings = request.app.state.settings
    with request.app.state.db.session() as session:
        data = directory(session)
        url = session.get_bind().engine.url.render_as_string(hide_password=True)
    if organization_id is not None and organization_id not in data.snapshot.by_id["organization"]:
        raise WebError(404, N_("Deze organisatie bestaat niet (meer). Zoek het aanbod opnieuw."),
                       title=N_("Pagina niet gevonden"))
    key = (url, data.fingerprint, fmt, lang, organization_id)
    cached = _CACHE.get(key)  # served without waiting for a rendering in progress
    if cached is not None:
        return cached
    shared = SharedCache(settings.cache_dir / "publish")
    entry: Entry = shared.entry(url, data.fingerprint, settings.base_url, fmt, lang, organization_id)
    stored = shared.read(entry)  # another worker (or an earlier run) rendered it
    if stored is not None:
        with _LOCK:
            return _remember(key, stored)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        with shared.lock(entry):  # one rendering at a time across the workers, too
            stored = shared.read(entry)  # rendered by another worker while this one waited
            if stored is None:
                stored = _render(request, data, fmt, lang, organization_id)
                shared.write(entry, stored)
        return _remember(key, stored)


def _download(result: Rendered) -> Response:
    return Response(result.content, media_type=result.media_type, headers={
        "Content-Disposition": f'attachment; filename="{result.filename}"',
        "Cache-Control": "no-cache",
    })


@router.get("/infobundel.pdf")
def infobundel_pdf(request: Request) -> Response:
    """The whole infobundle as PDF (with the data attached)."""
    return _download(_publication(request, "pdf"))


@router.get("/infobundel.html")
def infobundel_html(request: Request) -> Response:
    """The whole infobundle as one standalone HTML file (a download: its style is inline)."""
    return _download(_publication(request, "html"))


@router.get("/organisaties/{organization_id}.pdf")
def organization_pdf(request: Request, organization_id: str) -> Response:
    """One organisation's fiche (with its sub-organisations) as PDF."""
    return _download(_publication(request, "pdf", organization_id[:ID_MAX]))
