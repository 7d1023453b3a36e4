"""Login, logout, session cookie, session fixation, CSRF refusal and throttling, through HTTP."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.accounts import PASSWORD, form_token, login, make_user
from wegwijzer.accounts.sessions import SESSION_COOKIE
from wegwijzer.db import Database

EMAIL = "redacteur@example.org"
PLANTED = "planted-by-an-attacker-0123456789"


def plant(client: TestClient, value: str) -> None:
    """A session cookie for the site's own domain, as a script or a shared computer could leave it."""
    client.cookies.set(SESSION_COOKIE, value, domain="testserver.local", path="/")


def _post_login(client: TestClient, email: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {"email": email, "password": password, "csrf_token": form_token(client, "/inloggen"), **extra}
    return client.post("/inloggen", data=data, follow_redirects=False)


def test_login_sets_a_safe_session_cookie_and_shows_the_user_menu(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    response = _post_login(client, EMAIL, PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(SESSION_COOKIE + "=") and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    page = client.get("/")
    assert EMAIL in page.text and 'action="/uitloggen"' in page.text and 'href="/redactie"' in page.text
    assert 'href="/beheer/gebruikers"' not in page.text
    assert page.headers["cache-control"] == "private, no-store"


def test_anonymous_pages_show_the_login_link_and_stay_cacheable(client: TestClient) -> None:
    page = client.get("/procedures")
    assert 'href="/inloggen?volgende=/procedures"' in page.text
    assert "private" not in page.headers.get("cache-control", "")


def test_login_returns_to_a_local_page_only(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    assert _post_login(client, EMAIL, PASSWORD, volgende="/account").headers["location"] == "/account"
    other = TestClient(client.app)
    assert _post_login(other, EMAIL, PASSWORD, volgende="//evil.example/").headers["location"] == "/"


def test_wrong_password_and_unknown_email_get_the_same_answer(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    wrong = _post_login(client, EMAIL, "not the password at all")
    unknown = _post_login(client, "niemand@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 400
    assert "Onjuist e-mailadres of wachtwoord." in wrong.text and "Onjuist e-mailadres of wachtwoord." in unknown.text
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")


def test_disabled_user_cannot_log_in(client: TestClient, accounts_db: Database) -> None:
    from wegwijzer.accounts.services import get_user, set_active

    make_user(accounts_db, EMAIL, "redacteur")
    with accounts_db.session() as session:
        set_active(session, get_user(session, EMAIL), False)
    assert _post_login(client, EMAIL, PASSWORD).status_code == 400


def test_cookie_planted_before_login_is_not_the_session_after_login(
        new_client: Callable[[], TestClient], accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    victim = new_client()
    plant(victim, PLANTED)
    login(victim, EMAIL)
    assert victim.cookies.get(SESSION_COOKIE) != PLANTED
    attacker = new_client()
    plant(attacker, PLANTED)
    assert EMAIL not in attacker.get("/").text
    assert attacker.get("/account", follow_redirects=False).status_code == 303


def test_each_login_gets_a_new_session_id(new_client: Callable[[], TestClient], accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    client = new_client()
    login(client, EMAIL)
    first = client.cookies.get(SESSION_COOKIE)
    login(client, EMAIL)
    second = client.cookies.get(SESSION_COOKIE)
    assert first and second and first != second
    stale = new_client()
    plant(stale, first)
    assert EMAIL not in stale.get("/").text


def test_logout_ends_the_session_server_side(new_client: Callable[[], TestClient], accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    client = new_client()
    login(client, EMAIL)
    old = client.cookies.get(SESSION_COOKIE)
    response = client.post("/uitloggen", data={"csrf_token": form_token(client, "/account")}, follow_redirects=False)
    assert response.status_code == 303
    replay = new_client()
    plant(replay, old)
    assert replay.get("/account", follow_redirects=False).status_code == 303
    assert EMAIL not in replay.get("/").text


def test_login_without_or_with_a_wrong_csrf_token_is_refused(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    for token in (None, "0" * 64):
        data = {"email": EMAIL, "password": PASSWORD} | ({"csrf_token": token} if token else {})
        response = client.post("/inloggen", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "beveiligingscode van het formulier" in response.text
        assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_csrf_token_of_another_visitor_is_refused(new_client: Callable[[], TestClient], accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    attacker, victim = new_client(), new_client()
    foreign = form_token(attacker, "/inloggen")
    victim.get("/inloggen")
    response = victim.post("/inloggen", data={"email": EMAIL, "password": PASSWORD, "csrf_token": foreign})
    assert response.status_code == 403


def test_logout_without_csrf_token_is_refused_and_keeps_the_session(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    login(client, EMAIL)
    anonymous_token = form_token(TestClient(client.app), "/inloggen")
    for data in ({}, {"csrf_token": anonymous_token}):
        assert client.post("/uitloggen", data=data).status_code == 403
    assert EMAIL in client.get("/").text


def test_five_failures_lock_the_account_for_fifteen_minutes(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    for _ in range(5):
        assert _post_login(client, EMAIL, "a wrong password!").status_code == 400
    locked = _post_login(client, EMAIL, PASSWORD)
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw." in locked.text


def test_lock_out_does_not_reveal_whether_the_email_exists(client: TestClient) -> None:
    for _ in range(5):
        _post_login(client, "niemand@example.org", "a wrong password!")
    assert _post_login(client, "niemand@example.org", "a wrong password!").status_code == 429


def test_lock_of_one_account_leaves_other_accounts_alone(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    make_user(accounts_db, "ander@example.org", "redacteur")
    for _ in range(5):
        _post_login(client, EMAIL, "a wrong password!")
    assert _post_login(client, "ander@example.org", PASSWORD).status_code == 303


def test_one_client_is_stopped_after_twenty_failures_on_many_accounts(client: TestClient,
                                                                      accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    for i in range(20):
        assert _post_login(client, f"probeer{i}@example.org", "a wrong password!").status_code == 400
    assert _post_login(client, EMAIL, PASSWORD).status_code == 429


def test_success_resets_the_failure_count(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    for _ in range(4):
        _post_login(client, EMAIL, "a wrong password!")
    assert _post_login(client, EMAIL, PASSWORD).status_code == 303
    for _ in range(4):
        _post_login(client, EMAIL, "a wrong password!")
    assert _post_login(client, EMAIL, PASSWORD).status_code == 303


def test_page_for_logged_in_users_sends_anonymous_visitors_to_login(client: TestClient) -> None:
    response = client.get("/account?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=/account%3Fx%3D1"


def test_markup_in_the_typed_email_is_escaped(client: TestClient) -> None:
    response = _post_login(client, "<script>alert(1)</script>@example.org", "a wrong password!")
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
