"""Every service and organisation page of the bundle renders (a record with only one age bound once broke it)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from wegwijzer.db import Database
from wegwijzer.directory.models import Organization, Service


def test_every_service_page_renders(client: TestClient, web_db: Database) -> None:
    with web_db.session() as session:
        ids = list(session.execute(select(Service.id)).scalars())
    failing = [(sid, r.status_code) for sid in ids if (r := client.get(f"/diensten/{sid}")).status_code != 200]
    assert failing == []


def test_every_organization_page_renders(client: TestClient, web_db: Database) -> None:
    with web_db.session() as session:
        ids = list(session.execute(select(Organization.id)).scalars())
    failing = [(oid, r.status_code) for oid in ids if (r := client.get(f"/organisaties/{oid}")).status_code != 200]
    assert failing == []


def test_one_sided_age_range_is_shown(client: TestClient, web_db: Database) -> None:
    with web_db.session() as session:
        svc = session.execute(
            select(Service).where(Service.minimum_age.is_(None), Service.maximum_age.is_not(None))
        ).scalars().first()
    assert svc is not None
    page = client.get(f"/diensten/{svc.id}").text
    assert f"≤ {int(svc.maximum_age)}" in page
