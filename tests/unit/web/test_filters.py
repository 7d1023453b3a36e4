"""The Jinja filters: escaping first, then markup."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wegwijzer.web.filters import (
    age_range,
    code_spans,
    extra_costs,
    format_date,
    highlight,
    mailto_href,
    paragraphs,
    safe_url,
    tel_href,
    url_with,
    without_value,
)
from wegwijzer.web.i18n import Labeller, choose_language


@pytest.mark.parametrize(("snippet", "html"), [
    ("bij «spijbelen» helpen", "bij <mark>spijbelen</mark> helpen"),
    ("«a» en «b»", "<mark>a</mark> en <mark>b</mark>"),
    ("<script>«x»</script>", "&lt;script&gt;<mark>x</mark>&lt;/script&gt;"),
    ("«<b>»", "<mark>&lt;b&gt;</mark>"),
    ("open « zonder einde", "open  zonder einde"),
    (None, ""),
])
def test_highlight_escapes_then_marks(snippet: str | None, html: str) -> None:
    assert str(highlight(snippet)) == html


def test_paragraphs_escape_and_make_lists() -> None:
    text = "Eerste <b>alinea</b>\nvervolg\n\n• punt een\n• punt twee\n  dat verder gaat\n\nSlot"
    assert str(paragraphs(text)) == (
        "<p>Eerste &lt;b&gt;alinea&lt;/b&gt;<br>vervolg</p>"
        "<ul><li>punt een</li><li>punt twee dat verder gaat</li></ul><p>Slot</p>"
    )
    assert str(paragraphs(None)) == ""


@pytest.mark.parametrize(("low", "high", "text"), [
    (12, 25, "12–25"), (12.0, None, "12+"), (None, 25.0, "≤ 25"), (None, None, ""), (15, 15, "15"), (2.5, 6, "2.5–6"),
])
def test_age_range(low: float | None, high: float | None, text: str) -> None:
    assert age_range(low, high) == text


def test_tel_href_keeps_digits_and_plus() -> None:
    assert tel_href("+32 2 563 03 00") == "tel:+3225630300"
    assert tel_href("02/563.03.00") == "tel:025630300"
    assert tel_href("") == ""


def test_mailto_only_for_plain_addresses() -> None:
    assert mailto_href("info@abrusco.be") == "mailto:info@abrusco.be"
    assert mailto_href("javascript:alert(1)") == ""
    assert mailto_href('a"@b.be') == ""


def test_safe_url_refuses_other_schemes() -> None:
    assert safe_url("https://www.vgc.be") == "https://www.vgc.be"
    assert safe_url("www.vgc.be") == "https://www.vgc.be"
    assert safe_url("javascript:alert(1)") == ""


def test_format_date_in_the_page_language() -> None:
    moment = datetime(2026, 11, 28, 18, 59, tzinfo=UTC)
    assert format_date(moment, "nl") == "28 november 2026"
    assert format_date(date(2026, 11, 28), "fr") == "28 novembre 2026"
    assert format_date("2026-11-28T18:59:12Z", "en") == "November 28, 2026"
    assert format_date(None) == ""


def test_url_with_updates_and_drops_empty_values() -> None:
    params = {"q": ["spijbelen"], "nood": ["a", "b"], "pagina": ["2"]}
    assert url_with("/zoeken", params, pagina=3) == "/zoeken?q=spijbelen&nood=a&nood=b&pagina=3"
    assert url_with("/zoeken", params, pagina=None, q="") == "/zoeken?nood=a&nood=b"
    assert url_with("/", {}) == "/"
    assert url_with("/zoeken", {"q": "a&b"}) == "/zoeken?q=a%26b"


def test_without_value_removes_one_filter() -> None:
    assert without_value({"nood": ["a", "b"], "q": "x"}, "nood", "a") == {"nood": ["b"], "q": "x"}
    assert without_value({"leeftijd": "15"}, "leeftijd", "15") == {"leeftijd": None}


def test_choose_language() -> None:
    assert choose_language("fr", "en") == "fr"
    assert choose_language(None, "en") == "en"
    assert choose_language("xx", None) == "nl"


def test_labeller_translates_slug_labels() -> None:
    assert Labeller("nl")("nood", "spijbelen") == "Spijbelen en problematische afwezigheid"
    assert Labeller("en")("nood", "spijbelen") == "Truancy and problematic absence"
    assert Labeller("fr")("gemeente", "elsene") == "Ixelles"
    assert Labeller("fr")("nood", "onbekend") == "onbekend"


@pytest.mark.parametrize(
    ("amounts", "text", "shown"),
    [
        ([0.0], "gratis", []),  # "gratis" twice would be shown otherwise
        ([0.0], "Gratis voor de deelnemers", []),
        ([0.0, 30.0], "gratis via KANS, vanuit Vlaams-Brabant 30€/dag", []),
        ([1.5, 300.0], "€ 1,5/lestijd, max. € 300/semester", []),
        ([90.0], "De coaching kost 90 euro per kwartaal", []),
        ([45.0], "gratis", [45.0]),  # an amount the text does not state
        ([3.0], "30 euro", [3.0]),  # 3 is not 30
        ([0.0], "20 euro per schooljaar", [0.0]),
        ([0.0, 20.0], None, [0.0, 20.0]),  # no description: every option
    ],
)
def test_extra_costs_only_add_amounts_missing_from_the_text(
    amounts: list[float], text: str | None, shown: list[float]
) -> None:
    options = [{"option": "x", "amount": amount} for amount in amounts]
    assert [c["amount"] for c in extra_costs(options, text)] == shown


def test_code_spans_escape_first() -> None:
    assert code_spans("`json` of <b>`ndjson`</b>") == "<code>json</code> of &lt;b&gt;<code>ndjson</code>&lt;/b&gt;"


def test_page_window_shows_the_ends_and_the_neighbours_of_the_current_page() -> None:
    from wegwijzer.web.filters import page_window

    assert page_window(1, 1) == [1]
    assert page_window(1, 5) == [1, 2, 3, 4, 5]
    assert page_window(1, 500) == [1, 2, 3, None, 500]
    assert page_window(250, 500) == [1, None, 248, 249, 250, 251, 252, None, 500]
    assert page_window(500, 500) == [1, None, 498, 499, 500]
    assert page_window(5, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]  # a gap of one page shows that page
    assert page_window(6, 12) == [1, None, 4, 5, 6, 7, 8, None, 12]
