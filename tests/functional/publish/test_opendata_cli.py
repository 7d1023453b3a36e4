"""`wegwijzer export datapackage|json|ndjson` end to end on the bundled infobundle, checked by the
real `frictionless validate`; bad options and failed exports leave nothing half-written."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from tests import databases
from tests.cli import run_cli
from wegwijzer.db import Database
from wegwijzer.directory.hsds import SNAPSHOT_TABLES
from wegwijzer.directory.validate import errors


@dataclass
class Exported:
    url: str
    folder: Path
    results: dict[str, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def exported(clone_imported: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Exported:
    folder = tmp_path_factory.mktemp("opendata-cli")
    url = clone_imported()
    results = {
        "datapackage": run_cli(folder, "export", "datapackage", "--out", str(folder / "dp"), db_url=url),
        "json": run_cli(folder, "export", "json", "--out", str(folder / "wegwijzer.json"), db_url=url),
        "ndjson": run_cli(folder, "export", "ndjson", "--out", str(folder / "services.ndjson"), db_url=url),
    }
    return Exported(url, folder, results)


@pytest.fixture
def scratch_db(imported_template: str, tmp_path: Path) -> Iterator[str]:
    url = databases.clone(imported_template, tmp_path)
    yield url
    databases.drop(url)


def table_counts(url: str) -> dict[str, int]:
    database = Database(url)
    with database.engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in SNAPSHOT_TABLES}
    database.dispose()
    return counts


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_the_three_exports_succeed(exported: Exported) -> None:
    for name, result in exported.results.items():
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert "diensten en" in result.stdout and "organisaties" in result.stdout


def test_the_bundled_datapackage_validates_with_frictionless(exported: Exported) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(exported.folder / "dp" / "datapackage.json")],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["stats"]["errors"] == 0, json.dumps(report["tasks"], indent=1)[:4000]
    assert report["valid"] is True and result.returncode == 0
    assert report["stats"]["tasks"] == len(SNAPSHOT_TABLES)


def test_the_datapackage_has_one_csv_per_table_with_every_row(exported: Exported) -> None:
    folder = exported.folder / "dp"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    counts = table_counts(exported.url)
    assert {r["name"] for r in package["resources"]} == set(SNAPSHOT_TABLES)
    assert sorted(p.name for p in folder.iterdir()) == sorted([r["path"] for r in package["resources"]]
                                                               + ["datapackage.json"])
    for resource in package["resources"]:
        assert len(read_csv(folder / resource["path"])) == counts[resource["name"]], resource["name"]
    assert counts["service"] > 80 and counts["attribute"] > 500


def test_the_datapackage_states_the_licence_and_the_source(exported: Exported) -> None:
    package = json.loads((exported.folder / "dp" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert "Samen tegen schooluitval" in package["sources"][0]["title"]
    assert "infobundel-schooluitval-brussel.txt" in package["sources"][0]["title"]
    assert package["created"].startswith("20")


def test_the_json_export_is_one_document_of_valid_hsds_objects(exported: Exported) -> None:
    document = json.loads((exported.folder / "wegwijzer.json").read_text(encoding="utf-8"))
    counts = table_counts(exported.url)
    assert document["hsds_version"] == "3.0" and document["license"]["name"] == "CC-BY-4.0"
    assert len(document["services"]) == counts["service"]
    assert len(document["organizations"]) == counts["organization"]
    assert len(document["taxonomies"]) == counts["taxonomy"]
    assert len(document["taxonomy_terms"]) == counts["taxonomy_term"]
    assert errors(document["services"][0], "service") == []
    assert all(s["organization"]["id"] == s["organization_id"] for s in document["services"])


def test_the_ndjson_export_is_one_service_per_line(exported: Exported) -> None:
    lines = (exported.folder / "services.ndjson").read_text(encoding="utf-8").splitlines()
    services = [json.loads(line) for line in lines]
    document = json.loads((exported.folder / "wegwijzer.json").read_text(encoding="utf-8"))
    assert services == document["services"]


def test_out_is_required(tmp_path: Path, scratch_db: str) -> None:
    for command in ("datapackage", "json", "ndjson"):
        result = run_cli(tmp_path, "export", command, db_url=scratch_db)
        assert result.returncode == 2 and "--out" in result.stderr


def test_datapackage_refuses_a_file_as_folder(tmp_path: Path, scratch_db: str) -> None:
    target = tmp_path / "bestaand.txt"
    target.write_text("blijft")
    result = run_cli(tmp_path, "export", "datapackage", "--out", str(target), db_url=scratch_db)
    assert result.returncode == 1 and "is geen map" in result.stderr
    assert target.read_text() == "blijft"


def test_datapackage_refuses_a_folder_with_other_files(tmp_path: Path, scratch_db: str) -> None:
    folder = tmp_path / "documenten"
    folder.mkdir()
    (folder / "notities.txt").write_text("belangrijk")
    result = run_cli(tmp_path, "export", "datapackage", "--out", str(folder), db_url=scratch_db)
    assert result.returncode == 1 and "andere bestanden" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notities.txt"]


def test_json_refuses_a_folder_as_file(tmp_path: Path, scratch_db: str) -> None:
    result = run_cli(tmp_path, "export", "json", "--out", str(tmp_path), db_url=scratch_db)
    assert result.returncode == 1 and "is een map" in result.stderr


def test_a_failed_export_leaves_the_earlier_files_as_they_were(tmp_path: Path, scratch_db: str) -> None:
    folder, document = tmp_path / "dp", tmp_path / "wegwijzer.json"
    assert run_cli(tmp_path, "export", "datapackage", "--out", str(folder), db_url=scratch_db).returncode == 0
    document.write_text("vorige export", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    database = Database(scratch_db)
    with database.session() as session:  # a status HSDS does not allow
        session.execute(text("UPDATE service SET status = 'open' WHERE id = (SELECT min(id) FROM service)"))
    database.dispose()

    failed_dp = run_cli(tmp_path, "export", "datapackage", "--out", str(folder), db_url=scratch_db)
    failed_json = run_cli(tmp_path, "export", "json", "--out", str(document), db_url=scratch_db)
    failed_ndjson = run_cli(tmp_path, "export", "ndjson", "--out", str(tmp_path / "s.ndjson"), db_url=scratch_db)

    assert failed_dp.returncode == 1 and "niets geschreven" in failed_dp.stderr and "'open'" in failed_dp.stderr
    assert failed_json.returncode == 1 and "HSDS-validatiefouten" in failed_json.stderr
    assert failed_ndjson.returncode == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert document.read_text(encoding="utf-8") == "vorige export"
    assert not (tmp_path / "s.ndjson").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary leftovers


def test_an_empty_directory_exports_a_valid_empty_package(tmp_path: Path, database_url: str) -> None:
    result = run_cli(tmp_path, "export", "datapackage", "--out", str(tmp_path / "dp"), db_url=database_url)
    assert result.returncode == 0 and "De gids is leeg" in result.stdout
    assert read_csv(tmp_path / "dp" / "services.csv") == []
