"""``/open-data``: what is published and under which licence, and the downloads.

The files are built once per state of the data (the fingerprint of :mod:`wegwijzer.web.cache`)
and served with a strong ETag (a 304 for a matching ``If-None-Match``), their media type and
``Content-Disposition: attachment``.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from wegwijzer.api.edge import etag_matches
from wegwijzer.directory.hsds import SNAPSHOT_TABLES
from wegwijzer.publish.opendata import ATTRIBUTION, LICENCE, dataset_info
from wegwijzer.publish.opendata_export import DOWNLOADS, ZIP_NAME, OpenData
from wegwijzer.publish.opendata_format import iso_datetime
from wegwijzer.publish.opendata_schema import hsds_tables
from wegwijzer.web import params
from wegwijzer.web.cache import directory, fingerprint
from wegwijzer.web.rendering import WebError, render

router = APIRouter()
CACHE_CONTROL = "public, max-age=300"
PDF_PATH = "/infobundel.pdf"

_LOCK = threading.Lock()
_CACHE: dict[str, tuple[tuple[Any, ...], OpenData]] = {}


def open_data(request: Request) -> OpenData:
    """The open data of the app's database, rebuilt only when the data changed."""
    with request.app.state.db.session() as session:
        key = session.get_bind().engine.url.render_as_string(hide_password=True)
        mark = fingerprint(session)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == mark:
            return cached[1]
        with _LOCK:
            cached = _CACHE.get(key)
            if cached is not None and cached[0] == mark:
                return cached[1]
            settings = getattr(request.app.state, "settings", None)
            built = OpenData(directory(session).snapshot, dataset_info(session, getattr(settings, "base_url", None)))
            _CACHE[key] = (mark, built)
            return built


def clear() -> None:
    _CACHE.clear()


@router.get("/open-data", response_class=HTMLResponse)
def open_data_page(request: Request) -> HTMLResponse:
    params.check_language(request)
    data = open_data(request)
    context = {
        "data_date": iso_datetime(data.info.data_date) if data.info.data_date else None,
        "attribution": ATTRIBUTION,
        "services": data.services,
        "organizations": data.organizations,
        "tables": [(t.path, t.name, len(data.snapshot.by_id.get(t.name, {})))
                   for t in hsds_tables([n for n in SNAPSHOT_TABLES if n in data.snapshot.by_id])],
        "licence": LICENCE,
        "zip_name": ZIP_NAME,
        "pdf_path": PDF_PATH,
    }
    return render(request, "open_data.html", context)


@router.get("/open-data/{name}")
def download(request: Request, name: str) -> Response:
    if name not in DOWNLOADS:
        raise WebError(404, "Dit bestand bestaat niet. Kies een download op de pagina Open data.",
                       title="Pagina niet gevonden")
    data = open_data(request)
    body, tag = data.file(name), data.etag(name)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if data.info.data_date:
        headers["Last-Modified"] = format_datetime(_utc(data.info.data_date), usegmt=True)
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(body, media_type=DOWNLOADS[name], headers=headers)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
