"""The website's downloads of the published infobundle, through HTTP on a real copy of the imported bundle."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.functional.publish.test_publish_cli import ATTACHMENT, pdf_attachments, pdf_pages, squash
from wegwijzer.accounts.principal import Principal
from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database
from wegwijzer.directory.hsds import Snapshot
from wegwijzer.editorial.services import edit_record, record_values

EDITOR = Principal(user_id="u1", email="redacteur@example.org", role="redacteur")


@pytest.fixture(scope="module")
def client(web_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path_factory.mktemp("publish-home"))  # renderings stay out of the user's folder
    with TestClient(create_app(settings, database=web_db), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def snapshot(web_db: Database) -> Snapshot:
    with web_db.session() as session:
        return Snapshot.load(session)


def organization(snapshot: Snapshot, fiche: str) -> dict:
    return next(o for o in snapshot.organizations() if o.get("source_fiche") == fiche
                and not o.get("parent_organization_id"))


def test_whole_infobundle_pdf_is_a_download_and_is_kept_until_the_data_changes(client: TestClient) -> None:
    first = client.get("/infobundel.pdf")
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    disposition = first.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="infobundel-schooluitval-brussel-') and ".pdf" in disposition
    assert first.content.startswith(b"%PDF-")
    assert ATTACHMENT in pdf_attachments(first.content)
    assert client.get("/infobundel.pdf").content == first.content  # the same rendering, not a new one


def test_whole_infobundle_html_is_a_standalone_download_in_the_page_language(client: TestClient) -> None:
    response = client.get("/infobundel.html?lang=en")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"].endswith('-en.html"')
    assert '<html lang="en">' in response.text and "Contents" in response.text
    assert client.get("/infobundel.html?lang=xx").status_code == 400


def test_one_fiche_pdf_holds_that_organisation_and_its_parts(client: TestClient, snapshot: Snapshot) -> None:
    parent = organization(snapshot, "4")
    parts = [o for o in snapshot.organizations() if o.get("parent_organization_id") == parent["id"]]
    response = client.get(f"/organisaties/{parent['id']}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == \
        'attachment; filename="fiche-4-pedagogische-begeleidingsdienst-pbd.pdf"'
    text = " ".join(pdf_pages(response.content))
    assert f"4. {squash(parent['name'])}" in text[:200]
    assert parts and all(squash(p["name"]) in text for p in parts)
    assert "5. " + squash(organization(snapshot, "5")["name"]) not in text
    data = json.loads(pdf_attachments(response.content)[ATTACHMENT])
    assert data["scope"] == "organization"
    assert [o["id"] for o in data["organizations"]] == [parent["id"], *(p["id"] for p in parts)]


def test_organisation_page_links_to_its_pdf(client: TestClient, snapshot: Snapshot) -> None:
    org = organization(snapshot, "12")
    page = client.get(f"/organisaties/{org['id']}")
    assert f'href="/organisaties/{org["id"]}.pdf"' in page.text
    assert 'href="/infobundel.pdf"' in client.get("/").text


def test_unknown_organisation_pdf_is_a_dutch_404(client: TestClient) -> None:
    response = client.get("/organisaties/bestaat-niet.pdf")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Deze organisatie bestaat niet (meer)." in response.text


def test_editorial_change_shows_up_in_the_next_published_fiche(client: TestClient, web_db: Database,
                                                               snapshot: Snapshot) -> None:
    org = organization(snapshot, "13")
    before = " ".join(pdf_pages(client.get(f"/organisaties/{org['id']}.pdf").content))
    assert "Kwaxoplim-beroepenbeurs" not in before
    service = snapshot.kids("service", "organization_id", org["id"])[0]
    with web_db.session() as session:
        state = record_values(session, "service", service["id"])
        outcome = edit_record(session, EDITOR, "service", service["id"], {"name": "Kwaxoplim-beroepenbeurs"},
                              state.version)
        assert outcome.applied
    after = " ".join(pdf_pages(client.get(f"/organisaties/{org['id']}.pdf").content))
    assert "Kwaxoplim-beroepenbeurs" in after
    assert "Kwaxoplim-beroepenbeurs" in client.get("/infobundel.html").text


def test_without_a_pdf_renderer_the_site_answers_503_in_dutch(web_db: Database, snapshot: Snapshot,
                                                               tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, pdf_renderer="off"), database=web_db)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/infobundel.pdf?lang=nl")
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/html")
        assert "PDF niet beschikbaar" in response.text and "HTML-bestand" in response.text
        org = organization(snapshot, "2")
        assert client.get(f"/organisaties/{org['id']}.pdf").status_code == 503
        assert client.get("/infobundel.html").status_code == 200  # the HTML needs no PDF renderer
