"""The guided questionnaire and its explained result."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_questionnaire_has_labelled_fields(client: TestClient) -> None:
    html = client.get("/wegwijzer").text
    for field in ("wie", "leeftijd", "niveau", "richting", "taal", "gemeente", "tekst", "nood-spijbelen"):
        assert f'for="{field}"' in html and f'id="{field}"' in html
    assert html.count('action="/wegwijzer/resultaat" method="get"') == 2


def test_structured_profile_gives_explained_matches(client: TestClient) -> None:
    page = client.get("/wegwijzer/resultaat", params={"wie": "ouder", "leeftijd": "15", "niveau": "secundair-2e-graad",
                                                       "richting": "bso", "nood": ["spijbelen"]})
    assert page.status_code == 200
    html = page.text
    assert "Waarom" in html and "nood: spijbelen" in html
    assert "Hoe aanmelden" in html
    assert 'href="/procedures/leerplichtbegeleiding"' in html
    assert "Spijbelen en problematische afwezigheid" in html  # the profile, with labels


def test_excluded_offers_are_listed_with_the_reason(client: TestClient) -> None:
    html = client.get("/wegwijzer/resultaat", params={"leeftijd": "15", "nood": "time-out"}).text
    assert "Niet passend, en waarom" in html
    assert "leeftijd 15 valt buiten 6–14" in html


def test_free_text_mode(client: TestClient) -> None:
    page = client.get("/wegwijzer/resultaat", params={"tekst": "Mijn dochter van 13 spijbelt en heeft geen zin meer"})
    assert page.status_code == 200
    assert "13 jaar" in page.text
    assert "Een deel hiervan lazen we uit je beschrijving" in page.text


def test_unknown_eligibility_is_explained(client: TestClient) -> None:
    html = client.get("/wegwijzer/resultaat", params={"leeftijd": "15", "nood": "spijbelen"}).text
    assert "Past misschien" in html


def test_bad_age_is_shown_on_the_form_in_dutch(client: TestClient) -> None:
    page = client.get("/wegwijzer/resultaat", params={"leeftijd": "abc", "nood": "spijbelen"})
    assert page.status_code == 422
    assert "Geef de leeftijd als een geheel getal van 0 tot 120." in page.text
    assert 'aria-invalid="true"' in page.text
    assert 'value="spijbelen" checked' in page.text  # the rest of the answers is kept


def test_unknown_slug_on_the_form(client: TestClient) -> None:
    page = client.get("/wegwijzer/resultaat", params={"niveau": "universiteit"})
    assert page.status_code == 422
    assert "Onbekende waarde" in page.text and "secundair-2e-graad" in page.text


def test_empty_form_asks_for_an_answer(client: TestClient) -> None:
    page = client.get("/wegwijzer/resultaat")
    assert page.status_code == 422
    assert "Beantwoord minstens één vraag" in page.text


def test_too_long_text_is_refused_kindly(client: TestClient) -> None:
    page = client.get("/wegwijzer/resultaat", params={"tekst": "spijbelen " * 400})
    assert page.status_code == 422
    assert "te lang" in page.text
