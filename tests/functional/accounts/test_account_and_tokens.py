"""The account page: personal API tokens (create -> /api/me -> revoke), password change; escaping."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.accounts import PASSWORD, bearer, form_token, login, make_user
from tests.functional.accounts.conftest import ORG_A
from wegwijzer.accounts.services import get_user, set_active
from wegwijzer.db import Database

EMAIL = "partner@example.org"
NEW_PASSWORD = "another long passphrase here"


def _create_token(client: TestClient, name: str):  # type: ignore[no-untyped-def]
    return client.post("/account/tokens", data={"name": name, "csrf_token": form_token(client, "/account")})


def test_token_from_the_account_page_works_until_revoked(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    login(client, EMAIL)
    page = _create_token(client, "laptop")
    assert page.status_code == 200
    token = re.search(r"<code>(ww_[^<]+)</code>", page.text)
    assert token, "the new token is shown once"
    api = TestClient(client.app)
    me = api.get("/api/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.status_code == 200
    assert me.json() == {"email": EMAIL, "role": "partner", "organization_ids": [ORG_A]}
    assert me.headers["cache-control"] == "private, no-store"
    listing = client.get("/account")
    assert token.group(1) not in listing.text, "shown once only"
    token_id = re.search(r'action="/account/tokens/([^/]+)/intrekken"', listing.text)
    assert token_id
    revoked = client.post(f"/account/tokens/{token_id.group(1)}/intrekken",
                          data={"csrf_token": form_token(client, "/account")}, follow_redirects=False)
    assert revoked.status_code == 303
    after = api.get("/api/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert after.status_code == 401 and after.json()["detail"]
    assert after.headers["www-authenticate"].startswith("Bearer")


def test_api_me_needs_a_valid_token(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    for headers in ({}, {"Authorization": "Bearer ww_unknown"}, {"Authorization": "Basic dXNlcjpwdw=="}):
        response = client.get("/api/me", headers=headers)
        assert response.status_code == 401 and isinstance(response.json()["detail"], str)


def test_token_of_a_disabled_user_is_refused(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    headers = bearer(accounts_db, EMAIL)
    assert client.get("/api/me", headers=headers).status_code == 200
    with accounts_db.session() as session:
        set_active(session, get_user(session, EMAIL), False)
    assert client.get("/api/me", headers=headers).status_code == 401
    assert client.get("/api/services", headers=headers).status_code == 401


def test_api_ignores_the_session_cookie(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    login(client, EMAIL)
    assert client.get("/api/me").status_code == 401


def test_token_last_use_is_recorded_and_shown(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    headers = bearer(accounts_db, EMAIL, name="script")
    login(client, EMAIL)
    assert "nooit" in client.get("/account").text
    client.get("/api/me", headers=headers)
    assert "nooit" not in client.get("/account").text


def test_one_user_cannot_revoke_another_users_token(new_client, accounts_db: Database) -> None:  # type: ignore[no-untyped-def]
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    make_user(accounts_db, "ander@example.org", "redacteur")
    owner, other = new_client(), new_client()
    login(owner, EMAIL)
    login(other, "ander@example.org")
    _create_token(owner, "mijn token")
    token_id = re.search(r'action="/account/tokens/([^/]+)/intrekken"', owner.get("/account").text).group(1)  # type: ignore[union-attr]
    response = other.post(f"/account/tokens/{token_id}/intrekken", data={"csrf_token": form_token(other, "/account")})
    assert response.status_code == 404
    assert "ingetrokken" not in owner.get("/account").text


def test_markup_in_a_token_name_is_escaped(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    login(client, EMAIL)
    _create_token(client, "<script>alert('x')</script>")
    page = client.get("/account")
    assert "<script>alert('x')</script>" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text


def test_token_forms_need_a_csrf_token(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    login(client, EMAIL)
    assert client.post("/account/tokens", data={"name": "x"}).status_code == 403
    assert "<code>ww_" not in client.get("/account").text


def test_account_pages_need_a_login(client: TestClient) -> None:
    for path in ("/account", "/account/tweestapsverificatie"):
        assert client.get(path, follow_redirects=False).headers["location"].startswith("/inloggen?volgende=")
    response = client.post("/account/tokens", data={"name": "x", "csrf_token": form_token(client, "/inloggen")},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


def test_password_change_needs_the_current_password_and_ends_other_sessions(new_client, accounts_db: Database) -> None:  # type: ignore[no-untyped-def]
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    here, elsewhere = new_client(), new_client()
    login(here, EMAIL)
    login(elsewhere, EMAIL)
    wrong = here.post("/account/wachtwoord", data={"current": "not my password", "password": NEW_PASSWORD,
                                                   "repeat": NEW_PASSWORD, "csrf_token": form_token(here, "/account")})
    assert wrong.status_code == 400 and "Het huidige wachtwoord is onjuist." in wrong.text
    changed = here.post("/account/wachtwoord", follow_redirects=False, data={
        "current": PASSWORD, "password": NEW_PASSWORD, "repeat": NEW_PASSWORD,
        "csrf_token": form_token(here, "/account")})
    assert changed.status_code == 303
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account", follow_redirects=False).status_code == 303
    login(new_client(), EMAIL, NEW_PASSWORD)


def test_account_page_is_never_cached_by_shared_caches(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EMAIL, "partner", organization_ids=[ORG_A])
    login(client, EMAIL)
    for path in ("/account", "/", "/procedures"):
        assert client.get(path).headers["cache-control"] == "private, no-store"
