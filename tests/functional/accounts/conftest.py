"""Accounts through HTTP: a fresh real SQLite database per test, with two invented organisations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.accounts import make_user
from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Organization

ORG_A = "00000000-0000-4000-8000-00000000000a"
ORG_B = "00000000-0000-4000-8000-00000000000b"


@pytest.fixture
def accounts_db(db: Database) -> Database:
    with db.session() as session:
        session.add_all([Organization(id=ORG_A, name="Voorbeeld A vzw", description="", sort_order=1),
                         Organization(id=ORG_B, name="Voorbeeld B vzw", description="", sort_order=2)])
    return db


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", base_url="http://wegwijzer.test")


@pytest.fixture
def app(accounts_db: Database, settings: Settings) -> FastAPI:
    return create_app(settings=settings, database=accounts_db)


@pytest.fixture
def new_client(app: FastAPI) -> Iterator[Callable[[], TestClient]]:
    """Each call: a separate browser (its own cookie jar)."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(new_client: Callable[[], TestClient]) -> TestClient:
    return new_client()


@pytest.fixture
def people(accounts_db: Database) -> dict[str, str]:
    """One user per role (partner of organisation A), by role name -> e-mail."""
    emails = {"beheerder": "beheerder@example.org", "redacteur": "redacteur@example.org",
              "partner": "partner@example.org", "partner_b": "partner-b@example.org"}
    make_user(accounts_db, emails["beheerder"], "beheerder")
    make_user(accounts_db, emails["redacteur"], "redacteur")
    make_user(accounts_db, emails["partner"], "partner", organization_ids=[ORG_A])
    make_user(accounts_db, emails["partner_b"], "partner", organization_ids=[ORG_B])
    return emails
