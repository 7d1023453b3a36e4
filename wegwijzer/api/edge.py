"""HTTP concerns at the API's edge: JSON/NDJSON responses, ETag and caching, CORS.

:class:`CachedRoute` is the router's route class, so every API GET gets a strong ETag (a hash
of the body), ``Cache-Control: public, max-age=60`` and a 304 for a matching ``If-None-Match``
without anything in ``app.py``. CORS needs a middleware: :func:`install_api_middleware`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from wegwijzer.api.encoding import dumps

API_PREFIX = "/api"
CACHE_CONTROL = "public, max-age=60"
NDJSON = "application/x-ndjson"




class HsdsJSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else dumps(content)


def ndjson_response(objects: Iterable[Any]) -> Response:
    body = b"".join(dumps(obj) + b"\n" for obj in objects)
    return Response(body, media_type=NDJSON)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(header: str | None, tag: str) -> bool:
    """``If-None-Match`` holds ``*`` or this tag (weak comparison, as RFC 9110 asks for GET)."""
    if not header:
        return False
    candidates = [c.strip() for c in header.split(",")]
    return "*" in candidates or tag in (c.removeprefix("W/") for c in candidates)


class CachedRoute(APIRoute):
    """An API route whose successful GET responses carry an ETag and can be answered with 304."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def with_etag(request: Request) -> Response:
            response = await handler(request)
            body = getattr(response, "body", None)
            if request.method != "GET" or response.status_code != 200 or not isinstance(body, bytes):
                return response
            tag = etag_of(body)
            headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
            if etag_matches(request.headers.get("if-none-match"), tag):
                return Response(status_code=304, headers=headers)
            response.headers.update(headers)
            return response

        return with_etag


class ApiCORSMiddleware:
    """CORS open for GET, only under ``/api`` (the website keeps same-origin defaults)."""

    def __init__(self, app: ASGIApp, prefix: str = API_PREFIX) -> None:
        self.app = app
        self.prefix = prefix
        self.cors = CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=["GET"],
            allow_headers=["If-None-Match"],
            expose_headers=["ETag"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == self.prefix or path.startswith(self.prefix + "/"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def install_api_middleware(app: FastAPI) -> None:
    """Add the API's CORS middleware (call once, before the app starts)."""
    app.add_middleware(ApiCORSMiddleware)
    app.state.api_middleware_installed = True
