"""Test helpers for accounts: users, logging in through the real login form, bearer tokens, CSRF tokens.

A beheerder made here gets a TOTP secret (a beheerder must have one); ``login`` then also
answers the code step, computing the code from the secret stored in the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from wegwijzer.accounts import totp
from wegwijzer.accounts.principal import Principal
from wegwijzer.accounts.services import create_token, create_user, principal_for_user, user_by_email
from wegwijzer.db import Database

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_user(db: Database, email: str, role: str, organization_ids: Iterable[str] = (),
              password: str | None = PASSWORD, totp_enabled: bool | None = None) -> Principal:
    """A user in the database (TOTP on for a beheerder unless ``totp_enabled`` says otherwise)."""
    with db.session() as session:
        user = create_user(session, email, role, organization_ids=tuple(organization_ids), password=password)
        if totp_enabled if totp_enabled is not None else role == "beheerder":
            user.totp_secret = totp.new_secret()
        return principal_for_user(user)


def totp_code(db: Database, email: str) -> str:
    """A code the login will accept now (the user's last accepted step is forgotten first)."""
    with db.session() as session:
        user = user_by_email(session, email)
        assert user is not None and user.totp_secret, f"{email} has no TOTP"
        user.totp_last_step = None
        return totp.code_at(user.totp_secret, datetime.now(UTC))


def form_token(client: TestClient, path: str) -> str:
    """GET ``path`` and read the csrf_token hidden input (the client keeps the cookie it may set)."""
    response = client.get(path)
    match = _CSRF.search(response.text)
    assert match, f"no csrf_token on {path} (status {response.status_code})"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form (and the code step for TOTP users); the client keeps the cookie."""
    response = client.post("/inloggen", data={"email": email, "password": password,
                                              "csrf_token": form_token(client, "/inloggen")},
                           follow_redirects=False)
    assert response.status_code == 303, f"login of {email} failed: {response.status_code}"
    if response.headers["location"].startswith("/inloggen/code"):
        database: Database = client.app.state.db  # type: ignore[attr-defined]
        response = client.post("/inloggen/code", data={"code": totp_code(database, email),
                                                       "csrf_token": form_token(client, "/inloggen/code")},
                               follow_redirects=False)
        assert response.status_code == 303, f"code step of {email} failed: {response.status_code}"


def bearer(db: Database, email: str, name: str = "test") -> dict[str, str]:
    """Headers with a fresh personal API token of this user."""
    with db.session() as session:
        token = create_token(session, email, name=name)
    return {"Authorization": f"Bearer {token}"}
