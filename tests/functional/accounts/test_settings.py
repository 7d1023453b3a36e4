"""Start-up refuses production with the default secret key; cookies are Secure outside development."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.accounts import PASSWORD, form_token, make_user
from wegwijzer.app import create_app
from wegwijzer.config import ConfigError, Settings
from wegwijzer.db import Database


def test_production_with_the_default_secret_key_is_refused(tmp_path: Path, db: Database) -> None:
    with pytest.raises(ConfigError, match="WEGWIJZER_SECRET_KEY"):
        create_app(Settings(home=tmp_path, environment="production"), db)


def test_production_cookies_are_secure(tmp_path: Path, db: Database) -> None:
    settings = Settings(home=tmp_path, environment="production", secret_key="x" * 40)
    make_user(db, "r@example.org", "redacteur")
    client = TestClient(create_app(settings, db), base_url="https://testserver")
    response = client.post("/inloggen", data={"email": "r@example.org", "password": PASSWORD,
                                              "csrf_token": form_token(client, "/inloggen")}, follow_redirects=False)
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()
