"""``/api/docs``: the OpenAPI document as a server-rendered page under the site's strict CSP."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from wegwijzer.api.routes import router as api_router
from wegwijzer.web.edge import CSP
from wegwijzer.web.routes_api_docs import operations, type_name
from wegwijzer.web.routes_api_docs import router as api_docs_router


@pytest.fixture(scope="module")
def docs(client: TestClient) -> str:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return unescape(response.text)


def test_the_page_answers_with_the_site_layout(docs: str) -> None:
    assert '<html lang="nl">' in docs
    assert "<h1>API-documentatie</h1>" in docs
    assert 'href="/api/openapi.json"' in docs


def test_every_path_and_method_of_the_openapi_is_listed(client: TestClient, docs: str) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["paths"]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert f"{method.upper()}</span> <code>{path}</code>" in docs, f"{method} {path} is missing"
            assert op["summary"] in docs
            for parameter in op.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in docs
            for code in op["responses"]:
                assert f"<code>{code}</code>" in docs


def test_parameters_show_type_enum_and_bounds(docs: str) -> None:
    services = docs[docs.index('id="get-api-services"'):docs.index('id="get-api-services--id-"')]
    assert "<code>per_page</code>" in services and "maximum 200" in services and "minimum 1" in services
    assert "<code>json</code>, <code>ndjson</code>" in services  # the enum of format
    assert "<code>string (uuid)</code>" in services  # organization_id, without the null alternative
    assert "Aantal per pagina" in services


def test_the_match_request_body_is_summarised(docs: str) -> None:
    match = docs[docs.index('id="post-api-match"'):]
    assert "MatchRequest" in match
    for name in ("text", "age", "needs", "limit"):
        assert f"<code>{name}</code>" in match
    assert "array of string" in match  # needs
    assert "Probeer" not in match  # no link for a POST


def test_get_endpoints_without_parameters_can_be_tried(client: TestClient, docs: str) -> None:
    links = set(re.findall(r'class="try" href="([^"]+)"', docs))
    assert "/api/services?per_page=5" in links and "/api/" in links
    assert not any("{" in link for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_strict_csp_on_the_docs(client: TestClient, docs: str) -> None:
    headers = client.get("/api/docs").headers
    policy = headers["content-security-policy"]
    assert policy == CSP
    assert "unsafe-inline" not in policy and "http" not in policy
    assert headers["x-frame-options"] == "DENY"
    assert "<script>" not in docs and " style=" not in docs and "<style" not in docs
    assert not re.search(r'(src|href)="(https?:)?//', docs), "no external script, style or image"


def test_swagger_ui_is_gone(client: TestClient) -> None:
    assert client.get("/api/docs/oauth2-redirect").status_code == 404
    assert "swagger" not in client.get("/api/docs").text.lower()


def test_the_docs_route_comes_before_the_api_routes(client: TestClient) -> None:
    """Routes match in order: the docs page is registered before the API router, which cannot shadow it."""

    def owner(route: object) -> object:  # FastAPI >= 0.165 keeps included routers as one entry each
        return getattr(route, "original_router", None) or getattr(route, "path", None)

    order = [owner(route) for route in client.app.routes]
    docs_at = order.index(api_docs_router) if api_docs_router in order else order.index("/api/docs")
    api_at = order.index(api_router) if api_router in order else order.index("/api/")
    assert docs_at < api_at


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_is_translated(client: TestClient, lang: str) -> None:
    page = client.get("/api/docs", params={"lang": lang})
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert "API-documentatie" not in page.text and "Antwoorden" not in page.text


def test_type_names() -> None:
    spec = {"components": {"schemas": {}}}
    assert type_name({"anyOf": [{"type": "integer"}, {"type": "null"}]}, spec) == "integer"
    assert type_name({"type": "array", "items": {"type": "string"}}, spec) == "array of string"
    assert type_name({"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]}, spec) == "integer | string"
    assert type_name({"$ref": "#/components/schemas/Page"}, spec) == "Page"
    assert operations({"paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}})[0].try_url == "/x"
