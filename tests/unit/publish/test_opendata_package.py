"""The datapackage built from rows: its descriptor, its CSV files, and what frictionless says of it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.publish.opendata import (
    DATAPACKAGE,
    LICENCE,
    DatasetInfo,
    HsdsDocuments,
    OpenDataError,
    SourceDocument,
    check_rows,
    json_document,
    ndjson_bytes,
    tabular_files,
)
from wegwijzer.publish.opendata_schema import hsds_tables

WHEN = datetime(2026, 3, 4, 5, 6, 7)
INFO = DatasetInfo(data_date=WHEN, sources=(SourceDocument("infobundel.txt", "ab" * 32, WHEN),),
                   homepage="https://wegwijzer.example.org/open-data")


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def tables(**changes: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A tiny directory: one organisation with one service at one location, one facet, its history."""
    org, svc, loc, sal = _id("org"), _id("svc"), _id("loc"), _id("sal")
    tax, term, attr = _id("tax"), _id("term"), _id("attr")
    rows: dict[str, list[dict[str, Any]]] = {
        "organization": [{"id": org, "name": "Voorbeeldorganisatie", "description": "", "email": "info@example.org",
                          "website": "https://example.org", "year_incorporated": 1998, "sort_order": 1,
                          "source_fiche": "1", "source_line_start": 3, "version": 2}],
        "service": [{"id": svc, "organization_id": org, "name": "Time-out", "status": "active", "minimum_age": 12.0,
                     "maximum_age": 18.5, "assured_date": "2026-01-15", "last_modified": WHEN, "sort_order": 0}],
        "location": [{"id": loc, "location_type": "physical", "organization_id": org, "latitude": 50.85}],
        "service_at_location": [{"id": sal, "service_id": svc, "location_id": loc}],
        "address": [{"id": _id("adr"), "location_id": loc, "address_1": "Voorbeeldstraat 1", "city": "Brussel",
                     "state_province": "Brussels Hoofdstedelijk Gewest", "postal_code": "1000", "country": "BE",
                     "address_type": "physical"}],
        "schedule": [{"id": _id("sch"), "service_id": svc, "freq": "WEEKLY", "byday": "MO,TU", "opens_at": "9.00",
                      "closes_at": "17:00"}],
        "cost_option": [{"id": _id("cost"), "service_id": svc, "option": "gratis", "currency": "EUR", "amount": 0.0}],
        "taxonomy": [{"id": tax, "name": "fase", "description": "Fase in het schema.", "version": None}],
        "taxonomy_term": [{"id": term, "code": "preventie", "name": "Preventie", "description": "",
                           "taxonomy": "fase", "taxonomy_id": tax, "language": "nl", "sort_order": 0}],
        "attribute": [{"id": attr, "link_id": svc, "taxonomy_term_id": term, "link_type": "fase",
                       "link_entity": "service", "value": "preventie"}],
        "metadata": [{"id": _id("meta"), "resource_id": svc, "resource_type": "service", "last_action_date": WHEN,
                      "last_action_type": "create", "field_name": "record", "previous_value": "",
                      "replacement_value": "Time-out", "updated_by": "import:infobundel.txt"}],
    }
    for table, update in changes.items():
        rows[table] = [{**rows[table][0], **update}]
    return rows


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_package_holds_one_csv_per_table_and_the_descriptor_first() -> None:
    files = tabular_files(Snapshot(tables()), INFO)
    names = list(files)
    assert names[0] == DATAPACKAGE
    package = json.loads(files[DATAPACKAGE])
    assert [r["path"] for r in package["resources"]] == names[1:]
    assert {r["name"] for r in package["resources"]} == set(tables())


def test_descriptor_states_licence_sources_date_and_homepage() -> None:
    package = json.loads(tabular_files(Snapshot(tables()), INFO)[DATAPACKAGE])
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"] == [LICENCE] and LICENCE["name"] == "CC-BY-4.0"
    assert "Samen tegen schooluitval" in package["sources"][0]["title"]
    assert "infobundel.txt" in package["sources"][0]["title"]
    assert any("openreferral" in s.get("path", "") for s in package["sources"])
    assert package["contributors"][0]["role"] == "publisher"
    assert package["created"] == "2026-03-04T05:06:07.000Z"
    assert package["homepage"] == "https://wegwijzer.example.org/open-data"
    assert "2026-03-04" in package["description"]


def test_resources_declare_size_and_hash_of_their_csv() -> None:
    files = tabular_files(Snapshot(tables()), INFO)
    for resource in json.loads(files[DATAPACKAGE])["resources"]:
        data = files[resource["path"]]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_csv_rows_hold_the_hsds_values_and_no_internal_columns() -> None:
    files = tabular_files(Snapshot(tables()), INFO)
    [service] = read_csv(files["services.csv"])
    assert service["name"] == "Time-out" and service["minimum_age"] == "12" and service["maximum_age"] == "18.5"
    assert service["assured_date"] == "2026-01-15" and service["last_modified"] == "2026-03-04T05:06:07.000Z"
    [organization] = read_csv(files["organizations.csv"])
    assert "version" not in organization and "sort_order" not in organization and "source_fiche" not in organization
    assert organization["year_incorporated"] == "1998"
    [schedule] = read_csv(files["schedules.csv"])
    assert (schedule["opens_at"], schedule["closes_at"]) == ("09:00:00", "17:00:00")
    [taxonomy] = read_csv(files["taxonomies.csv"])
    assert taxonomy["version"] == ""  # the HSDS taxonomy version (text), not the row version
    [meta] = read_csv(files["metadata.csv"])
    assert meta["last_action_date"] == "2026-03-04" and meta["previous_value"] == ""


def test_same_rows_give_the_same_bytes() -> None:
    assert tabular_files(Snapshot(tables()), INFO) == tabular_files(Snapshot(tables()), INFO)


def _validate(folder: Path, files: dict[str, bytes]) -> Any:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return Package(str(folder / DATAPACKAGE)).validate()


def test_frictionless_finds_the_package_valid(tmp_path: Path) -> None:
    report = _validate(tmp_path / "dp", tabular_files(Snapshot(tables()), INFO))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_really_checks_references_and_hashes(tmp_path: Path) -> None:
    files = tabular_files(Snapshot(tables()), INFO)
    broken = files["service_at_location.csv"].replace(_id("loc").encode(), _id("elders").encode())
    report = _validate(tmp_path / "dp", {**files, "service_at_location.csv": broken})
    assert not report.valid
    assert {"foreign-key", "hash-count"} <= {e[0] for e in report.flatten(["type"])}


def test_an_empty_directory_still_makes_a_valid_package(tmp_path: Path) -> None:
    empty = Snapshot({name: [] for name in tables()})
    files = tabular_files(empty, DatasetInfo())
    assert read_csv(files["services.csv"]) == []
    assert "created" not in json.loads(files[DATAPACKAGE])
    assert _validate(tmp_path / "dp", files).valid


@pytest.mark.parametrize(("changes", "problem"), [
    ({"service": {"status": "open"}}, "service .* status: 'open' is niet een van"),
    ({"service": {"name": None}}, "service .* name: verplicht veld is leeg"),
    ({"service_at_location": {"location_id": _id("elders")}}, "location_id: verwijst naar een onbekende location"),
    ({"address": {"country": None}}, "address .* country: verplicht veld is leeg"),
])
def test_rows_that_would_make_an_invalid_package_are_refused(changes: dict, problem: str) -> None:
    with pytest.raises(OpenDataError, match=problem):
        tabular_files(Snapshot(tables(**changes)), INFO)


def test_check_rows_accepts_the_empty_string_for_a_required_text() -> None:
    rows = tables(metadata={"previous_value": ""}, organization={"description": ""})
    names = list(rows)
    assert check_rows(hsds_tables(names), rows) == []


def test_a_value_of_the_wrong_type_is_refused_with_its_place() -> None:
    with pytest.raises(OpenDataError, match="schedule .* opens_at"):
        tabular_files(Snapshot(tables(schedule={"opens_at": "voormiddag"})), INFO)


def test_json_document_says_what_it_is_and_holds_every_part() -> None:
    docs = HsdsDocuments(services=[{"id": "s"}], organizations=[{"id": "o"}], taxonomies=[{"id": "t"}],
                         taxonomy_terms=[{"id": "tt"}])
    document = json_document(docs, INFO)
    assert document["hsds_version"] == "3.0" and document["license"] == LICENCE
    assert document["data_date"] == "2026-03-04T05:06:07.000Z"
    assert document["sources"] == [{"name": "infobundel.txt", "sha256": "ab" * 32}]
    assert [document[k][0]["id"] for k in ("services", "organizations", "taxonomies", "taxonomy_terms")] == [
        "s", "o", "t", "tt"]


def test_ndjson_is_one_compact_object_per_line() -> None:
    data = ndjson_bytes([{"id": "a", "name": "Één"}, {"id": "b", "name": "lijn\nbreuk"}])
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert [json.loads(line)["id"] for line in lines[:2]] == ["a", "b"]
    assert "Één" in lines[0]
