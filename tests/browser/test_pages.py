"""The website in a real browser: search with facets, the wegwijzer, the fiches, languages, print, axe.

Every page type is checked with axe-core (WCAG 2.1 A/AA; serious or critical violations fail) and the
main pages are saved as screenshots in tests/browser/artifacts/.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import ARTIFACTS, REPO_ROOT, check_axe, screenshot

README_SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
README_SCREENSHOT_MAX_BYTES = 300_000


# --------------------------------------------------------------------------- helpers


def query_of(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def path_of(page: Any) -> str:
    return urlparse(page.url).path


def result_total(page: Any) -> int:
    """The number in the results heading ("12 resultaten voor …")."""
    text = page.locator("h2.results-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no count in the results heading: {text!r}"
    return int(match.group())


def facet_count(page: Any, checkbox_id: str) -> int:
    text = page.locator(f"label[for='{checkbox_id}'] .count").inner_text()
    return int(re.sub(r"\D", "", text))


def search_from_home(page: Any, words: str) -> None:
    page.goto("/")
    page.locator("form.search-form input[name='q']").fill(words)
    with page.expect_navigation():
        page.locator("form.search-form button[type='submit']").click()
    assert path_of(page) == "/zoeken"
    assert query_of(page)["q"] == [words]


def submit_questionnaire(page: Any) -> None:
    with page.expect_navigation():
        page.locator("#vragenlijst button[type='submit']").click()


def visit(page: Any, url: str, status: int = 200) -> Any:
    response = page.goto(url)
    answered = response.status if response is not None else None
    assert answered == status, f"GET {url} answered {answered}, expected {status}"
    return response


def save_readme_screenshot(page: Any) -> None:
    """docs/screenshot.png for the README (1280×900, the viewport only).

    Written when missing or when WEGWIJZER_README_SCREENSHOT=1, so ordinary runs leave the committed file alone.
    """
    if README_SCREENSHOT.exists() and os.environ.get("WEGWIJZER_README_SCREENSHOT") != "1":
        return
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(README_SCREENSHOT), full_page=False)
    size = README_SCREENSHOT.stat().st_size
    assert size < README_SCREENSHOT_MAX_BYTES, f"{README_SCREENSHOT} is {size} bytes, keep it under 300 kB"


def assert_no_horizontal_scroll(page: Any) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {page.viewport_size['width']}px wide"


def first_service_with_contacts(page: Any, hrefs: list[str]) -> str:
    """The first service page among ``hrefs`` that shows both a tel: and a mailto: link."""
    for href in hrefs:
        visit(page, href)
        if page.locator("a[href^='tel:']").count() and page.locator("a[href^='mailto:']").count():
            return href
    raise AssertionError(f"none of {len(hrefs)} service pages shows both a tel: and a mailto: link")


# --------------------------------------------------------------------------- home and search


def test_home_page(page: Any) -> None:
    response = page.goto("/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    assert page.locator("form[role='search'] input#q").is_visible()
    assert page.locator("a[href='/wegwijzer']").first.is_visible()
    phases = page.locator("ul.phases > li")
    assert phases.count() == 3
    check_axe(page, "home")
    screenshot(page, "home")


def test_skip_link_moves_focus_to_the_content(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible(), "the skip link must become visible when focused"
    page.keyboard.press("Enter")
    assert urlparse(page.url).fragment == "inhoud"
    assert page.evaluate("() => document.activeElement.id") == "inhoud"


def test_search_with_a_facet_narrows_the_results(page: Any) -> None:
    search_from_home(page, "spijbelen")
    before = result_total(page)
    assert before > 1, "the search for 'spijbelen' should find several services"
    hits = page.locator("ol.hits > li")
    assert hits.count() == min(before, 20)
    assert page.locator("ol.hits .snippet mark").count() > 0, "the snippets highlight the search words"
    check_axe(page, "search-results")
    screenshot(page, "search-results")
    save_readme_screenshot(page)

    # A need facet that narrows the results (neither empty nor everything).
    boxes = page.locator("form.facets input[type='checkbox'][name='nood']")
    assert boxes.count() > 0, "the search page offers 'nood' facet checkboxes"
    chosen = None
    for index in range(boxes.count()):
        box_id = boxes.nth(index).get_attribute("id")
        if 0 < facet_count(page, box_id) < before:
            chosen = box_id
            break
    assert chosen, "no 'nood' facet option narrows the results for 'spijbelen'"
    slug = page.locator(f"#{chosen}").get_attribute("value")
    expected = facet_count(page, chosen)

    # enhance.js submits on change; without it the "apply" button does (see the no-JS test below).
    with page.expect_navigation():
        page.locator(f"label[for='{chosen}']").click()
    query = query_of(page)
    assert query.get("nood") == [slug], f"the chosen facet is in the URL: {page.url}"
    assert query.get("q") == ["spijbelen"], "the search words survive the facet"
    assert page.locator(f"#{chosen}").is_checked()
    after = result_total(page)
    assert 0 < after < before
    assert after == expected, "the facet count announced the number of results"
    assert page.locator("ol.hits > li").count() == min(after, 20)
    assert page.locator(".active-filters a").count() >= 2  # remove this filter, clear all
    check_axe(page, "search-results-filtered")
    screenshot(page, "search-results-filtered")


def test_search_facets_work_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(
        base_url=live_server.base_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto("/zoeken?q=spijbelen")
        before = result_total(page)
        box = page.locator("form.facets input[type='checkbox'][name='nood']").first
        slug = box.get_attribute("value")
        box.check()
        with page.expect_navigation():
            page.locator("form.facets button[type='submit']").click()
        assert slug in query_of(page).get("nood", [])
        assert result_total(page) <= before
    finally:
        context.close()


def test_no_results_page_helps(page: Any) -> None:
    page.goto("/zoeken?q=xyzzyplughnotaword")
    assert result_total(page) == 0
    assert page.locator(".no-results a[href='/wegwijzer']").count() == 1
    check_axe(page, "search-no-results")


def test_mobile_home_and_results(mobile_page: Any) -> None:
    page = mobile_page
    page.goto("/")
    assert_no_horizontal_scroll(page)
    assert page.locator("input#q").is_visible()
    check_axe(page, "home-mobile")
    screenshot(page, "home-mobile")

    page.locator("input#q").fill("spijbelen")
    with page.expect_navigation():
        page.locator("form.search-form button[type='submit']").click()
    assert result_total(page) > 0
    assert page.locator("ol.hits > li").first.is_visible()
    assert_no_horizontal_scroll(page)
    check_axe(page, "search-results-mobile")
    screenshot(page, "search-results-mobile")

    page.goto("/wegwijzer")
    assert_no_horizontal_scroll(page)
    screenshot(page, "questionnaire-mobile")


# --------------------------------------------------------------------------- the wegwijzer


def test_questionnaire_leads_to_an_explained_result(page: Any) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.locator("main a[href='/wegwijzer']").first.click()
    assert path_of(page) == "/wegwijzer"
    check_axe(page, "questionnaire")
    screenshot(page, "questionnaire")

    page.get_by_label("Leeftijd van de jongere (jaar)").fill("15")
    page.locator("select#niveau").select_option("secundair-2e-graad")
    page.locator("#nood-spijbelen").check()
    submit_questionnaire(page)

    assert path_of(page) == "/wegwijzer/resultaat"
    query = query_of(page)
    assert query["leeftijd"] == ["15"]
    assert query["niveau"] == ["secundair-2e-graad"]
    assert query["nood"] == ["spijbelen"]

    profile = page.locator("section.profile").inner_text()
    assert "15 jaar" in profile
    matches = page.locator("ol.matches > li")
    assert matches.count() > 0, "the wegwijzer finds services for a 15-year-old who plays truant"
    first = matches.first
    assert first.locator(".eligibility").inner_text().strip()
    assert first.locator("ul.reasons > li").count() > 0, "each match says why it fits"
    assert page.locator("ol.matches .route").count() > 0, "the matches say how to get in"
    procedures = page.locator("section[aria-labelledby='procedures-kop'] a[href^='/procedures/']")
    assert procedures.count() > 0, "truancy has procedures (leerplichtbegeleiding)"
    excluded = page.locator("section[aria-labelledby='uitgesloten-kop']")
    if excluded.count():
        excluded.locator("summary").click()
        assert excluded.locator("ul.excluded > li").first.is_visible()
    check_axe(page, "match-result")
    screenshot(page, "match-result")

    # "Vragen aanpassen" brings the filled-in form back.
    with page.expect_navigation():
        page.locator("section.profile a[href^='/wegwijzer?']").click()
    assert page.locator("#leeftijd").input_value() == "15"
    assert page.locator("#niveau").input_value() == "secundair-2e-graad"
    assert page.locator("#nood-spijbelen").is_checked()


def test_questionnaire_free_text(page: Any) -> None:
    page.goto("/wegwijzer")
    page.locator("#tekst").fill("Mijn zoon van 15 zit in het 3e jaar BSO en spijbelt vaak.")
    with page.expect_navigation():
        page.locator("#vrije-tekst button[type='submit']").click()
    assert path_of(page) == "/wegwijzer/resultaat"
    profile = page.locator("section.profile")
    assert "15 jaar" in profile.inner_text(), "the age is read from the text"
    assert profile.locator(".hint").count() == 1, "the page says what was read from the description"
    assert page.locator("ol.matches > li").count() > 0
    assert page.locator("ol.matches ul.reasons > li").count() > 0
    check_axe(page, "match-result-free-text")


def test_questionnaire_errors_are_announced(page: Any) -> None:
    response = page.goto("/wegwijzer/resultaat?leeftijd=200")
    assert response.status == 422
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.get_attribute("role") == "alert"
    assert page.locator("#leeftijd").get_attribute("aria-invalid") == "true"
    with page.expect_navigation(url=re.compile(r"#leeftijd$")):
        summary.locator("a[href='#leeftijd']").click()
    check_axe(page, "questionnaire-errors")


# --------------------------------------------------------------------------- fiches


def test_service_organisation_and_procedure_pages(page: Any) -> None:
    page.goto("/wegwijzer/resultaat?leeftijd=15&niveau=secundair-2e-graad&nood=spijbelen")
    hrefs = page.locator("ol.matches h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("/diensten/") for h in hrefs)

    # Open a service from the results by clicking, then find one that shows a phone and an e-mail.
    with page.expect_navigation():
        page.locator("ol.matches h3 a").first.click()
    assert path_of(page).startswith("/diensten/")
    assert page.locator("h1").inner_text().strip()
    href = first_service_with_contacts(page, hrefs)
    assert path_of(page) == href
    tel = page.locator("a[href^='tel:']").first.get_attribute("href")
    assert re.fullmatch(r"tel:\+?[0-9]+", tel), f"a dialable tel: link, got {tel!r}"
    assert re.fullmatch(r"mailto:[^@\s]+@[^@\s]+", page.locator("a[href^='mailto:']").first.get_attribute("href"))
    assert page.locator("section.provenance").is_visible(), "the source fiche and date are shown"
    check_axe(page, "service")
    screenshot(page, "service")

    # The organisation behind it.
    with page.expect_navigation():
        page.locator("article.fiche p.org a[href^='/organisaties/']").first.click()
    assert path_of(page).startswith("/organisaties/")
    assert page.locator("h1").inner_text().strip()
    assert page.locator("a[href^='/diensten/']").count() > 0, "the organisation lists its services"
    check_axe(page, "organisation")
    screenshot(page, "organisation")

    # The procedure list and one procedure step by step.
    page.goto("/procedures")
    assert page.locator("a[href^='/procedures/']").count() > 0
    check_axe(page, "procedures")
    with page.expect_navigation():
        page.locator("main a[href^='/procedures/']").first.click()
    assert path_of(page).startswith("/procedures/")
    assert page.locator("ol.steps > li").count() > 0
    check_axe(page, "procedure")
    screenshot(page, "procedure")


def test_overview_page(page: Any) -> None:
    page.goto("/overzicht")
    table = page.locator("table.overview")
    assert table.is_visible()
    rows = table.locator("tbody tr").count()
    assert rows > 5
    check_axe(page, "overview")
    screenshot(page, "overview")
    page.locator("#o-nood").select_option("spijbelen")
    with page.expect_navigation():
        page.locator("form.overview-filter button[type='submit']").click()
    assert query_of(page).get("nood") == ["spijbelen"]
    assert 0 < table.locator("tbody tr").count() < rows


def test_api_docs_page(page: Any) -> None:
    """The browsable OpenAPI: a page of the site (no Swagger UI, no CDN), accessible, with working links."""
    visit(page, "/api/docs")
    assert page.locator("h1").inner_text().strip() == "API-documentatie"
    assert page.locator("section.operation").count() >= 12
    check_axe(page, "api-docs")
    screenshot(page, "api-docs")
    with page.expect_navigation():
        page.locator("a.try[href='/api/services?per_page=5']").click()
    assert path_of(page) == "/api/services"


def test_not_found_page(page: Any) -> None:
    for url in ("/bestaat-niet", "/diensten/00000000-0000-0000-0000-000000000000"):
        response = page.goto(url)
        assert response.status == 404, url
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.locator("h1").inner_text().strip() == "Pagina niet gevonden"
        assert page.locator("main form[role='search']").count() == 1, "the 404 page offers a search"
    check_axe(page, "not-found")
    screenshot(page, "not-found")


# --------------------------------------------------------------------------- languages and print


def visible_ui_text(page: Any) -> dict[str, str]:
    return {
        "h1": page.locator("h1").inner_text(),
        "nav": page.locator("nav.site-nav").inner_text(),
        "button": page.locator("form.search-form button").inner_text(),
        "title": page.title(),
    }


def test_language_switch(page: Any) -> None:
    page.goto("/zoeken?q=spijbelen")
    dutch = visible_ui_text(page)
    assert page.locator("html").get_attribute("lang") == "nl"
    seen = {"nl": dutch}
    for code in ("fr", "en"):
        with page.expect_navigation():
            page.locator(f"nav.lang-switch a[hreflang='{code}']").click()
        assert query_of(page).get("lang") == [code]
        assert query_of(page).get("q") == ["spijbelen"], "switching language keeps the page and its query"
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator(f"nav.lang-switch a[hreflang='{code}']").get_attribute("aria-current") == "true"
        texts = visible_ui_text(page)
        for key, text in texts.items():
            for other, other_texts in seen.items():
                assert text != other_texts[key], f"{key} is not translated in {code} (same as {other}): {text!r}"
        seen[code] = texts
        if code == "fr":
            check_axe(page, "search-results-fr")
        screenshot(page, f"search-results-{code}")

    # The choice is remembered (cookie): a page without ?lang= stays in English.
    page.goto("/wegwijzer")
    assert page.locator("html").get_attribute("lang") == "en"
    check_axe(page, "questionnaire-en")
    with page.expect_navigation():
        page.locator("nav.lang-switch a[hreflang='nl']").click()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_print_view_of_a_service(page: Any) -> None:
    page.goto("/wegwijzer/resultaat?leeftijd=15&nood=spijbelen")
    href = page.locator("ol.matches h3 a").first.get_attribute("href")
    visit(page, href)
    page.emulate_media(media="print")
    for selector in ("nav.site-nav", "nav.lang-switch", ".skip-link", "footer.site-footer", "nav.breadcrumbs"):
        locator = page.locator(selector)
        if locator.count():
            assert locator.first.is_hidden(), f"{selector} is hidden when printing"
    for selector in ("section[aria-labelledby='kenmerken-kop']", "section[aria-labelledby='proc-kop']"):
        locator = page.locator(selector)
        if locator.count():
            assert locator.first.is_hidden(), f"{selector} is not printed (not needed on paper)"
    assert page.locator("h1").is_visible()
    assert page.locator("section[aria-labelledby='contact-kop']").is_visible()
    assert page.locator("section.description").evaluate("s => getComputedStyle(s).columnCount") == "2"
    screenshot(page, "service-print")
    pdf = page.pdf(path=str(ARTIFACTS / "service-print.pdf"), format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    # One A4 page except for the longest descriptions (test_print.py checks every fiche).
    assert 1 <= pages <= 2, f"the service fiche prints on at most two A4 pages, not {pages}"
    page.emulate_media(media="screen")
    assert page.locator("nav.site-nav").is_visible()


def test_every_linked_fiche_answers(page: Any) -> None:
    """Every service and organisation in the overview, and every procedure, has a working page."""
    visit(page, "/overzicht")
    hrefs = set(page.locator("table.overview a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    visit(page, "/procedures")
    hrefs |= set(
        page.locator("main a[href^='/procedures/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    assert any(h.startswith("/diensten/") for h in hrefs) and any(h.startswith("/organisaties/") for h in hrefs)
    # fetch() from the page: the browser sends the requests in parallel (no round trip per page to Python).
    statuses = page.evaluate(
        "hrefs => Promise.all(hrefs.map(h => fetch(h, {redirect: 'manual'}).then(r => [h, r.status])))", sorted(hrefs)
    )
    broken = {href: status for href, status in statuses if status != 200}
    assert not broken, f"{len(broken)} of {len(hrefs)} linked pages fail: {broken}"
