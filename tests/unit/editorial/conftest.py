"""A small directory (one organisation, one service, invented data) and the people who edit it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests import factories as f
from wegwijzer.accounts.principal import Principal
from wegwijzer.db import Database
from wegwijzer.directory.models import Address, Contact, Organization, Phone, Service
from wegwijzer.ingest.rows import build_rows
from wegwijzer.ingest.store import sync
from wegwijzer.ingest.taxonomy import load_taxonomies

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EDITOR = Principal(user_id="u1", email="redacteur@example.org", role="redacteur")
ADMIN = Principal(user_id="u0", email="beheerder@example.org", role="beheerder")


@dataclass
class Directory:
    db: Database
    organization_id: str
    service_id: str
    phone_id: str
    contact_id: str
    address_id: str

    def partner(self, own: bool = True) -> Principal:
        orgs = frozenset({self.organization_id if own else "00000000-0000-0000-0000-000000000000"})
        return Principal(user_id="u2" if own else "u3", email="partner@example.org" if own else
                         "ander@example.org", role="partner", organization_ids=orgs)


@pytest.fixture
def small(db: Database) -> Directory:
    with db.session() as s:
        sync(s, build_rows(f.result(), load_taxonomies()), updated_by="import:test.txt", now=T0)
    with db.session() as s:
        return Directory(
            db=db,
            organization_id=s.execute(select(Organization.id)).scalar_one(),
            service_id=s.execute(select(Service.id)).scalar_one(),
            phone_id=s.execute(select(Phone.id)).scalar_one(),
            contact_id=s.execute(select(Contact.id).where(Contact.name.is_not(None))).scalar_one(),
            address_id=s.execute(select(Address.id)).scalar_one(),
        )
