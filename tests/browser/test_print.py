"""Every service page printed to A4 by Chromium: a clean one-page fiche, except for the longest descriptions.

The page counts of all fiches are written to ``artifacts/print-pages.json`` (the distribution, and the
fiches that need a second page with the number of pages their description alone takes).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, LiveServer

#: share of the fiches that must print on exactly one A4 page (113 of the bundle's 122 do)
ONE_PAGE_SHARE = 0.92
#: no fiche may need more pages than this
MAX_PAGES = 2
#: the printable area of A4 with the stylesheet's 12 mm margins, in CSS pixels (96 per inch)
PRINTABLE = {"width": round((210 - 24) / 25.4 * 96), "height": round((297 - 24) / 25.4 * 96)}
#: a fiche may need a second page only when its description alone fills this much of the first
LONG_DESCRIPTION = 0.75
#: print only the description (and the name above it), to see whether it alone overflows a page
DESCRIPTION_ONLY = """
  article.fiche > *:not(h1):not(section[aria-labelledby='beschrijving-kop']) { display: none !important; }
"""


def pdf_pages(page: Any) -> int:
    pdf = page.pdf(format="A4")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def service_ids(page: Any) -> list[str]:
    response = page.request.get("/api/services?per_page=200&minimal=true")
    assert response.ok
    body = response.json()
    assert body["total_items"] == len(body["contents"]), "all services fit one API page"
    return [s["id"] for s in body["contents"]]


@pytest.fixture
def print_page(browser: Any, live_server: LiveServer) -> Any:
    """A page as wide as the printable part of A4, so that heights measured in it match the PDF's layout."""
    context = browser.new_context(base_url=live_server.base_url, bypass_csp=True, viewport=PRINTABLE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def test_every_service_prints_as_a_one_page_fiche(print_page: Any) -> None:
    page = print_page
    counts: dict[str, int] = {}
    longer: dict[str, dict[str, Any]] = {}
    for sid in service_ids(page):
        response = page.goto(f"/diensten/{sid}")
        assert response is not None and response.status == 200, sid
        counts[sid] = pdf_pages(page)
        if counts[sid] > 1:
            height = page.locator("section.description").evaluate("s => s.getBoundingClientRect().height")
            longer[sid] = {"name": page.locator("h1").inner_text().strip(), "pages": counts[sid],
                           "description_share": round(height / PRINTABLE["height"], 2)}
            page.add_style_tag(content=DESCRIPTION_ONLY)
            longer[sid]["description_pages"] = pdf_pages(page)
    distribution = Counter(counts.values())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "print-pages.json").write_text(
        json.dumps({"distribution": dict(sorted(distribution.items())), "longer": longer}, indent=2,
                   ensure_ascii=False),
        encoding="utf-8",
    )
    one_page = distribution[1] / len(counts)
    assert one_page >= ONE_PAGE_SHARE, f"only {one_page:.0%} of the fiches print on one page: {dict(distribution)}"
    assert max(counts.values()) <= MAX_PAGES, f"fiches longer than {MAX_PAGES} pages: {longer}"
    # A fiche needs a second page only when its description alone (nearly) fills the first.
    crowded = {sid: info for sid, info in longer.items() if info["description_share"] < LONG_DESCRIPTION}
    assert not crowded, f"fiches on two pages although their description is short: {crowded}"
