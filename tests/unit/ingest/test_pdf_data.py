"""The embedded data of a published PDF (wegwijzer-hsds.json) read back into table rows, and refused when damaged."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from wegwijzer.db import Database
from wegwijzer.directory.hsds import Snapshot
from wegwijzer.ingest.pdf_data import merge_partial, published_rows
from wegwijzer.ingest.records import InvalidDocumentError
from wegwijzer.ingest.store import load_existing
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.publish.embedded import payload

Payload = dict[str, Any]


@pytest.fixture(scope="module")
def bundle(imported_url: str) -> tuple[Payload, dict[str, dict[str, dict[str, Any]]]]:
    """The payload a PDF of the bundled infobundle carries, and the rows of the database it was made from."""
    database = Database(imported_url)
    with database.session() as session:
        data = payload(Snapshot.load(session))
        rows = load_existing(session)
    database.dispose()
    return data, rows


def encode(data: Payload) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_the_embedded_data_gives_back_every_row_with_the_same_ids_and_values(bundle) -> None:
    data, database_rows = bundle
    read = published_rows(encode(data), "bundel.pdf", load_taxonomies())
    assert (read.organizations, read.services, read.partial) == (76, 122, False)
    for table, rows in database_rows.items():
        assert set(read.rows[table]) == set(rows), table
        for rid, row in rows.items():
            database_only = ("last_modified",) if table == "taxonomy" else ("version", "last_modified")
            expected = {k: v for k, v in row.items() if k not in database_only}
            assert read.rows[table][rid] == expected, (table, rid)


def _drop_service_name(data: Payload) -> None:
    del data["services"][0]["name"]


def _unknown_organization(data: Payload) -> None:
    data["organizations"][0]["services"][0]["organization_id"] = "00000000-0000-0000-0000-000000000000"


def _unknown_term(data: Payload) -> None:
    first = data["services"][0]["id"]
    nested = next(s for o in data["organizations"] for s in o["services"] if s["id"] == first)
    for service in (data["services"][0], nested):  # the same service, in both places
        service["attributes"][0]["taxonomy_term_id"] = "00000000-0000-0000-0000-000000000001"


def _contradiction(data: Payload) -> None:
    data["services"][0]["name"] = "Een andere naam"  # the same service, nested under its organisation, differs


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(format="iets-anders"), "formaat"),
        (lambda d: d.update(version=0), "versie"),
        (lambda d: d.update(version="1"), "versie"),
        (lambda d: d.update(hsds_version="2.0"), "HSDS-versie"),
        (lambda d: d.update(scope="alles"), "reikwijdte"),
        (lambda d: d.update(services={"id": "x"}), "'services' is geen lijst"),
        (lambda d: d.update(organizations=[]), "geen organisaties"),
        (_drop_service_name, "HSDS 3.0"),
        (_unknown_organization, "ontbrekend record"),
        (_unknown_term, "onbekende taxonomieterm"),
        (_contradiction, "twee keer"),
    ],
    ids=["format", "version-0", "version-text", "hsds-version", "scope", "services-not-a-list", "no-organizations",
         "schema", "dangling-reference", "unknown-term", "contradiction"],
)
def test_damaged_embedded_data_is_refused_with_a_dutch_message(
    bundle, damage: Callable[[Payload], None], message: str
) -> None:
    data = copy.deepcopy(bundle[0])
    damage(data)
    with pytest.raises(InvalidDocumentError, match=message) as caught:
        published_rows(encode(data), "bundel.pdf", load_taxonomies())
    assert "wegwijzer-hsds.json" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b'{"format": "wegwijzer-hsds", "version": 1, "serv', "geen geldige JSON"), (b"\xff\xfe{}", "UTF-8"),
     (b"[1, 2]", "formaat")],
    ids=["cut-off", "not-utf8", "not-an-object"],
)
def test_unreadable_embedded_data_is_refused(raw: bytes, message: str) -> None:
    with pytest.raises(InvalidDocumentError, match=message):
        published_rows(raw, "bundel.pdf", load_taxonomies())


def test_a_newer_format_version_with_extra_keys_is_read(bundle) -> None:
    data = copy.deepcopy(bundle[0])
    data.update(version=2, extra={"nieuw": True})
    assert published_rows(encode(data), "bundel.pdf", load_taxonomies()).services == 122


def test_a_one_organisation_pdf_adds_and_updates_but_keeps_the_rest(bundle) -> None:
    data, database_rows = copy.deepcopy(bundle[0]), bundle[1]
    tracé = next(o for o in data["organizations"] if o["name"].startswith("Tracé"))
    one = {**data, "scope": "organization", "organizations": [tracé],
           "services": [s for s in data["services"] if s["organization_id"] == tracé["id"]]}
    for organization in [tracé, *(s["organization"] for s in one["services"])]:
        organization["description"] = "Nieuwe beschrijving."
    read = published_rows(encode(one), "fiche.pdf", load_taxonomies())
    assert read.partial and read.organizations == 1
    merged = merge_partial(read.rows, database_rows, "fiche.pdf")
    assert set(merged["service"]) == set(database_rows["service"])
    assert merged["organization"][tracé["id"]]["description"] == "Nieuwe beschrijving."


def test_a_one_organisation_pdf_that_needs_other_records_is_refused_in_an_empty_database(bundle) -> None:
    data = copy.deepcopy(bundle[0])
    child = next(o for o in data["organizations"] if o.get("parent_organization_id"))
    one = {**data, "scope": "organization", "organizations": [child],
           "services": [s for s in data["services"] if s["organization_id"] == child["id"]]}
    read = published_rows(encode(one), "fiche.pdf", load_taxonomies())
    empty = {table: {} for table in read.rows}
    with pytest.raises(InvalidDocumentError, match="volledige infobundel"):
        merge_partial(read.rows, empty, "fiche.pdf")
