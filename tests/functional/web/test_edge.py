"""Languages, error pages, parameter validation and security headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from wegwijzer.web.edge import CSP


@pytest.mark.parametrize(("lang", "search_word", "home"), [("fr", "Rechercher", "Accueil"), ("en", "Search", "Home")])
def test_language_switch_changes_ui_and_lang(client: TestClient, lang: str, search_word: str, home: str) -> None:
    page = client.get("/zoeken", params={"lang": lang})
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert search_word in page.text and home in page.text
    assert page.cookies.get("wegwijzer_lang") == lang


def test_language_is_remembered_in_a_cookie(web_db) -> None:  # type: ignore[no-untyped-def]
    from wegwijzer.app import create_app

    with TestClient(create_app(database=web_db)) as fresh:
        fresh.get("/", params={"lang": "en"})
        assert '<html lang="en">' in fresh.get("/overzicht").text
        assert '<html lang="nl">' in fresh.get("/overzicht", params={"lang": "nl"}).text


def test_slug_labels_are_translated(client: TestClient) -> None:
    html = client.get("/zoeken", params={"lang": "fr", "nood": "spijbelen"}).text
    assert "Absentéisme et absences problématiques" in html


def test_unknown_page_is_a_dutch_404(client: TestClient) -> None:
    page = client.get("/bestaat-niet")
    assert page.status_code == 404
    assert "Pagina niet gevonden" in page.text and '<html lang="nl">' in page.text


def test_404_page_is_translated(client: TestClient) -> None:
    page = client.get("/bestaat-niet", params={"lang": "en"})
    assert page.status_code == 404 and "Page not found" in page.text


@pytest.mark.parametrize("path", ["/diensten/00000000-0000-0000-0000-000000000000", "/organisaties/x",
                                  "/procedures/geen-procedure", "/zoeken?pagina=999"])
def test_missing_records_are_404_pages(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]


@pytest.mark.parametrize("query", [
    {"leeftijd": "abc"}, {"leeftijd": "999"}, {"pagina": "-1"}, {"pagina": "x"}, {"nood": "bestaat-niet"},
    {"fase": "<b>"}, {"gratis": "ja"}, {"q": "a" * 5000}, {"lang": "xx"},
])
def test_bad_parameters_give_a_friendly_page(client: TestClient, query: dict[str, str]) -> None:
    page = client.get("/zoeken", params=query)
    assert 400 <= page.status_code < 500
    assert "text/html" in page.headers["content-type"]
    assert "Foutcode" in page.text
    assert "<b>" not in page.text


def test_bad_overview_parameter(client: TestClient) -> None:
    assert client.get("/overzicht", params={"onderwijsniveau": "x"}).status_code == 422


def test_script_in_query_is_escaped(client: TestClient) -> None:
    page = client.get("/zoeken", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


@pytest.mark.parametrize("path", ["/", "/zoeken?q=x", "/bestaat-niet", "/static/style.css", "/api/"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"]
    assert headers["permissions-policy"]


def test_the_api_docs_keep_the_strict_policy(client: TestClient) -> None:
    assert client.get("/api/docs").headers["content-security-policy"] == CSP


def test_api_errors_stay_json(client: TestClient) -> None:
    page = client.get("/api/bestaat-niet")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("application/json")
