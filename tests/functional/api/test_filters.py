"""List filters combine with AND, keep the search ranking, and their results stay valid HSDS."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.functional.api.conftest import HsdsSchemas
from tests.functional.api.test_hsds_conformance import get, page_problems


def taxonomy_id(client: TestClient, name: str) -> str:
    return next(t["id"] for t in get(client, "/taxonomies")["contents"] if t["name"] == name)


def term(client: TestClient, taxonomy: str, code: str) -> dict[str, Any]:
    terms = get(client, "/taxonomy_terms", taxonomy_id=taxonomy_id(client, taxonomy), per_page=200)["contents"]
    return next(t for t in terms if t["code"] == code)


def term_ids(service: dict[str, Any]) -> set[str]:
    return {a["taxonomy_term"]["id"] for a in service["attributes"]}


def test_term_and_organization_combine(client: TestClient, hsds: HsdsSchemas | None) -> None:
    spijbelen = term(client, "nood", "spijbelen")
    with_term = get(client, "/services", taxonomy_term_id=spijbelen["id"], full="true", per_page=200)["contents"]
    assert len(with_term) >= 3 and all(spijbelen["id"] in term_ids(s) for s in with_term)
    org = with_term[0]["organization_id"]
    page = get(client, "/services", taxonomy_term_id=spijbelen["id"], organization_id=org, full="true")
    expected = [s["id"] for s in with_term if s["organization_id"] == org]
    assert [s["id"] for s in page["contents"]] == expected and page["total_items"] == len(expected)
    everything = get(client, "/services", organization_id=org, per_page=200)["total_items"]
    assert 0 < page["total_items"] <= everything
    if hsds is not None:
        assert page_problems(hsds, "/services", page, full=True) == []


def test_search_keeps_its_ranking_and_the_taxonomy_narrows(client: TestClient, hsds: HsdsSchemas | None) -> None:
    searched = [s["id"] for s in get(client, "/services", search="spijbelen", per_page=200)["contents"]]
    assert searched
    level = taxonomy_id(client, "onderwijsniveau")
    page = get(client, "/services", search="spijbelen", taxonomy_id=level, full="true", per_page=200)
    narrowed = [s["id"] for s in page["contents"]]
    assert narrowed and len(narrowed) < len(searched)
    assert narrowed == [sid for sid in searched if sid in narrowed]  # same order as the search
    level_terms = {t["id"] for t in get(client, "/taxonomy_terms", taxonomy_id=level, per_page=200)["contents"]}
    assert all(term_ids(s) & level_terms for s in page["contents"])
    if hsds is not None:
        assert page_problems(hsds, "/services", page, full=True) == []


def test_search_with_term_and_modified_after(client: TestClient) -> None:
    spijbelen = term(client, "nood", "spijbelen")
    params = {"search": "leerplicht", "taxonomy_term_id": spijbelen["id"]}
    found = get(client, "/services", **params)
    assert found["total_items"] >= 1
    assert (
        get(client, "/services", **params, modified_after="2000-01-01T00:00:00Z")["total_items"] == found["total_items"]
    )
    assert get(client, "/services", **params, modified_after="2999-01-01T00:00:00+02:00")["empty"]


def test_service_at_locations_by_postcode_and_term(client: TestClient, hsds: HsdsSchemas | None) -> None:
    all_1000 = get(client, "/service_at_locations", postcode="1000", full="true", per_page=200)["contents"]
    assert all_1000
    assert all(any(a["postal_code"] == "1000" for a in s["location"]["addresses"]) for s in all_1000)
    spijbelen = term(client, "nood", "spijbelen")
    page = get(client, "/service_at_locations", postcode="1000", taxonomy_term_id=spijbelen["id"], per_page=200)
    with_term = {s["id"] for s in get(client, "/services", taxonomy_term_id=spijbelen["id"], per_page=200)["contents"]}
    assert page["contents"] and all(s["service_id"] in with_term for s in page["contents"])
    assert {s["id"] for s in page["contents"]} <= {s["id"] for s in all_1000}
    assert get(client, "/service_at_locations", postcode="9999")["empty"]
    if hsds is not None:
        assert page_problems(hsds, "/service_at_locations", page, full=False) == []


def test_unknown_ids_in_filters_give_empty_pages(client: TestClient) -> None:
    nobody = "00000000-0000-0000-0000-000000000000"
    for key in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        page = get(client, "/services", **{key: nobody})
        assert page["empty"] and page["total_items"] == 0 and page["first_page"] and page["last_page"]


def test_taxonomy_term_filters(client: TestClient) -> None:
    nood = taxonomy_id(client, "nood")
    terms = get(client, "/taxonomy_terms", taxonomy_id=nood, per_page=200)
    assert terms["total_items"] == 18 and all(t["taxonomy_id"] == nood for t in terms["contents"])
    assert get(client, "/taxonomy_terms", taxonomy_id=nood, search="spijbelen")["total_items"] == 1
    assert get(client, "/taxonomy_terms", parent_id=terms["contents"][0]["id"])["empty"]  # the facets are flat
    assert get(client, "/taxonomy_terms", top_only="true")["total_items"] == 71


def test_organization_search(client: TestClient) -> None:
    names = [o["name"] for o in get(client, "/organizations", search="abrusco")["contents"]]
    assert names and all("abrusco" in n.lower() for n in names[:2])  # name matches first, then via services
