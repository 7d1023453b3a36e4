"""The store step against a real SQLite file: inserts, updates, deletes and their history."""

from datetime import UTC, datetime

from sqlalchemy import select

from tests import factories as f
from wegwijzer.db import Database
from wegwijzer.directory.models import Metadata, Organization, Phone, Service
from wegwijzer.ingest.rows import build_rows
from wegwijzer.ingest.store import sync
from wegwijzer.ingest.taxonomy import load_taxonomies

T1 = datetime(2026, 1, 1, tzinfo=UTC)
T2 = datetime(2026, 2, 1, tzinfo=UTC)


def _sync(db: Database, result, when=T1, by="import:test"):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return sync(session, build_rows(result, load_taxonomies()), updated_by=by, now=when)


def test_first_sync_inserts_everything_and_records_creation(db: Database) -> None:
    stats = _sync(db, f.result())
    assert stats.inserted["organization"] == 1 and stats.inserted["service"] == 1
    with db.session() as s:
        creates = s.execute(select(Metadata).where(Metadata.last_action_type == "create")).scalars().all()
        assert {m.resource_type for m in creates} >= {"organization", "service", "phone", "address"}
        assert all(m.updated_by == "import:test" for m in creates)
        assert s.execute(select(Service.last_modified)).scalar_one() is not None


def test_same_records_twice_change_nothing(db: Database) -> None:
    _sync(db, f.result())
    with db.session() as s:
        before = s.execute(select(Metadata)).scalars().all()
    stats = _sync(db, f.result(), when=T2)
    assert not stats.changed
    with db.session() as s:
        assert len(s.execute(select(Metadata)).scalars().all()) == len(before)


def test_changed_field_is_updated_in_place_with_history(db: Database) -> None:
    _sync(db, f.result())
    newer = f.organization(services=[f.service(minimum_age=14)])
    stats = _sync(db, f.result(newer), when=T2)
    assert stats.updated["service"] == 1 and stats.inserted["service"] == 0
    with db.session() as s:
        svc = s.execute(select(Service)).scalar_one()
        assert svc.minimum_age == 14
        assert svc.last_modified is not None and svc.last_modified.replace(tzinfo=UTC) == T2
        (change,) = s.execute(select(Metadata).where(Metadata.last_action_type == "update")).scalars().all()
        assert (change.field_name, change.previous_value, change.replacement_value) == ("minimum_age", "12", "14")


def test_records_gone_from_a_newer_version_are_deleted_with_history(db: Database) -> None:
    _sync(db, f.result(f.organization(), f.organization("8", "Tweede vzw")))
    stats = _sync(db, f.result(f.organization()), when=T2)
    assert stats.deleted["organization"] == 1
    with db.session() as s:
        assert [o.name for o in s.execute(select(Organization)).scalars()] == ["Voorbeeldorganisatie vzw"]
        deleted = s.execute(select(Metadata).where(Metadata.last_action_type == "delete")).scalars().all()
        assert "Tweede vzw" in {m.previous_value for m in deleted}


def test_child_change_marks_the_service_modified(db: Database) -> None:
    _sync(db, f.result())
    newer = f.organization(services=[f.service(facets={"fase": ["preventie"]})])
    _sync(db, f.result(newer), when=T2)
    with db.session() as s:
        assert s.execute(select(Service.last_modified)).scalar_one().replace(tzinfo=UTC) == T2


def test_phone_change_replaces_the_number(db: Database) -> None:
    _sync(db, f.result())
    org = f.organization()
    org.contact_infos[0].phones[0].number = "+32 2 111 11 11"
    _sync(db, f.result(org), when=T2)
    with db.session() as s:
        assert [p.number for p in s.execute(select(Phone)).scalars()] == ["+32 2 111 11 11"]
