"""``/open-data`` through HTTP: the page (Dutch, French, English), the downloads with their headers,
the zip's contents, caching per state of the data, and unknown files."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from frictionless import Package

from wegwijzer.db import Database
from wegwijzer.directory.hsds import SNAPSHOT_TABLES
from wegwijzer.directory.models import Metadata, Service

DOWNLOADS = {
    "wegwijzer-hsds.zip": "application/zip",
    "services.json": "application/json",
    "services.ndjson": "application/x-ndjson",
    "organizations.json": "application/json",
}


@pytest.fixture(autouse=True)
def _dutch(client: TestClient) -> None:
    client.cookies.clear()


def test_open_data_page_says_what_is_published_and_under_which_licence(client: TestClient) -> None:
    response = client.get("/open-data")
    assert response.status_code == 200 and response.headers["content-language"] == "nl"
    page = response.text
    assert "<h1>Open data</h1>" in page
    assert "Samen tegen schooluitval" in page and "CC BY 4.0" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    assert "Stand van de gegevens:" in page
    assert 'aria-current="page"' in page.split('href="/open-data"')[1][:40]  # its entry in the main menu


def test_open_data_page_links_the_downloads_the_api_and_the_pdf(client: TestClient) -> None:
    page = client.get("/open-data").text
    for name in DOWNLOADS:
        assert f'href="/open-data/{name}"' in page
    assert 'href="/api/"' in page and 'href="/api/docs"' in page and 'href="/infobundel.pdf"' in page
    assert "<code>services.csv</code>" in page and "<code>taxonomy_terms.csv</code>" in page


@pytest.mark.parametrize(("lang", "heading", "licence"), [
    ("fr", "Données ouvertes", "Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    ("en", "Open data", "Creative Commons Attribution 4.0 International licence (CC BY 4.0)"),
])
def test_open_data_page_is_translated(client: TestClient, lang: str, heading: str, licence: str) -> None:
    response = client.get(f"/open-data?lang={lang}")
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text and licence in response.text
    assert f'<html lang="{lang}">' in response.text


def test_home_page_links_the_open_data(client: TestClient) -> None:
    assert 'href="/open-data"' in client.get("/").text


def test_a_bad_language_is_a_friendly_400(client: TestClient) -> None:
    response = client.get("/open-data?lang=xx")
    assert response.status_code == 400 and "Onbekende taal" in response.text


@pytest.mark.parametrize(("name", "media_type"), DOWNLOADS.items())
def test_download_has_media_type_disposition_and_etag(client: TestClient, name: str, media_type: str) -> None:
    response = client.get(f"/open-data/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert response.headers["etag"].startswith('"') and response.headers["last-modified"].endswith("GMT")
    again = client.get(f"/open-data/{name}", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get(f"/open-data/{name}", headers={"If-None-Match": '"anders"'}).status_code == 200


def test_the_zip_holds_the_valid_datapackage(client: TestClient, tmp_path: Path) -> None:
    data = client.get("/open-data/wegwijzer-hsds.zip").content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        package = json.loads(archive.read("datapackage.json"))
        archive.extractall(tmp_path)
    assert names[0] == "datapackage.json"
    assert sorted(names[1:]) == sorted(r["path"] for r in package["resources"])
    assert {r["name"] for r in package["resources"]} == set(SNAPSHOT_TABLES)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_downloads_hold_the_api_objects(client: TestClient) -> None:
    services = client.get("/open-data/services.json").json()
    lines = client.get("/open-data/services.ndjson").text.splitlines()
    first = client.get("/api/services", params={"full": "true", "per_page": 1}).json()
    assert first["total_items"] == len(services) == len(lines)
    assert services[0] == first["contents"][0] == json.loads(lines[0])
    organizations = client.get("/open-data/organizations.json").json()
    detail = client.get(f"/api/organizations/{organizations[0]['id']}", params={"full_service": "true"}).json()
    assert organizations[0] == detail
    assert sum(len(o["services"]) for o in organizations) == len(services)


def test_an_unknown_download_is_a_dutch_404(client: TestClient) -> None:
    for path in ("/open-data/geheim.csv", "/open-data/..%2Fwegwijzer.sqlite3", "/open-data/services.json.bak"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Dit bestand bestaat niet" in response.text or "niet gevonden" in response.text


def test_files_are_rebuilt_when_the_data_changes(client: TestClient, web_db: Database) -> None:
    before = client.get("/open-data/services.json")
    service_id = before.json()[0]["id"]
    with web_db.session() as session:  # an edit as the editorial workflow records it: the row and its history
        session.get(Service, service_id).name = "Nieuwe naam <b>test</b>"
        session.add(Metadata(id=str(uuid.uuid4()), resource_id=service_id, resource_type="service",
                             last_action_date=datetime.now(UTC), last_action_type="update", field_name="name",
                             previous_value="oud", replacement_value="Nieuwe naam", updated_by="redacteur@example.org"))
    after = client.get("/open-data/services.json")
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()[0]["name"] == "Nieuwe naam <b>test</b>"
    stale = client.get("/open-data/services.json", headers={"If-None-Match": before.headers["etag"]})
    assert stale.status_code == 200
    with zipfile.ZipFile(io.BytesIO(client.get("/open-data/wegwijzer-hsds.zip").content)) as archive:
        assert "Nieuwe naam <b>test</b>" in archive.read("services.csv").decode("utf-8")
