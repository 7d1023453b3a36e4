"""Every page type renders with its expected content."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from wegwijzer.web.cache import Directory


def test_home_has_search_box_entry_and_phases(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="nl">' in html
    assert 'id="q"' in html and 'action="/zoeken"' in html
    assert 'href="/wegwijzer"' in html
    for phase in ("preventie", "interventie", "compensatie"):
        assert f'href="/zoeken?fase={phase}"' in html
    assert '<a href="/" aria-current="page">' in html


def test_base_layout_has_landmarks_skip_link_and_language_switch(client: TestClient) -> None:
    html = client.get("/zoeken").text
    for landmark in ("<header", "<nav", '<main id="inhoud"', "<footer"):
        assert landmark in html
    assert 'class="skip-link" href="#inhoud"' in html
    assert 'hreflang="fr"' in html and 'hreflang="en"' in html
    assert '<a href="/zoeken" aria-current="page">' in html
    assert "<script>" not in html and "style=" not in html  # nothing inline: the CSP forbids it


def test_search_lists_highlighted_results(client: TestClient) -> None:
    page = client.get("/zoeken", params={"q": "spijbelen"})
    assert page.status_code == 200
    assert "<mark>" in page.text
    assert re.search(r'href="/diensten/[0-9a-f-]{36}"', page.text)
    assert "«" not in page.text


def _count(html: str) -> int:
    match = re.search(r'class="results-count"[^>]*>\s*(\d+)', html)
    assert match, "result count missing"
    return int(match.group(1))


def test_facet_filter_narrows_results_and_counts_show(client: TestClient) -> None:
    everything = client.get("/zoeken").text
    option = re.search(r'id="f-fase-compensatie"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', everything)
    assert option, "facet option with count missing"
    narrowed = client.get("/zoeken", params={"fase": "compensatie"}).text
    assert _count(narrowed) == int(option.group(1)) < _count(everything)
    assert 'value="compensatie" checked' in narrowed


def test_search_paginates(client: TestClient) -> None:
    first = client.get("/zoeken").text
    assert 'rel="next" href="/zoeken?pagina=2"' in first
    second = client.get("/zoeken", params={"pagina": 2})
    assert second.status_code == 200
    assert 'aria-current="page">2<' in second.text


def test_search_without_results_helps(client: TestClient) -> None:
    html = client.get("/zoeken", params={"q": "xylofoonqq", "fase": "preventie"}).text
    assert "Geen resultaten" in html
    assert "Verwijder een of meer filters" in html
    assert 'href="/zoeken?q=xylofoonqq"' in html  # the link that removes the filter


def test_search_suggests_correction(client: TestClient) -> None:
    html = client.get("/zoeken", params={"q": "spijbleen"}).text
    assert "Bedoelde u" in html


def test_service_page_shows_every_field_and_provenance(client: TestClient, data: Directory) -> None:
    with_phone = next(s for s in data.snapshot.services() if data.snapshot.kids("phone", "service_id", s["id"]))
    html = client.get(f"/diensten/{with_phone['id']}").text
    assert f"<h1>{with_phone['name']}</h1>".replace("&", "&amp;") in html
    assert 'href="tel:+32' in html
    assert f"Infofiche {with_phone['source_fiche']} van de infobundel" in html
    assert "Laatst gewijzigd op" in html
    assert f'href="/organisaties/{with_phone["organization_id"]}"' in html


def test_service_page_shows_cost_and_facets(client: TestClient, data: Directory) -> None:
    view = next(v for v in data.views if v.free and v.slugs("fase"))
    html = client.get(f"/diensten/{view.id}").text
    assert "Kostprijs" in html and "Kenmerken" in html and "Fase" in html


def test_organization_page_lists_services_and_contacts(client: TestClient, data: Directory) -> None:
    org = next(o for o in data.snapshot.organizations() if data.snapshot.kids("contact", "organization_id", o["id"])
               and data.snapshot.kids("service", "organization_id", o["id"]))
    html = client.get(f"/organisaties/{org['id']}").text
    assert 'href="mailto:' in html
    service = data.snapshot.kids("service", "organization_id", org["id"])[0]
    assert f'href="/diensten/{service["id"]}"' in html
    assert "Bron" in html


def test_procedures_list_and_detail(client: TestClient) -> None:
    listing = client.get("/procedures").text
    assert 'href="/procedures/leerplichtbegeleiding"' in listing
    detail = client.get("/procedures/leerplichtbegeleiding")
    assert detail.status_code == 200
    assert "Stap 1" in detail.text and "Termijn" in detail.text
    assert re.search(r'href="/diensten/[0-9a-f-]{36}"', detail.text)


def test_overview_is_an_accessible_table_and_filters(client: TestClient) -> None:
    html = client.get("/overzicht").text
    assert "<caption" in html and '<th scope="col">' in html and '<th scope="row">' in html
    rows = html.count('<th scope="row">')
    filtered = client.get("/overzicht", params={"nood": "spijbelen"}).text
    assert 0 < filtered.count('<th scope="row">') < rows
    assert 'value="spijbelen" selected' in filtered


def test_static_files_are_served(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media print" in css.text
    assert client.get("/static/enhance.js").status_code == 200


def test_the_cost_is_shown_once(client: TestClient, data: Directory) -> None:
    """The CLB's fiche says "gratis" once: the cost option parsed from the fees text adds nothing."""
    sid = next(row["id"] for row in data.snapshot.services()
               if row["name"] == "Verplichte opdracht inzake leerplichtbegeleiding")
    html = client.get(f"/diensten/{sid}").text
    cost = html[html.index("Kostprijs</dt>"):]
    cost = cost[:cost.index("</dd>")]
    assert cost.lower().count("gratis") == 1, cost
