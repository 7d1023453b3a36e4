"""Shared set-up of the editorial website and API tests: a copy of the imported bundle with a user of
every role, clients logged in through the real login form, and small helpers (no patching).

Each client gets its own client address, so the anonymous rate limit (per address) of one test
never reaches another.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.accounts import bearer, form_token, login, make_user
from wegwijzer.accounts.principal import Principal
from wegwijzer.accounts.services import principal_for_user, user_by_email
from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Service, ServiceAtLocation
from wegwijzer.editorial import services

ANONYMOUS = "anoniem"
OWN_PARTNER = "partner van deze organisatie"
OTHER_PARTNER = "partner van een andere organisatie"
REDACTEUR = "redacteur"
BEHEERDER = "beheerder"
ROLES = (ANONYMOUS, OWN_PARTNER, OTHER_PARTNER, REDACTEUR, BEHEERDER)
EDITORS = (REDACTEUR, BEHEERDER)
EMAILS = {
    OWN_PARTNER: "partner@example.org",
    OTHER_PARTNER: "partner-elders@example.org",
    REDACTEUR: "redacteur@example.org",
    BEHEERDER: "beheerder@example.org",
}
SCRIPT = "<script>alert(1)</script>"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ADDRESSES = itertools.count(1)


@dataclass
class World:
    """The app over its own database, the records the tests work on, and the users."""

    db: Database
    app: FastAPI
    home: Path
    service_id: str  # a service of ``organization_id``
    organization_id: str
    other_organization_id: str
    clients: list[TestClient] = field(default_factory=list)

    def client(self, role: str = ANONYMOUS) -> TestClient:
        """A new client (own address and cookies), logged in as ``role``."""
        n = next(_ADDRESSES)
        client = TestClient(self.app, raise_server_exceptions=False, follow_redirects=False,
                            client=(f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}", 50000))
        client.__enter__()
        self.clients.append(client)
        if role != ANONYMOUS:
            login(client, EMAILS[role])
        return client

    def headers(self, role: str) -> dict[str, str]:
        """API headers: a fresh bearer token of the role's user (none for anonymous)."""
        return {} if role == ANONYMOUS else bearer(self.db, EMAILS[role])

    def principal(self, role: str) -> Principal:
        with self.db.session() as session:
            user = user_by_email(session, EMAILS[role])
            assert user is not None
            return principal_for_user(user)

    def change(self, field_name: str, value: str, role: str = REDACTEUR) -> str:
        """Edit the service directly (as ``role``) and return the id of the history entry it wrote."""
        with self.db.session() as session:
            state = services.record_values(session, "service", self.service_id)
            services.edit_record(session, self.principal(role), "service", self.service_id, {field_name: value},
                                 state.version)
            entry = next(e for e in services.history(session, self.service_id) if e.field_name == field_name)
            return entry.id

    def suggest(self, field_name: str = "alternate_name", value: str = "Een andere naam", note: str = "",
                record_type: str = "service", record_id: str | None = None) -> str:
        """A pending suggestion made directly through the service (as an anonymous visitor); its id."""
        with self.db.session() as session:
            view = services.submit_suggestion(session, None, record_type, record_id or self.service_id, field_name,
                                              value, note=note, client_key=f"set-up-{next(_ADDRESSES)}")
            return view.id

    def value(self, field_name: str, service_id: str | None = None) -> str:
        with self.db.session() as session:
            return services.record_values(session, "service", service_id or self.service_id).values[field_name]

    def version(self, record_type: str = "service", record_id: str | None = None) -> int:
        with self.db.session() as session:
            return services.record_values(session, record_type, record_id or self.service_id).version

    def status(self, suggestion_id: str) -> str:
        with self.db.session() as session:
            return services.get_suggestion(session, suggestion_id).status


def csrf(client: TestClient, path: str) -> str:
    return form_token(client, path)


def page_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1)


def build_world(url: str, folder: Path) -> World:
    database = Database(url)
    with database.session() as session:
        rows = session.execute(select(Service.id, Service.organization_id).order_by(Service.sort_order,
                                                                                      Service.name)).all()
        located = set(session.scalars(select(ServiceAtLocation.service_id)))
    service_id, organization_id = next(row for row in rows if row[0] in located)  # a service with parts
    other = next(org for _sid, org in rows if org != organization_id)
    make_user(database, EMAILS[OWN_PARTNER], "partner", organization_ids=[organization_id])
    make_user(database, EMAILS[OTHER_PARTNER], "partner", organization_ids=[other])
    make_user(database, EMAILS[REDACTEUR], "redacteur")
    make_user(database, EMAILS[BEHEERDER], "beheerder")
    home = folder / "home"
    app = create_app(Settings(home=home, database_url=url), database)
    return World(database, app, home, service_id, organization_id, other)


@pytest.fixture(scope="module", name="world")
def world_fixture(clone_imported: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One database per test module: tests make their own suggestions and check only those (and put back
    what they change that others could see, such as an organisation's direct-edit setting)."""
    built = build_world(clone_imported(), tmp_path_factory.mktemp("editorial"))
    yield built
    for client in built.clients:
        client.__exit__(None, None, None)
    built.db.dispose()

