"""The document model rendered to one standalone HTML file: escaped data, translated labels, working links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.unit.publish.test_document import org, phase, snapshot, svc
from wegwijzer.publish.document import build_document
from wegwijzer.publish.html import render_html


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.hrefs.append((values["href"] or "")[1:])
        if tag in ("link", "script", "img", "iframe"):
            self.external.append(tag)


def bundle() -> str:
    orgs = [org("p", "Pedagogische begeleidingsdienst (PBD)", "4", 1, description="Doel.\n\nWerking van de PBD."),
            org("c", "PBD GO!", "4", 2, parent="p"), org("o", "Abrusco", "25.1", 3)]
    services = [svc("s1", "c", "Begeleiding GO!", eligibility_description="Scholen"),
                svc("s2", "o", "Time-out", minimum_age=12, maximum_age=18, assured_date="2026-03-03")]
    attributes = [phase("s1", "preventie"), phase("s2", "interventie")]
    return build_document(snapshot(orgs, services, attribute=attributes))  # type: ignore[return-value]


def test_html_is_standalone_and_every_internal_link_has_its_target() -> None:
    html = render_html(bundle(), base_url="https://wegwijzer.example.org/")
    links = Links()
    links.feed(html)
    assert links.external == []  # style inline, no scripts, nothing fetched
    assert len(links.hrefs) > 8
    assert set(links.hrefs) <= links.ids
    assert "https://wegwijzer.example.org/wijziging?type=organization&amp;id=p" in html


def test_html_shows_fiche_headings_sections_and_offers() -> None:
    html = render_html(bundle())
    for text in ("4. Pedagogische begeleidingsdienst (PBD)", "25.1. Abrusco", "PBD GO!", "Begeleiding GO!",
                 "Time-out", "Doelstelling:", "Werking", "12–18 jaar", "Laatst nagekeken:", "3 maart 2026",
                 "Schematisch overzicht per fase", "Inhoud", "Inleiding"):
        assert text in html, text


def test_user_markup_is_escaped() -> None:
    orgs = [org("o", "<script>alert(1)</script> vzw", "1", 1, description="<b>vet</b>\n\n<img src=x onerror=y>")]
    doc = build_document(snapshot(orgs, [svc("s", "o", "<i>Aanbod</i>", fees_description="<u>gratis</u>")]))
    html = render_html(doc)
    assert "<script>alert" not in html and "<img src=x" not in html and "<i>Aanbod" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; vzw" in html
    assert "&lt;u&gt;gratis&lt;/u&gt;" in html


@pytest.mark.parametrize(("lang", "labels"), [("fr", ("Objectif", "Fonctionnement", "Table des matières")),
                                              ("en", ("Aim", "How it works", "Contents"))])
def test_labels_are_translated_and_the_data_stays_dutch(lang: str, labels: tuple[str, ...]) -> None:
    html = render_html(bundle(), lang=lang)
    assert f'<html lang="{lang}">' in html
    assert all(label in html for label in labels)
    assert "Werking van de PBD." in html  # the data is Dutch, marked as such
    assert re.search(r'<div class="text" lang="nl">\s*<p>Werking van de PBD\.', html)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        render_html(bundle(), lang="de")


def test_one_fiche_document_has_no_title_page_contents_or_overview() -> None:
    orgs = [org("o", "Abrusco", "25.1", 1)]
    html = render_html(build_document(snapshot(orgs, [svc("s", "o", "Time-out")]), organization_id="o"))
    assert "25.1. Abrusco" in html and "Time-out" in html
    body = html.split("<body", 1)[1]
    assert 'class="toc"' not in body and 'id="overzicht"' not in body and 'class="title-page"' not in body
