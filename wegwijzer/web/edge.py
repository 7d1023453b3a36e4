"""Safety and observability at the edge: security headers, one log line per request, last-resort errors.

A pure ASGI middleware (outside every route and mount), so that every response gets the headers,
static files and error pages included.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("wegwijzer.http")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_headers() -> dict[str, str]:
    """The same strict policy everywhere (``/api/docs`` is a server-rendered page, without a CDN)."""
    return {"Content-Security-Policy": CSP, **SECURITY_HEADERS}


def internal_error(scope: Scope) -> Response:
    """The 500 response: JSON under /api, the (translated) Dutch error page elsewhere."""
    path = scope.get("path", "")
    if path == "/api" or path.startswith("/api/"):
        text = "Interne fout: probeer het later opnieuw."
        return JSONResponse({"detail": text, "message": text}, status_code=500)
    from wegwijzer.web.rendering import error_page  # noqa: PLC0415 - templates load lazily

    try:
        return error_page(Request(scope), 500)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return Response("Interne fout: probeer het later opnieuw.", status_code=500, media_type="text/plain")


class EdgeMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        path: str = scope.get("path", "")
        state: dict[str, Any] = {"status": 500, "started": False}
        extra = security_headers()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"], state["started"] = message["status"], True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in {h.lower() for h in extra}]
                headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra.items()]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logger.exception("unhandled error method=%s path=%s", scope.get("method"), path)
            if state["started"]:
                raise
            await internal_error(scope)(scope, receive, send_with_headers)
        finally:
            duration = (time.perf_counter() - start) * 1000
            logger.info("method=%s path=%s status=%s duration_ms=%.1f", scope.get("method"), path,
                        state["status"], duration)
