"""Keeping the directory true, in a real browser: a visitor reports a change, a redacteur reviews it in the
queue, the change shows in the fiche's history and is reverted; two editors saving the same record get the
conflict page. Every new page is checked with axe-core (WCAG 2.1 A/AA): the form, the queue, the item,
the edit form and the conflict page.

Runs its own server over a copy of the imported bundle with invented users (the shared live server's
database is not reachable from here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import databases
from tests.accounts import make_user
from tests.browser.conftest import DESKTOP, LiveServer, _new_context, check_axe, screenshot
from tests.browser.live import log_in, serve
from wegwijzer.db import Database
from wegwijzer.directory.models import Service, ServiceAtLocation
from wegwijzer.editorial import services

EDITOR, ADMIN = "redacteur@example.org", "beheerder@example.org"


@pytest.fixture(scope="module")
def editorial_server(imported_template: str, tmp_path_factory: pytest.TempPathFactory,
                     ) -> Iterator[tuple[LiveServer, Database, str]]:
    """The real app over a copy of the bundle with a redacteur and a beheerder; the service the tests use."""
    from wegwijzer.app import create_app
    from wegwijzer.config import Settings

    home: Path = tmp_path_factory.mktemp("browser-editorial")
    url = databases.clone_into_home(imported_template, home)
    database = Database(url)
    make_user(database, EDITOR, "redacteur")
    make_user(database, ADMIN, "beheerder")
    with database.session() as session:
        located = set(session.scalars(select(ServiceAtLocation.service_id)))
        service_id = next(sid for sid in session.scalars(select(Service.id).order_by(Service.sort_order, Service.name))
                          if sid in located)
    app = create_app(settings=Settings(home=home, database_url=url), database=database)
    try:
        with serve(app) as live:
            yield live, database, service_id
    finally:
        database.dispose()


def assert_accessible(page: Any, label: str) -> None:
    """No axe-core violation at all (not even minor ones) on the editorial pages."""
    violations = check_axe(page, label)
    assert violations == [], [v["id"] for v in violations]


def history_rows(page: Any) -> Any:
    return page.locator("#geschiedenis table.history-table").first.locator("tbody tr")


def test_suggestion_review_history_and_revert_end_to_end(browser: Any, editorial_server: Any) -> None:
    live, database, service_id = editorial_server
    with database.session() as session:
        before = services.record_values(session, "service", service_id).values["wait_time"]

    visitor = _new_context(browser, live, bypass_csp=True, viewport=DESKTOP).new_page()
    visitor.goto(f"/diensten/{service_id}")
    visitor.get_by_role("link", name="Meld een wijziging").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Meld een wijziging")
    assert_accessible(visitor, "editorial-suggest-form")
    choice = visitor.get_by_label("Welk gegeven wilt u wijzigen?")
    choice.select_option(f"service:{service_id}:wait_time")
    expect(visitor.locator("#huidige-waarde")).to_have_text(before or "(leeg)")  # enhance.js
    visitor.get_by_label("Nieuwe waarde").fill("Ongeveer drie weken <script>alert(1)</script>")
    visitor.get_by_label("Toelichting (optioneel)").fill("Gebeld met het onthaal.")
    visitor.get_by_role("button", name="Verstuur de melding").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw melding")
    assert_accessible(visitor, "editorial-thanks")

    editor = _new_context(browser, live, bypass_csp=True, viewport=DESKTOP).new_page()
    log_in(editor, EDITOR, database)
    editor.goto("/redactie")
    assert_accessible(editor, "editorial-queue")
    screenshot(editor, "editorial-queue")
    editor.get_by_role("link", name="Wachttijd").last.click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Voorgestelde wijziging")
    expect(editor.locator("table.compare")).to_contain_text("Ongeveer drie weken <script>alert(1)</script>")
    assert_accessible(editor, "editorial-item")
    screenshot(editor, "editorial-item")
    editor.get_by_label("Waarde die in de gids komt").fill("Ongeveer drie weken")
    editor.get_by_role("button", name="Aanvaarden").click()
    expect(editor.get_by_role("status")).to_contain_text("De wijziging is aanvaard")

    editor.goto(f"/diensten/{service_id}")
    expect(editor.locator("article")).to_contain_text("Ongeveer drie weken")
    newest = history_rows(editor).first
    expect(newest).to_contain_text("Wachttijd")
    expect(newest).to_contain_text("Ongeveer drie weken")
    expect(newest).to_contain_text(EDITOR)
    newest.get_by_role("button", name="Terugdraaien").click()
    assert editor.url.endswith(f"/diensten/{service_id}#geschiedenis")
    expect(history_rows(editor).first).to_contain_text("teruggedraaid")
    with database.session() as session:
        assert services.record_values(session, "service", service_id).values["wait_time"] == before


def test_conflicting_saves_show_the_conflict_page(browser: Any, editorial_server: Any) -> None:
    live, database, service_id = editorial_server
    first = _new_context(browser, live, bypass_csp=True, viewport=DESKTOP).new_page()
    second = _new_context(browser, live, bypass_csp=True, viewport=DESKTOP).new_page()
    log_in(first, EDITOR, database)
    log_in(second, ADMIN, database)
    for page in (first, second):
        page.goto(f"/bewerken?type=service&id={service_id}")
    assert_accessible(first, "editorial-edit-form")
    first.get_by_label("Wachttijd").fill("Wachttijd van de redacteur")
    first.get_by_role("button", name="Opslaan").click()
    expect(first.get_by_role("status")).to_contain_text("Uw wijzigingen zijn opgeslagen.")
    second.get_by_label("Wachttijd").fill("Wachttijd van de beheerder")
    second.get_by_role("button", name="Opslaan").click()
    expect(second.get_by_role("heading", level=1)).to_contain_text("Niet opgeslagen")
    compare = second.locator("table.compare")
    expect(compare).to_contain_text("Wachttijd van de redacteur")
    expect(compare).to_contain_text("Wachttijd van de beheerder")
    assert_accessible(second, "editorial-conflict")
    screenshot(second, "editorial-conflict")
    second.get_by_role("button", name="Opnieuw opslaan").click()
    expect(second.get_by_role("status")).to_contain_text("Uw wijzigingen zijn opgeslagen.")
    with database.session() as session:
        assert services.record_values(session, "service", service_id).values["wait_time"] == \
            "Wachttijd van de beheerder"


def test_editorial_pages_respect_the_content_security_policy(browser: Any, editorial_server: Any) -> None:
    """The site's own script (enhance.js) still works on the suggestion form under the strict policy."""
    live, _database, service_id = editorial_server
    context = _new_context(browser, live, bypass_csp=False, viewport=DESKTOP)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.goto(f"/wijziging?type=service&id={service_id}")
    page.get_by_label("Welk gegeven wilt u wijzigen?").select_option(f"service:{service_id}:name")
    expect(page.locator("#huidige-waarde-blok")).to_be_visible()
    assert page.get_by_label("Nieuwe waarde").input_value() != ""
    assert not violations
    context.close()
