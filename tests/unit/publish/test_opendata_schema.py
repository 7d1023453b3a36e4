"""The Table Schemas of the HSDS tabular form follow the HSDS 3.0 schemas field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wegwijzer.directory.hsds import SNAPSHOT_TABLES
from wegwijzer.publish.opendata_schema import (
    NOT_UNIQUE,
    field_descriptor,
    foreign_keys,
    hsds_objects,
    hsds_tables,
    table_schema,
)

SHARED_SCHEMAS = Path(__file__).resolve().parents[3].parent / "shared" / "hsds" / "3.0" / "schema"


def _fields(name: str) -> dict[str, dict]:
    table = hsds_tables([name])[0]
    return {f["name"]: f for f in table_schema(table, frozenset(SNAPSHOT_TABLES))["fields"]}


def test_every_directory_table_is_an_hsds_object_with_its_hsds_csv_name() -> None:
    tables = hsds_tables(list(SNAPSHOT_TABLES))
    assert {t.name for t in tables} == set(SNAPSHOT_TABLES)
    paths = {t.name: t.path for t in tables}
    assert paths["organization"] == "organizations.csv"
    assert paths["service_at_location"] == "service_at_location.csv"  # as HSDS spells it
    assert paths["taxonomy"] == "taxonomies.csv"
    assert [t.name for t in tables][:3] == ["organization", "program", "service"]  # HSDS datapackage order


def test_an_unknown_table_is_refused() -> None:
    with pytest.raises(KeyError, match="suggestion"):
        hsds_tables(["service", "suggestion"])


@pytest.mark.skipif(not SHARED_SCHEMAS.exists(), reason="shared/ HSDS schemas not beside the checkout")
@pytest.mark.parametrize("name", SNAPSHOT_TABLES)
def test_fields_and_their_order_are_the_published_hsds_ones(name: str) -> None:
    published = json.loads((SHARED_SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    properties = published["properties"].items()
    scalar = [k for k, p in properties if p.get("type") not in ("array", "object") and "$ref" not in p]
    assert hsds_tables([name])[0].field_names == scalar


def test_types_come_from_the_datapackage_type() -> None:
    service = _fields("service")
    assert service["assured_date"]["type"] == "date"
    assert service["last_modified"]["type"] == "datetime" and "format" not in service["last_modified"]
    assert service["minimum_age"]["type"] == "number"
    assert service["name"]["type"] == "string"
    schedule = _fields("schedule")
    assert schedule["opens_at"]["type"] == "time" and schedule["valid_from"]["type"] == "date"


def test_string_formats_and_enums_are_kept() -> None:
    service = _fields("service")
    assert service["id"]["format"] == "uuid"
    assert service["email"]["format"] == "email"
    assert service["url"]["format"] == "uri"
    assert service["status"]["constraints"]["enum"] == ["active", "inactive", "defunct", "temporarily closed"]
    assert _fields("address")["address_type"]["constraints"]["enum"] == ["physical", "postal", "virtual"]


def test_required_includes_the_tabular_required_fields() -> None:
    assert _fields("service")["organization_id"]["constraints"]["required"] is True
    assert _fields("service")["name"]["constraints"]["required"] is True
    assert _fields("attribute")["link_entity"]["constraints"]["required"] is True
    assert "constraints" not in _fields("service")["alert"]


def test_a_required_text_may_be_the_empty_string_but_a_required_number_may_not() -> None:
    previous = _fields("metadata")["previous_value"]
    assert previous["constraints"]["required"] is True and previous["missingValues"] == []
    assert "missingValues" not in _fields("service")["minimum_age"]
    assert table_schema(hsds_tables(["service"])[0], frozenset())["missingValues"] == [""]


def test_unique_constraints_that_hsds_contradicts_are_dropped() -> None:
    assert ("program", "organization_id") in NOT_UNIQUE
    assert "unique" not in _fields("program")["organization_id"].get("constraints", {})
    assert "unique" not in _fields("taxonomy_term")["code"].get("constraints", {})
    assert hsds_objects()["program"]["properties"]["organization_id"]["constraints"]["unique"] is True


def test_the_id_is_the_primary_key_not_a_repeated_unique_constraint() -> None:
    schema = table_schema(hsds_tables(["phone"])[0], frozenset(SNAPSHOT_TABLES))
    assert schema["primaryKey"] == ["id"]
    assert "constraints" in schema["fields"][0] and "unique" not in schema["fields"][0]["constraints"]


def test_foreign_keys_point_at_the_tables_in_the_package() -> None:
    phone = hsds_tables(["phone"])[0]
    keys = {k["fields"][0]: k["reference"]["resource"] for k in foreign_keys(phone, frozenset(SNAPSHOT_TABLES))}
    assert keys == {"location_id": "location", "service_id": "service", "organization_id": "organization",
                    "contact_id": "contact", "service_at_location_id": "service_at_location"}
    only_services = {k["fields"][0] for k in foreign_keys(phone, frozenset({"phone", "service"}))}
    assert only_services == {"service_id"}


def test_a_reference_to_the_same_table_uses_the_empty_resource_name() -> None:
    organization = hsds_tables(["organization"])[0]
    assert foreign_keys(organization, frozenset(SNAPSHOT_TABLES)) == [
        {"fields": ["parent_organization_id"], "reference": {"resource": "", "fields": ["id"]}}]
    term = hsds_tables(["taxonomy_term"])[0]
    refs = {k["fields"][0]: k["reference"]["resource"] for k in foreign_keys(term, frozenset(SNAPSHOT_TABLES))}
    assert refs == {"parent_id": "", "taxonomy_id": "taxonomy"}


def test_polymorphic_links_have_no_foreign_key() -> None:
    attribute = hsds_tables(["attribute"])[0]
    assert [k["fields"] for k in foreign_keys(attribute, frozenset(SNAPSHOT_TABLES))] == [["taxonomy_term_id"]]
    assert foreign_keys(hsds_tables(["metadata"])[0], frozenset(SNAPSHOT_TABLES)) == []


def test_field_descriptor_carries_title_and_description() -> None:
    table = hsds_tables(["location"])[0]
    latitude = next(f for f in table.fields if f.name == "latitude")
    out = field_descriptor(latitude)
    assert out["type"] == "number" and out["title"] and out["description"]
