"""Password reset and invitations by e-mail, read back from the FileMailer's .eml files."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update

from tests.accounts import PASSWORD, form_token, login, make_user
from tests.functional.accounts.conftest import ORG_A
from wegwijzer.accounts.models import MailToken
from wegwijzer.config import Settings
from wegwijzer.db import Database

EMAIL = "redacteur@example.org"
NEW_PASSWORD = "a brand new long passphrase"


def mails(settings: Settings) -> list[dict[str, str]]:
    folder = settings.home / "mail"
    out = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        message = message_from_bytes(Path(path).read_bytes(), policy=policy.default)
        out.append({"to": str(message["To"]), "subject": str(message["Subject"]),
                    "body": message.get_body().get_content()})  # type: ignore[union-attr]
    return out


def link_in(body: str) -> str:
    match = re.search(r"http://wegwijzer\.test(/\S+)", body)
    assert match, body
    return match.group(1)


def _ask_reset(client: TestClient, email: str):  # type: ignore[no-untyped-def]
    return client.post("/wachtwoord-vergeten",
                       data={"email": email, "csrf_token": form_token(client, "/wachtwoord-vergeten")})


def _set(client: TestClient, path: str, password: str, repeat: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(path, data={"password": password, "repeat": repeat or password,
                                   "csrf_token": form_token(client, path)})


def test_password_reset_by_mail_link(client: TestClient, accounts_db: Database, settings: Settings) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    response = _ask_reset(client, EMAIL)
    assert response.status_code == 200 and "Als er een account met dit e-mailadres bestaat" in response.text
    [mail] = mails(settings)
    assert mail["to"] == EMAIL
    path = link_in(mail["body"])
    assert path.startswith("/wachtwoord-herstellen/")
    assert _set(client, path, NEW_PASSWORD).status_code == 200
    login(client, EMAIL, NEW_PASSWORD)
    assert client.get("/account").status_code == 200
    again = client.get(path)
    assert again.status_code == 400 and "ongeldig, al gebruikt of verlopen" in again.text


def test_reset_answer_is_the_same_for_an_unknown_email(client: TestClient, accounts_db: Database,
                                                       settings: Settings) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    known = _ask_reset(client, EMAIL)
    unknown = _ask_reset(client, "niemand@example.org")
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)
    assert [m["to"] for m in mails(settings)] == [EMAIL]


def test_reset_link_expires_after_an_hour(client: TestClient, accounts_db: Database, settings: Settings) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    _ask_reset(client, EMAIL)
    path = link_in(mails(settings)[0]["body"])
    with accounts_db.session() as session:
        session.execute(update(MailToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert client.get(path).status_code == 400
    response = client.post(path, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD,
                                       "csrf_token": form_token(client, "/wachtwoord-vergeten")})
    assert response.status_code == 400
    login(client, EMAIL, PASSWORD)  # unchanged


def test_reset_refuses_a_short_or_mismatched_password(client: TestClient, accounts_db: Database,
                                                      settings: Settings) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    _ask_reset(client, EMAIL)
    path = link_in(mails(settings)[0]["body"])
    short = _set(client, path, "kort")
    assert short.status_code == 400 and "minstens 12 tekens" in short.text
    assert _set(client, path, NEW_PASSWORD, NEW_PASSWORD + "x").status_code == 400
    login(client, EMAIL, PASSWORD)  # unchanged


def test_reset_ends_existing_sessions(new_client, accounts_db: Database, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    make_user(accounts_db, EMAIL, "redacteur")
    old = new_client()
    login(old, EMAIL)
    visitor = new_client()
    _ask_reset(visitor, EMAIL)
    _set(visitor, link_in(mails(settings)[0]["body"]), NEW_PASSWORD)
    assert old.get("/account", follow_redirects=False).status_code == 303


def test_invitation_lets_the_person_choose_a_password(new_client, accounts_db: Database, people: dict[str, str],  # type: ignore[no-untyped-def]
                                                      settings: Settings) -> None:
    admin = new_client()
    login(admin, people["beheerder"])
    response = admin.post("/beheer/gebruikers/uitnodigen", follow_redirects=False, data={
        "email": "nieuw@example.org", "role": "partner", "organisatie": [ORG_A],
        "csrf_token": form_token(admin, "/beheer/gebruikers")})
    assert response.status_code == 303
    [mail] = [m for m in mails(settings) if m["to"] == "nieuw@example.org"]
    path = link_in(mail["body"])
    assert path.startswith("/uitnodiging/")
    invited = new_client()
    assert invited.get(path).status_code == 200
    assert _set(invited, path, NEW_PASSWORD).status_code == 200
    login(invited, "nieuw@example.org", NEW_PASSWORD)
    me = invited.get("/account")
    assert "Voorbeeld A vzw" in me.text
    assert invited.get(path).status_code == 400


def test_invitation_of_an_existing_user_is_refused(new_client, accounts_db: Database, people: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    admin = new_client()
    login(admin, people["beheerder"])
    response = admin.post("/beheer/gebruikers/uitnodigen", data={
        "email": people["redacteur"], "role": "redacteur", "csrf_token": form_token(admin, "/beheer/gebruikers")})
    assert response.status_code == 409 and "Er bestaat al een gebruiker" in response.text


def test_mail_link_forms_need_a_csrf_token(client: TestClient, accounts_db: Database, settings: Settings) -> None:
    make_user(accounts_db, EMAIL, "redacteur")
    assert client.post("/wachtwoord-vergeten", data={"email": EMAIL}).status_code == 403
    assert mails(settings) == []
