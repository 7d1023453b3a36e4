"""``/api/docs``: the OpenAPI document as a server-rendered page (no CDN, no script, the site's strict CSP).

Everything shown is read from ``app.openapi()``, so the page follows the API as it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wegwijzer.web import params
from wegwijzer.web.rendering import render

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")
#: query values for the "try it" links of list endpoints (small pages)
EXAMPLE_QUERY = {"per_page": "5"}


@dataclass
class Param:
    name: str
    type: str
    required: bool
    description: str = ""
    location: str = ""
    enum: list[str] = field(default_factory=list)
    minimum: Any = None
    maximum: Any = None
    max_length: Any = None
    default: Any = None


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Param]
    body: list[Param] | None
    body_name: str
    responses: list[tuple[str, str]]
    try_url: str | None

    @property
    def anchor(self) -> str:
        return f"{self.method.lower()}-" + "".join(c if c.isalnum() else "-" for c in self.path.strip("/"))


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    return schema


def _non_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema without its ``null`` alternative, and whether it had one."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if not options:
        return schema, False
    rest = [o for o in options if o.get("type") != "null"]
    merged = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
    if len(rest) == 1:
        return {**rest[0], **merged}, len(rest) < len(options)
    return {**merged, "anyOf": rest}, len(rest) < len(options)


def type_name(schema: dict[str, Any], spec: dict[str, Any]) -> str:
    """A short type: "integer", "string (uuid)", "array of string", "string | integer", "MatchRequest"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    schema, _nullable = _non_null(schema)
    if "anyOf" in schema:
        return " | ".join(type_name(o, spec) for o in schema["anyOf"])
    kind = schema.get("type", "object" if "properties" in schema else "any")
    if kind == "array":
        return f"array of {type_name(schema.get('items', {}), spec)}"
    return f"{kind} ({schema['format']})" if schema.get("format") else str(kind)


def _field(name: str, schema: dict[str, Any], spec: dict[str, Any], *, required: bool, location: str = "",
           description: str = "") -> Param:
    plain, _nullable = _non_null(schema)
    items = plain.get("items", {}) if plain.get("type") == "array" else {}
    return Param(
        name=name, type=type_name(schema, spec), required=required, location=location,
        description=description or schema.get("description", "") or plain.get("description", ""),
        enum=[str(v) for v in plain.get("enum", [])],
        minimum=plain.get("minimum"), maximum=plain.get("maximum"),
        max_length=plain.get("maxLength", plain.get("maxItems", items.get("maxLength"))),
        default=schema.get("default", plain.get("default")),
    )


def _try_url(path: str, method: str, parameters: list[Param], needs_token: bool = False) -> str | None:
    """A link that works as it is: GET endpoints without path parameters nor token (small pages for the lists)."""
    if method != "get" or "{" in path or needs_token:
        return None
    query = "&".join(f"{k}={v}" for k, v in EXAMPLE_QUERY.items() if any(p.name == k for p in parameters))
    return f"{path}?{query}" if query else path


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every (path, method) of an OpenAPI document, in its order, with what a reader needs."""
    out: list[Operation] = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = [
                _field(p["name"], p.get("schema", {}), spec, required=bool(p.get("required")), location=p["in"],
                       description=p.get("description", ""))
                for p in op.get("parameters", [])
            ]
            body, body_name = None, ""
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                raw = content.get("schema", {})
                body_name = type_name(raw, spec)
                schema = _resolve(raw, spec)
                required = set(schema.get("required", []))
                body = [_field(name, prop, spec, required=name in required)
                        for name, prop in schema.get("properties", {}).items()]
            responses = [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()]
            out.append(Operation(method.upper(), path, op.get("summary", ""), op.get("description", ""),
                                 parameters, body, body_name, responses,
                                 _try_url(path, method, parameters, "401" in op.get("responses", {}))))
    return out


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    params.check_language(request)
    spec = request.app.openapi()
    return render(request, "api_docs.html", {
        "info": spec.get("info", {}), "openapi_version": spec.get("openapi", ""),
        "operations": operations(spec), "openapi_url": request.app.openapi_url or "/api/openapi.json",
    })
