"""The API and the file exports agree: every service of ``/api/services?full=true`` (all pages) is
the same object in the JSON and NDJSON exports, and the same record in the CSV files."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from wegwijzer.app import create_app
from wegwijzer.db import Database
from wegwijzer.publish.opendata_export import export_datapackage, export_json, export_ndjson
from wegwijzer.publish.opendata_format import cell

PER_PAGE = 50  # several pages for the bundle's services


@dataclass
class Published:
    api_services: list[dict[str, Any]]
    api_organizations: list[dict[str, Any]]
    pages: int
    document: dict[str, Any]
    ndjson: list[dict[str, Any]]
    csv: dict[str, list[dict[str, str]]]


def _all_pages(client: TestClient, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    items, page = [], 1
    while True:
        response = client.get(path, params={**params, "page": page, "per_page": PER_PAGE})
        assert response.status_code == 200
        body = response.json()
        items.extend(body["contents"])
        if body["last_page"]:
            return items, page
        page += 1


@pytest.fixture(scope="module")
def published(clone_imported: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    folder = tmp_path_factory.mktemp("agreement")
    database = Database(clone_imported())
    with database.session() as session:
        export_datapackage(session, folder / "dp")
        export_json(session, folder / "wegwijzer.json")
        export_ndjson(session, folder / "services.ndjson")
    with TestClient(create_app(database=database)) as client:
        services, pages = _all_pages(client, "/api/services", full="true")
        organizations, _ = _all_pages(client, "/api/organizations")
    tables = {p.stem: list(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
              for p in (folder / "dp").glob("*.csv")}
    yield Published(
        api_services=services,
        api_organizations=organizations,
        pages=pages,
        document=json.loads((folder / "wegwijzer.json").read_text(encoding="utf-8")),
        ndjson=[json.loads(line) for line in (folder / "services.ndjson").read_text(encoding="utf-8").splitlines()],
        csv=tables,
    )
    database.dispose()


def test_the_api_was_read_over_several_pages(published: Published) -> None:
    assert published.pages > 1
    assert len(published.api_services) == len({s["id"] for s in published.api_services}) > 80


def test_json_export_holds_exactly_the_api_services_in_the_same_order(published: Published) -> None:
    assert [s["id"] for s in published.document["services"]] == [s["id"] for s in published.api_services]
    for api, exported in zip(published.api_services, published.document["services"], strict=True):
        assert exported == api, api["id"]


def test_ndjson_export_holds_exactly_the_api_services(published: Published) -> None:
    assert published.ndjson == published.api_services


def test_json_export_holds_the_api_organizations(published: Published) -> None:
    assert [o["id"] for o in published.document["organizations"]] == [o["id"] for o in published.api_organizations]
    for api, exported in zip(published.api_organizations, published.document["organizations"], strict=True):
        assert {k: v for k, v in exported.items() if not isinstance(v, list)} == api


KEY_FIELDS = {
    "organization_id": "string", "name": "string", "status": "string", "url": "string", "email": "string",
    "minimum_age": "number", "maximum_age": "number", "assured_date": "date", "last_modified": "datetime",
    "application_process": "string", "fees_description": "string", "eligibility_description": "string",
}


def test_services_csv_has_one_row_per_api_service_with_the_same_key_fields(published: Published) -> None:
    rows = {r["id"]: r for r in published.csv["services"]}
    assert list(rows) == [s["id"] for s in published.api_services]
    for service in published.api_services:
        row = rows[service["id"]]
        for name, field_type in KEY_FIELDS.items():
            assert row[name] == cell(service.get(name), field_type), (service["id"], name)


@pytest.mark.parametrize(("table", "key", "nested"), [
    ("attributes", "link_id", "attributes"),
    ("phones", "service_id", "phones"),
    ("service_at_location", "service_id", "service_at_locations"),
    ("cost_options", "service_id", "cost_options"),
    ("funding", "service_id", "funding"),
    ("schedules", "service_id", "schedules"),
    ("languages", "service_id", "languages"),
    ("contacts", "service_id", "contacts"),
])
def test_csv_rows_per_service_match_the_nested_api_objects(published: Published, table: str, key: str,
                                                           nested: str) -> None:
    per_service = Counter(r[key] for r in published.csv[table])
    for service in published.api_services:
        assert per_service[service["id"]] == len(service[nested]), (table, service["id"])
        assert {o["id"] for o in service[nested]} <= {r["id"] for r in published.csv[table]}


def test_csv_locations_and_addresses_are_those_the_api_nests(published: Published) -> None:
    locations = {sal["location"]["id"] for s in published.api_services for sal in s["service_at_locations"]}
    addresses = {a["id"] for s in published.api_services for sal in s["service_at_locations"]
                 for a in sal["location"]["addresses"]}
    assert locations <= {r["id"] for r in published.csv["locations"]}
    assert addresses <= {r["id"] for r in published.csv["addresses"]}


def test_every_organization_and_taxonomy_term_is_in_the_csv(published: Published) -> None:
    assert [r["id"] for r in published.csv["organizations"]] == [o["id"] for o in published.api_organizations]
    names = {r["id"]: r["name"] for r in published.csv["organizations"]}
    assert all(names[o["id"]] == o["name"] for o in published.api_organizations)
    assert {r["id"] for r in published.csv["taxonomy_terms"]} == {t["id"] for t in published.document["taxonomy_terms"]}
    terms = {a["taxonomy_term"]["id"] for s in published.api_services for a in s["attributes"]}
    assert terms <= {r["id"] for r in published.csv["taxonomy_terms"]}
