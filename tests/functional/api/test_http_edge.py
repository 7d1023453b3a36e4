"""The API at the HTTP edge: ETag/304, caching and CORS headers, NDJSON, JSON errors, no 500s."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

SERVICES = "/api/services"


def test_get_carries_etag_and_cache_control_and_304_on_match(client: TestClient) -> None:
    first = client.get(SERVICES, params={"per_page": 5})
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('"') and first.headers["cache-control"] == "public, max-age=60"
    again = client.get(SERVICES, params={"per_page": 5}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    weak = client.get(SERVICES, params={"per_page": 5}, headers={"If-None-Match": f'"other", W/{tag}'})
    assert weak.status_code == 304
    other = client.get(SERVICES, params={"per_page": 6}, headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag


def test_etag_is_stable_for_the_same_data(client: TestClient) -> None:
    url = "/api/taxonomies"
    assert client.get(url).headers["etag"] == client.get(url).headers["etag"]


def test_errors_carry_no_etag(client: TestClient) -> None:
    response = client.get(SERVICES + "/not-a-uuid")
    assert response.status_code == 422 and "etag" not in response.headers


def test_cors_is_open_for_get_under_api(client: TestClient) -> None:
    response = client.get("/api/taxonomies", headers={"Origin": "https://sociale-kaart.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "etag" in response.headers["access-control-expose-headers"].lower()
    preflight = client.options(
        "/api/services", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200 and "GET" in preflight.headers["access-control-allow-methods"]
    refused = client.options(
        "/api/match", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"}
    )
    assert refused.status_code == 400


def test_ndjson_streams_every_result_one_object_per_line(client: TestClient) -> None:
    response = client.get(SERVICES, params={"format": "ndjson", "per_page": 5})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.text.splitlines()
    assert len(lines) == 122 and response.text.endswith("\n")  # all results, no pagination
    objects = [json.loads(line) for line in lines]
    paged = client.get(SERVICES, params={"per_page": 200}).json()["contents"]
    assert objects == paged
    full = client.get("/api/organizations", params={"format": "ndjson", "full_service": "true"})
    assert all("services" in json.loads(line) for line in full.text.splitlines())


def test_api_root_describes_the_api(client: TestClient) -> None:
    body = client.get("/api/").json()
    assert body["version"] == "3.0" and body["profile"].startswith("https://")
    assert body["openapi_url"].endswith("/api/openapi.json")
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/services/abc",
        "/api/services/12345678-1234-1234-1234-1234567890ag",
        "/api/organizations/%00",
        "/api/services?page=0",
        "/api/services?page=-1",
        "/api/services?page=99999999999999999999999999",
        "/api/services?per_page=0",
        "/api/services?per_page=-5",
        "/api/services?per_page=100000",
        "/api/services?format=xml",
        "/api/services?format=",
        "/api/services?full=maybe",
        "/api/services?minimal=2",
        "/api/services?modified_after=gisteren",
        "/api/services?modified_after=2024-13-45",
        "/api/services?taxonomy_term_id=x",
        "/api/services?organization_id='%20OR%201=1--",
        "/api/services?minimal=true&full=true",
        "/api/taxonomy_terms?parent_id=1",
        "/api/taxonomy_terms?top_only=ja",
        "/api/services?search=" + "a" * 501,
        "/api/service_at_locations?postcode=" + "1" * 17,
    ],
)
def test_bad_parameters_give_422_json_with_a_dutch_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"] and body["message"].startswith("Ongeldige invoer: ")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "spijbelen OR 1=1; DROP TABLE service;--",
        'NEAR(a b) "x" * ^',
        "a AND OR NOT",
        "()",
        "%",
        "\\",
        "🙂🙂🙂",
        "ǅ\u0301\u200b\ufeff",
        "\x00",
        "spijbelen*",
        "col:val",
        "{}[]",
        "ß" * 200,
        "   ",
    ],
)
def test_hostile_or_odd_search_text_never_breaks(client: TestClient, query: str) -> None:
    for url in (SERVICES, "/api/organizations", "/api/taxonomies", "/api/taxonomy_terms", "/api/service_at_locations"):
        response = client.get(url, params={"search": query})
        assert response.status_code == 200, (url, query, response.text)


def test_unknown_ids_give_404_json(client: TestClient) -> None:
    nobody = "00000000-0000-0000-0000-000000000000"
    for kind in ("services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"):
        response = client.get(f"/api/{kind}/{nobody}")
        assert response.status_code == 404
        assert response.json()["message"].startswith("Geen ")
    assert client.get("/api/bestaat-niet").json() == {"detail": "Niet gevonden.", "message": "Niet gevonden."}


def test_uppercase_and_unbraced_uuids_are_normalised(client: TestClient) -> None:
    sid = client.get(SERVICES, params={"per_page": 1}).json()["contents"][0]["id"]
    for form in (sid.upper(), sid.replace("-", "")):
        response = client.get(f"{SERVICES}/{form}")
        assert response.status_code == 200 and response.json()["id"] == sid
