"""The TOTP second factor through HTTP: code step at login, required set-up for a beheerder."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from tests.accounts import PASSWORD, form_token, login, make_user, totp_code
from wegwijzer.accounts import totp
from wegwijzer.accounts.services import user_by_email
from wegwijzer.db import Database

ADMIN = "beheerder@example.org"
EDITOR = "redacteur@example.org"


def _password_step(client: TestClient, email: str) -> str:
    response = client.post("/inloggen", data={"email": email, "password": PASSWORD,
                                              "csrf_token": form_token(client, "/inloggen")}, follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"]


def _code(client: TestClient, code: str):  # type: ignore[no-untyped-def]
    return client.post("/inloggen/code", data={"code": code, "csrf_token": form_token(client, "/inloggen/code")},
                       follow_redirects=False)


def test_password_alone_does_not_log_in_a_totp_user(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EDITOR, "redacteur", totp_enabled=True)
    assert _password_step(client, EDITOR) == "/inloggen/code"
    assert EDITOR not in client.get("/").text
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_right_code_logs_in_and_wrong_code_is_refused(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EDITOR, "redacteur", totp_enabled=True)
    _password_step(client, EDITOR)
    wrong = _code(client, "000000" if totp_code(accounts_db, EDITOR) != "000000" else "111111")
    assert wrong.status_code == 400 and "Onjuiste, verlopen of al gebruikte code." in wrong.text
    assert _code(client, totp_code(accounts_db, EDITOR)).status_code == 303
    assert client.get("/account").status_code == 200


def test_a_code_is_accepted_only_once(new_client, accounts_db: Database) -> None:  # type: ignore[no-untyped-def]
    make_user(accounts_db, EDITOR, "redacteur", totp_enabled=True)
    code = totp_code(accounts_db, EDITOR)
    first, second = new_client(), new_client()
    _password_step(first, EDITOR)
    assert _code(first, code).status_code == 303
    _password_step(second, EDITOR)
    assert _code(second, code).status_code == 400


def test_code_step_without_password_step_goes_back_to_login(client: TestClient) -> None:
    assert client.get("/inloggen/code", follow_redirects=False).headers["location"] == "/inloggen"


def test_beheerder_without_totp_can_only_set_it_up(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, ADMIN, "beheerder", totp_enabled=False)
    assert _password_step(client, ADMIN) == "/account/tweestapsverificatie"
    for path in ("/beheer/gebruikers", "/account", "/"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/account/tweestapsverificatie"
    page = client.get("/account/tweestapsverificatie")
    assert page.status_code == 200 and "<svg" in page.text and "otpauth://totp/" in page.text
    secret = re.search(r"secret=([A-Z2-7]+)", page.text)
    assert secret
    response = client.post("/account/tweestapsverificatie", data={
        "code": totp.code_at(secret.group(1), datetime.now(UTC)),
        "csrf_token": form_token(client, "/account/tweestapsverificatie")}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/beheer/gebruikers").status_code == 200
    with accounts_db.session() as session:
        user = user_by_email(session, ADMIN)
        assert user is not None and user.totp_secret == secret.group(1)


def test_totp_set_up_refuses_a_wrong_code(client: TestClient, accounts_db: Database) -> None:
    make_user(accounts_db, EDITOR, "redacteur")
    login(client, EDITOR)
    client.get("/account/tweestapsverificatie")
    response = client.post("/account/tweestapsverificatie", data={
        "code": "12345x", "csrf_token": form_token(client, "/account/tweestapsverificatie")})
    assert response.status_code == 400 and "Deze code klopt niet." in response.text
    with accounts_db.session() as session:
        user = user_by_email(session, EDITOR)
        assert user is not None and user.totp_secret is None


def test_editor_may_turn_totp_off_but_a_beheerder_may_not(new_client, accounts_db: Database) -> None:  # type: ignore[no-untyped-def]
    make_user(accounts_db, EDITOR, "redacteur", totp_enabled=True)
    make_user(accounts_db, ADMIN, "beheerder")
    editor, admin = new_client(), new_client()
    login(editor, EDITOR)
    login(admin, ADMIN)
    off = {"current": PASSWORD}
    response = editor.post("/account/tweestapsverificatie/uit", follow_redirects=False,
                           data=off | {"csrf_token": form_token(editor, "/account")})
    assert response.status_code == 303
    response = admin.post("/account/tweestapsverificatie/uit", data=off | {"csrf_token": form_token(admin, "/account")})
    assert response.status_code == 403
    with accounts_db.session() as session:
        assert user_by_email(session, EDITOR).totp_secret is None  # type: ignore[union-attr]
        assert user_by_email(session, ADMIN).totp_secret is not None  # type: ignore[union-attr]
