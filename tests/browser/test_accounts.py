"""Accounts in a real browser: login (with the TOTP code step), the account and user pages, logout.

Checked with axe-core (WCAG 2.1 A/AA) and under the strict Content-Security-Policy (the TOTP QR code
is inline SVG without style attributes). Works without JavaScript: every step is a plain form POST.
Runs its own server over an empty database with invented users (the shared live server's database
is not reachable from here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import databases
from tests.accounts import PASSWORD, make_user, totp_code
from tests.browser.conftest import DESKTOP, LiveServer, _new_context, check_axe
from tests.browser.live import log_in, serve
from tests.browser.test_csp import RECORD_VIOLATIONS
from wegwijzer.db import Database

EDITOR, ADMIN = "redacteur@example.org", "beheerder@example.org"


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Database]]:
    from wegwijzer.app import create_app
    from wegwijzer.config import Settings

    home: Path = tmp_path_factory.mktemp("browser-accounts")
    url = databases.home_url(home)
    database = Database(url)
    make_user(database, EDITOR, "redacteur")
    make_user(database, ADMIN, "beheerder")
    app = create_app(settings=Settings(home=home, database_url=url), database=database)
    try:
        with serve(app) as live:
            yield live, database
    finally:
        database.dispose()


def test_login_account_page_and_logout_are_accessible(browser: Any, accounts_server: Any) -> None:
    live, database = accounts_server
    context = _new_context(browser, live, bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/inloggen")
    check_axe(page, "login")
    log_in(page, EDITOR, database)
    expect(page.locator(".user-menu").get_by_text(EDITOR)).to_be_visible()
    page.goto("/account")
    page.get_by_label("Naam van de nieuwe token").fill("<b>laptop</b>")
    page.get_by_role("button", name="Token aanmaken").click()
    expect(page.locator(".new-token code")).to_have_text(re.compile(r"^ww_\S+$"))
    expect(page.get_by_role("cell", name="<b>laptop</b>", exact=True)).to_be_visible()  # text, not markup
    check_axe(page, "account")
    page.goto("/account/tweestapsverificatie")
    expect(page.locator("svg.totp-qr")).to_be_visible()
    check_axe(page, "account-totp")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator(".user-menu").get_by_role("link", name="Inloggen")).to_be_visible()
    context.close()


def test_beheerder_logs_in_with_a_code_and_the_user_pages_are_accessible(browser: Any, accounts_server: Any) -> None:
    live, database = accounts_server
    context = _new_context(browser, live, bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(ADMIN)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_label("Code")).to_be_visible()
    check_axe(page, "login-code")
    page.get_by_label("Code").fill(totp_code(database, ADMIN))
    page.get_by_role("button", name="Bevestigen").click()
    page.goto("/beheer/gebruikers")
    expect(page.get_by_role("link", name=EDITOR)).to_be_visible()
    check_axe(page, "admin-users")
    page.get_by_role("link", name=EDITOR).click()
    expect(page.get_by_role("heading", name=EDITOR)).to_be_visible()
    check_axe(page, "admin-user")
    context.close()


def test_account_pages_respect_the_content_security_policy(browser: Any, accounts_server: Any) -> None:
    live, database = accounts_server
    context = _new_context(browser, live, bypass_csp=False, viewport=DESKTOP)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    log_in(page, EDITOR, database)
    for path in ("/account", "/account/tweestapsverificatie", "/inloggen", "/wachtwoord-vergeten"):
        page.goto(path)
        assert not page.evaluate("() => window.__cspViolations"), path
    context.close()
