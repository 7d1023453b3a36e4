"""JSON errors under /api, with a Dutch ``message`` beside FastAPI's machine-readable ``detail``.

:func:`install_api_errors` registers handlers that answer requests under ``/api`` with JSON and
hand every other request to the handler registered before (the website's Dutch error pages), so
call it after the website installed its own handlers. Error bodies:

- 422: ``{"detail": [{"loc", "msg", "type"}, …], "message": "Ongeldige invoer: …"}``
- 404 and other HTTP errors: ``{"detail": "<Dutch text>", "message": "<Dutch text>"}``

Unexpected errors (500) are left to the app's edge middleware (``wegwijzer.web.edge``), which
answers JSON under /api too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from wegwijzer.api.edge import API_PREFIX

Handler = Callable[[Request, Any], Awaitable[Response]]

STATUS_NL = {
    400: "Ongeldige aanvraag.",
    401: "Niet aangemeld.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegelaten.",
    406: "Dit formaat is niet beschikbaar.",
    413: "De aanvraag is te groot.",
    415: "Dit mediatype wordt niet ondersteund.",
    429: "Te veel aanvragen.",
    500: "Interne fout.",
}

ERRORS_NL: dict[str, str] = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekend veld",
    "int_parsing": "geen geheel getal",
    "int_type": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal",
    "bool_parsing": "verwacht true of false",
    "bool_type": "verwacht true of false",
    "string_type": "verwacht tekst",
    "list_type": "verwacht een lijst",
    "model_attributes_type": "verwacht een JSON-object",
    "dict_type": "verwacht een JSON-object",
    "json_invalid": "ongeldige JSON",
    "uuid_parsing": "geen geldige uuid",
    "uuid_type": "geen geldige uuid",
    "datetime_parsing": "geen geldig tijdstip (ISO 8601, bv. 2024-01-31T12:00:00Z)",
    "datetime_from_date_parsing": "geen geldig tijdstip (ISO 8601, bv. 2024-01-31T12:00:00Z)",
    "datetime_type": "geen geldig tijdstip (ISO 8601, bv. 2024-01-31T12:00:00Z)",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "string_too_long": "te lang (hoogstens {max_length} tekens)",
    "too_long": "te lang (hoogstens {max_length} elementen)",
    "literal_error": "toegelaten waarden: {expected}",
    "value_error": "{error}",
}


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or str(loc[0] if loc else "invoer")


def dutch(error: dict[str, Any]) -> str:
    """One validation error as ``field: Dutch reason``."""
    template = ERRORS_NL.get(error.get("type", ""))
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        reason = template.format(**ctx) if template else str(error.get("msg", "ongeldige waarde"))
    except (KeyError, IndexError):
        reason = str(error.get("msg", "ongeldige waarde"))
    return f"{_field(error.get('loc', ()))}: {reason}"


def _jsonable(errors: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        item = {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))}
        if "ctx" in err:
            item["ctx"] = {k: str(v) for k, v in err["ctx"].items()}
        out.append(item)
    return out


def validation_response(errors: Sequence[Any]) -> JSONResponse:
    detail = _jsonable(errors)
    message = "Ongeldige invoer: " + "; ".join(dutch(e) for e in detail)
    return JSONResponse({"detail": detail, "message": message}, status_code=422)


def install_api_errors(app: FastAPI) -> None:
    """JSON errors under /api; every other path goes to the handler that was there before."""
    previous_validation: Handler = app.exception_handlers.get(
        RequestValidationError, request_validation_exception_handler
    )
    previous_http: Handler = app.exception_handlers.get(StarletteHTTPException, http_exception_handler)

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        if not is_api(request):
            return await previous_validation(request, exc)
        return validation_response(exc.errors())

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_api(request):
            return await previous_http(request, exc)
        text = exc.detail if isinstance(exc.detail, str) and exc.detail not in _ENGLISH else None
        text = text or STATUS_NL.get(exc.status_code, "Fout.")
        if exc.status_code in (204, 304):
            return Response(status_code=exc.status_code, headers=exc.headers)
        return JSONResponse({"detail": text, "message": text}, status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.state.api_errors_installed = True


_ENGLISH = {
    "Not Found",
    "Method Not Allowed",
    "Internal Server Error",
    "Bad Request",
    "Unprocessable Entity",
    "Forbidden",
    "Unauthorized",
    "Not Acceptable",
    "Unsupported Media Type",
    "Too Many Requests",
}
