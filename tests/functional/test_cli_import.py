"""The `wegwijzer` command end to end, on a real database (the data folder's SQLite file, or PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.orm import Session

from tests.cli import run_cli
from tests.databases import home_url
from wegwijzer.directory.models import Organization, Phone, Service
from wegwijzer.editorial.models import Suggestion
from wegwijzer.ingest.services import bundled_document

BUNDLE = bundled_document().read_text(encoding="utf-8")


run = run_cli


def snapshot(db_url: str) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a failed import changed nothing."""
    engine = create_engine(db_url)
    out = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            out[table] = sorted(tuple(map(str, r)) for r in conn.execute(text(f'SELECT * FROM "{table}"')))
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def home_with_import(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "import")
    assert result.returncode == 0, result.stderr
    return home


def db_file(home: Path) -> str:
    """The URL of the database the CLI uses for ``home``."""
    return home_url(home)


def test_import_of_the_bundle_reports_counts_per_type(home_with_import: Path, tmp_path: Path) -> None:
    result = run(tmp_path, "import")
    assert result.returncode == 0, result.stderr
    assert "organisaties" in result.stdout and "diensten" in result.stdout
    assert "fiche" in result.stdout  # the per-fiche report of fields not found, or that all were found


def test_reimporting_the_same_document_changes_nothing(home_with_import: Path, tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert run(home, "import").returncode == 0
    before = snapshot(db_file(home))
    again = run(home, "import")
    assert again.returncode == 0, again.stderr
    assert "ongewijzigd" in again.stdout
    assert snapshot(db_file(home)) == before


def test_newer_version_updates_in_place_and_proposes_what_it_would_overwrite(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert run(home, "import").returncode == 0
    engine = create_engine(db_file(home))
    with Session(engine) as s:
        orgs_before = set(s.execute(select(Organization.id)).scalars())
        services_before = s.execute(select(func.count()).select_from(Service)).scalar_one()
    newer = tmp_path / "newer.txt"
    assert "02/ 313 99 11" in BUNDLE
    newer.write_text(BUNDLE.replace("02/ 313 99 11", "02/ 313 99 99"), encoding="utf-8")
    result = run(home, "import", str(newer))
    assert result.returncode == 0, result.stderr
    with Session(engine) as s:
        assert set(s.execute(select(Organization.id)).scalars()) == orgs_before
        assert s.execute(select(func.count()).select_from(Service)).scalar_one() == services_before
        numbers = set(s.execute(select(Phone.number)).scalars())
        # the new number is a new record (inserted); the old one stays until a reviewer accepts its removal
        assert "+32 2 313 99 99" in numbers and "+32 2 313 99 11" in numbers
        pending = s.execute(select(Suggestion).where(Suggestion.status == "pending")).scalars().all()
        assert {(p.record_type, p.field_name, p.original_value) for p in pending} == {
            ("phone", "record", "+32 2 313 99 11")}
    assert f"Voorgestelde wijzigingen: {len(pending)} nieuw" in " ".join(result.stdout.split())
    engine.dispose()


BAD_INPUTS = {
    "empty": b"",
    "binary": bytes(range(256)) * 64,
    "non-utf8": BUNDLE[:20000].encode("cp1252", errors="replace"),
    "unrelated": ("Recept voor appeltaart.\n\nNeem 200 gram bloem en 3 appels. " * 40).encode(),
    "truncated": BUNDLE[: len(BUNDLE) // 2].encode(),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_is_refused_and_leaves_the_database_as_it_was(kind: str, tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert run(home, "import").returncode == 0
    before = snapshot(db_file(home))
    bad = tmp_path / f"{kind}.txt"
    bad.write_bytes(BAD_INPUTS[kind])
    result = run(home, "import", str(bad))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "Fout" in result.stderr and "unchanged" in result.stderr
    assert snapshot(db_file(home)) == before


def test_missing_file_gives_a_clear_message(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(tmp_path / "bestaat-niet.txt"))
    assert result.returncode != 0 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_bad_database_url_gives_a_clear_message(tmp_path: Path) -> None:
    result = run(tmp_path, "organizations", db_url="nonsense://")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "WEGWIJZER_DATABASE_URL" in result.stderr or "database" in result.stderr


def test_organizations_lists_every_fiche(home_with_import: Path) -> None:
    result = run(home_with_import, "organizations")
    assert result.returncode == 0, result.stderr
    assert "Abrusco" in result.stdout and "KANS Centraal Meldpunt Brussel" in result.stdout


def test_show_finds_by_name_and_by_id(home_with_import: Path) -> None:
    by_name = run(home_with_import, "show", "abrusco")
    assert by_name.returncode == 0, by_name.stderr
    assert "Taalkot" in by_name.stdout
    org_id = next(line.split()[-1] for line in by_name.stdout.splitlines() if line.startswith("id:"))
    by_id = run(home_with_import, "show", org_id)
    assert by_id.returncode == 0 and "Abrusco" in by_id.stdout


def test_show_unknown_name_fails_clearly(home_with_import: Path) -> None:
    result = run(home_with_import, "show", "zzz-bestaat-niet")
    assert result.returncode == 1 and "no organisation or service matches" in result.stderr


def test_export_writes_valid_hsds(home_with_import: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = run(home_with_import, "export", "hsds", "--out", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    services = json.loads((out / "services.json").read_text(encoding="utf-8"))
    organizations = json.loads((out / "organizations.json").read_text(encoding="utf-8"))
    assert len(services) > 80 and len(organizations) > 45


def test_export_to_a_file_path_fails_clearly(home_with_import: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = run(home_with_import, "export", "hsds", "--out", str(target))
    assert result.returncode != 0 and "not a folder" in result.stderr


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade")
    assert result.returncode == 0 and "revision" in result.stdout


def test_unknown_command_exits_2(tmp_path: Path) -> None:
    assert run(tmp_path, "frobnicate").returncode == 2
