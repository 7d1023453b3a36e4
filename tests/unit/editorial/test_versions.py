"""Record versions: the importer bumps them too, and they never leak into HSDS objects."""

from datetime import UTC, datetime

from sqlalchemy import select

from tests import factories as f
from tests.unit.editorial.conftest import Directory
from wegwijzer.db import Database
from wegwijzer.directory.hsds import Snapshot, organization_object, service_object
from wegwijzer.directory.models import Organization, Service
from wegwijzer.ingest.rows import build_rows
from wegwijzer.ingest.store import sync
from wegwijzer.ingest.taxonomy import load_taxonomies


def test_new_records_start_at_version_one_and_an_import_update_bumps_it(small: Directory) -> None:
    newer = f.organization(services=[f.service(minimum_age=14)])
    with small.db.session() as s:
        sync(s, build_rows(f.result(newer), load_taxonomies()), updated_by="import:v2", now=datetime.now(UTC))
    with small.db.session() as s:
        assert s.get(Service, small.service_id).version == 2
        assert s.get(Organization, small.organization_id).version == 1  # unchanged rows keep theirs


def test_hsds_objects_leave_the_version_out(small: Directory) -> None:
    with small.db.session() as s:
        snap = Snapshot.load(s)
    service = service_object(snap, small.service_id)
    organization = organization_object(snap, small.organization_id)
    phones = service["organization"]["locations"][0]["phones"]
    assert "version" not in service and "version" not in organization and phones
    assert all("version" not in p for p in phones)
    assert "version" not in service["organization"]["locations"][0]["addresses"][0]


def test_snapshot_reads_only_the_directory_tables(db: Database) -> None:
    with db.session() as s:
        snap = Snapshot.load(s)
    assert "suggestion" not in snap.by_id and "import_baseline" not in snap.by_id and "service" in snap.by_id
    with db.session() as s:
        assert s.execute(select(Service)).first() is None
