"""The web application: the HSDS API under /api and the website, one FastAPI app.

Thin layer: routes validate input, call the services of the domain packages and return
data; the same data feeds the HTML templates and the JSON responses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from wegwijzer.caching import RESULTS
from wegwijzer.config import Settings, get_settings
from wegwijzer.db import Database
from wegwijzer.insight.demand import DemandRecorder
from wegwijzer.web.edge import EdgeMiddleware

STATIC_DIR = Path(__file__).parent / "web" / "static"


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one error handler: JSON under /api, the Dutch (translated) error page elsewhere."""
    from wegwijzer.web.rendering import WebError, error_page  # noqa: PLC0415

    if isinstance(exc, WebError):
        status, detail, title, values = exc.status, exc.message, exc.title, exc.values
    elif isinstance(exc, RequestValidationError):
        status, detail, title, values = 422, "Ongeldige invoer.", None, {}
    elif isinstance(exc, StarletteHTTPException):
        status, detail, title, values = exc.status_code, None, None, {}
    else:  # pragma: no cover - unexpected errors are handled by EdgeMiddleware
        status, detail, title, values = 500, None, None, {}
    if _is_api(request):
        body: Any = exc.errors() if isinstance(exc, RequestValidationError) else (
            detail.format(**values) if detail else getattr(exc, "detail", "Fout"))
        headers = getattr(exc, "headers", None)
        return JSONResponse({"detail": body}, status_code=status, headers=headers)
    return error_page(request, status, detail, title, **values)


def _install_api(app: FastAPI) -> None:
    """The HSDS API under /api, its JSON errors (wrapping the handler above) and its CORS middleware."""
    from wegwijzer.api.edge import install_api_middleware  # noqa: PLC0415
    from wegwijzer.api.errors import install_api_errors  # noqa: PLC0415
    from wegwijzer.api.routes import router as api_router  # noqa: PLC0415

    app.include_router(api_router, prefix="/api")
    install_api_errors(app)
    install_api_middleware(app)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Per worker process: at most ``settings.threads`` requests run at the same time.

    The routes are plain functions, run in anyio's thread pool (40 threads by default). A request may
    hold two database connections at once (its session, and, with ``demand_flush_seconds`` 0, the short
    one that counts search demand); the pool (:func:`wegwijzer.db.pool_options`) allows twice
    ``threads + 2``, so no thread waits for a second connection that every other thread holds.

    When the app stops, the search demand counted in memory is written (see insight/demand.py)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.settings.threads
    try:
        yield
    finally:
        app.state.demand.close()


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the app. ``database`` lets tests hand in their own real database.

    Also the factory of every worker process of ``wegwijzer serve --workers N`` (no arguments: the
    settings come from the environment)."""
    settings = settings or get_settings()
    # No Swagger UI (it loads script and style from a CDN): /api/docs is the site's own page.
    app = FastAPI(title="Wegwijzer", version="0.1.0", docs_url=None, openapi_url="/api/openapi.json",
                  redoc_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.db = database or Database.from_settings(settings)
    app.state.demand = DemandRecorder(app.state.db, settings.demand_flush_seconds)
    RESULTS.resize(settings.result_cache_size)

    from wegwijzer.web.rendering import WebError  # noqa: PLC0415 (keeps startup order explicit)
    from wegwijzer.web.routes import router as web_router  # noqa: PLC0415
    from wegwijzer.web.routes_api_docs import router as api_docs_router  # noqa: PLC0415

    for exc_type in (StarletteHTTPException, RequestValidationError, WebError):
        app.add_exception_handler(exc_type, handle_error)
    app.include_router(api_docs_router)  # before the API router, so that no API route can shadow /api/docs
    _install_api(app)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    from wegwijzer.accounts.web import install_accounts  # noqa: PLC0415

    install_accounts(app)  # sessions, bearer tokens, CSRF cookie; inside the edge middleware
    app.add_middleware(EdgeMiddleware)
    return app
