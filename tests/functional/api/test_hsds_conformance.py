"""Every API response validates against the official HSDS 3.0 schemas (zero errors).

Lists: first, middle and last page, in list form and with ``full``/``minimal``/``full_service``,
against the official OpenAPI's response schema (Page object plus the items' schema). Look-ups:
every id taken from the lists. Filters combined. Without ``shared/`` the full services and
organizations are checked against the vendored compiled schemas and the rest is skipped.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.functional.api.conftest import BASE_URL, HsdsSchemas
from wegwijzer.directory.validate import errors as vendored_errors

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
# HSDS path -> page size that gives several pages on the bundle
LISTS = {"/services": 10, "/organizations": 10, "/taxonomies": 3, "/taxonomy_terms": 10, "/service_at_locations": 20}
VARIANTS = [
    ("/services", {}),
    ("/services", {"full": "true"}),
    ("/services", {"minimal": "true"}),
    ("/organizations", {}),
    ("/organizations", {"full": "true"}),
    ("/organizations", {"full_service": "true"}),
    ("/taxonomies", {}),
    ("/taxonomy_terms", {}),
    ("/taxonomy_terms", {"top_only": "true"}),
    ("/service_at_locations", {}),
    ("/service_at_locations", {"full": "true"}),
]
# The schema of a full item, where ``full`` (or full_service) asks for full objects.
FULL_ITEM = {
    "/services": "compiled/service.json",
    "/organizations": "compiled/organization.json",
    "/service_at_locations": "compiled/service_at_location.json",
}
# The official OpenAPI gives compiled/service.json for GET /service_at_locations/{id}, a copy-paste slip
# (a service_at_location has no name or status; the HSDS example service_at_location_full.json is a
# service_at_location): that look-up is checked against compiled/service_at_location.json.
DETAIL = {
    "/services": None,
    "/organizations": None,
    "/taxonomies": None,
    "/taxonomy_terms": None,
    "/service_at_locations": BASE_URL + "compiled/service_at_location.json",
}
VENDORED_KIND = {"/services": "service", "/organizations": "organization"}


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get("/api" + path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def page_problems(hsds: HsdsSchemas | None, path: str, page: dict[str, Any], full: bool) -> list[str]:
    assert set(page) == PAGE_KEYS
    assert page["size"] == len(page["contents"]) and page["empty"] == (not page["contents"])
    assert page["first_page"] == (page["page_number"] == 1)
    assert page["last_page"] == (page["page_number"] >= page["total_pages"])
    if hsds is None:
        kind = VENDORED_KIND.get(path)
        if not (full and kind):
            pytest.skip("official HSDS schemas missing; only full services and organizations can be checked")
        return [e for item in page["contents"] for e in vendored_errors(item, kind)]
    problems = hsds.errors(hsds.response_ref(path), page)
    if full and path in FULL_ITEM:
        for item in page["contents"]:
            problems += hsds.errors(BASE_URL + FULL_ITEM[path], item)
    return problems


@pytest.mark.parametrize(("path", "params"), VARIANTS, ids=lambda v: str(v))
def test_first_middle_and_last_page_validate(
    client: TestClient, hsds: HsdsSchemas | None, path: str, params: dict[str, str]
) -> None:
    per_page = LISTS[path]
    first = get(client, path, per_page=per_page, **params)
    assert first["total_pages"] >= 3 or "minimal" in params or "top_only" in params or path == "/taxonomies"
    pages = sorted({1, (first["total_pages"] + 1) // 2, first["total_pages"]})
    full = any(params.get(k) == "true" for k in ("full", "full_service"))
    problems: list[str] = []
    seen: list[str] = []
    for number in pages:
        page = first if number == 1 else get(client, path, per_page=per_page, page=number, **params)
        assert page["page_number"] == number and page["size"] > 0
        problems += page_problems(hsds, path, page, full)
        seen += [item["id"] for item in page["contents"]]
    assert problems == []
    assert len(seen) == len(set(seen))


def test_pages_cover_every_item_once(client: TestClient) -> None:
    for path, per_page in LISTS.items():
        first = get(client, path, per_page=per_page)
        ids = [
            i["id"]
            for n in range(1, first["total_pages"] + 1)
            for i in get(client, path, per_page=per_page, page=n)["contents"]
        ]
        assert len(ids) == first["total_items"] == len(set(ids)), path


def test_page_past_the_end_is_an_empty_valid_page(client: TestClient, hsds: HsdsSchemas | None) -> None:
    page = get(client, "/services", page=9999)
    assert page["empty"] and page["size"] == 0 and page["last_page"] and not page["first_page"]
    assert page["total_items"] == 122
    if hsds is not None:
        assert hsds.errors(hsds.response_ref("/services"), page) == []


def all_ids(client: TestClient, path: str) -> list[str]:
    page = get(client, path, per_page=200)
    assert page["total_pages"] == 1
    return [item["id"] for item in page["contents"]]


@pytest.mark.parametrize("path", list(LISTS))
def test_lookup_of_every_listed_id_validates(client: TestClient, hsds: HsdsSchemas | None, path: str) -> None:
    ids = all_ids(client, path)
    assert ids
    problems: list[str] = []
    for oid in ids:
        variants = [{}, {"full_service": "true"}] if path == "/organizations" else [{}]
        for params in variants:
            obj = get(client, f"{path}/{oid}", **params)
            assert obj["id"] == oid
            if hsds is None:
                if path not in VENDORED_KIND:
                    pytest.skip("official HSDS schemas missing")
                problems += vendored_errors(obj, VENDORED_KIND[path])
            else:
                problems += hsds.errors(DETAIL[path] or hsds.response_ref(path + "/{id}"), obj)
    assert problems == []


def test_organization_lookup_nests_its_services(client: TestClient) -> None:
    org = next(
        o
        for o in get(client, "/organizations", per_page=200)["contents"]
        if get(client, "/services", organization_id=o["id"])["total_items"] >= 2
    )
    simple = get(client, f"/organizations/{org['id']}")
    full = get(client, f"/organizations/{org['id']}", full_service="true")
    listed = [s["id"] for s in get(client, "/services", organization_id=org["id"], per_page=200)["contents"]]
    assert [s["id"] for s in simple["services"]] == [s["id"] for s in full["services"]] == listed
    assert "phones" in full["services"][0] and "phones" not in simple["services"][0]


def test_the_schema_check_really_rejects_broken_objects(client: TestClient, hsds: HsdsSchemas | None) -> None:
    if hsds is None:
        pytest.skip("official HSDS schemas missing")
    page = get(client, "/services", per_page=2)
    page["contents"][0] = {k: v for k, v in page["contents"][0].items() if k != "name"}
    page["contents"][1] = {**page["contents"][1], "id": "not-a-uuid", "organization": {"id": 3}}
    page["total_items"] = "many"
    problems = hsds.errors(hsds.response_ref("/services"), page)
    assert any("'name' is a required property" in p for p in problems)
    assert any("not-a-uuid" in p for p in problems)
    assert any(p.startswith("contents/1/organization") for p in problems)
    assert any(p.startswith("total_items") for p in problems)
    term = get(client, "/taxonomy_terms", per_page=1)["contents"][0]
    assert hsds.errors(hsds.response_ref("/taxonomy_terms/{id}"), {**term, "taxonomy_detail": {"id": "x"}})
