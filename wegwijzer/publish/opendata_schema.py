"""The HSDS 3.0 tabular form as Frictionless Table Schemas, read from the vendored HSDS schemas.

HSDS 3.0 describes every object once (``shared/hsds/3.0/schema/*.json``); the compiled service
schema shipped in ``wegwijzer/hsds/`` nests all of them unchanged. Each object gives the CSV's
name and path (``path``, ``datapackage_metadata.order``), its fields in order (the non-array
properties) with ``type``/``datapackage_type``, ``format``, ``constraints`` and ``enum``, and
which fields are required in the tabular form (``required`` plus ``tabular_required``).
Pure functions: schema in, descriptors out.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: string formats Table Schema knows (HSDS ``date-time`` becomes the ``datetime`` type instead)
STRING_FORMATS = frozenset({"uuid", "email", "uri"})
#: foreign-key field -> the resource (HSDS object) it points at
REFERENCES: dict[str, str] = {
    "organization_id": "organization",
    "parent_organization_id": "organization",
    "program_id": "program",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "phone_id": "phone",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
    "parent_id": "taxonomy_term",
}
#: HSDS ``unique`` constraints that the HSDS descriptions themselves contradict (see docs/open-data.md)
NOT_UNIQUE: frozenset[tuple[str, str]] = frozenset({
    ("program", "organization_id"),  # "one organization may deliver many" programs
    ("taxonomy_term", "code"),  # "This and the taxonomy_id combined define the term"
})


@dataclass(frozen=True)
class HsdsField:
    name: str
    type: str  # Table Schema type: string, number, date, time, datetime
    title: str
    description: str
    format: str | None = None
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class HsdsTable:
    name: str  # the HSDS object, e.g. "service_at_location"
    path: str  # the HSDS CSV name, e.g. "service_at_location.csv"
    description: str
    order: int
    fields: tuple[HsdsField, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


@cache
def hsds_objects() -> dict[str, dict[str, Any]]:
    """Every HSDS object schema (by name) nested in the vendored compiled service schema."""
    raw = resources.files("wegwijzer").joinpath("hsds").joinpath("service.json.gz").read_bytes()
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("properties"), dict) and "path" in node:
                found.setdefault(node["name"], node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(gzip.decompress(raw)))
    return found


def table_from_schema(schema: dict[str, Any]) -> HsdsTable:
    """The tabular form of one HSDS object schema: its scalar fields in HSDS order."""
    required = {*schema.get("required", []), *schema.get("tabular_required", [])}
    fields = []
    for name, prop in schema["properties"].items():
        if prop.get("type") in ("array", "object") or "$ref" in prop:
            continue  # nested objects are tables of their own
        fmt = prop.get("format")
        fields.append(HsdsField(
            name=name,
            type=prop.get("datapackage_type") or prop.get("type", "string"),
            title=prop.get("title", name),
            description=prop.get("description", ""),
            format=fmt if fmt in STRING_FORMATS else None,
            required=name in required,
            unique=bool(prop.get("constraints", {}).get("unique")) and (schema["name"], name) not in NOT_UNIQUE,
            enum=tuple(prop.get("enum", ())),
        ))
    return HsdsTable(name=schema["name"], path=schema["path"], description=schema.get("description", ""),
                     order=schema.get("datapackage_metadata", {}).get("order", 99), fields=tuple(fields))


def hsds_tables(names: tuple[str, ...] | list[str]) -> list[HsdsTable]:
    """The tabular form of the named HSDS objects, in HSDS datapackage order."""
    objects = hsds_objects()
    unknown = [n for n in names if n not in objects]
    if unknown:
        raise KeyError(f"not an HSDS object: {', '.join(unknown)}")
    return sorted((table_from_schema(objects[n]) for n in names), key=lambda t: t.order)


def field_descriptor(field: HsdsField) -> dict[str, Any]:
    out: dict[str, Any] = {"name": field.name, "type": field.type, "title": field.title,
                           "description": field.description}
    if field.format:
        out["format"] = field.format
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
        if field.type == "string":
            # A required text may be empty in HSDS (e.g. metadata.previous_value of a "create"):
            # for this field an empty cell is the empty string, not a missing value.
            out["missingValues"] = []
    if field.unique and field.name != "id":
        constraints["unique"] = True
    if field.enum:
        constraints["enum"] = list(field.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def foreign_keys(table: HsdsTable, present: set[str] | frozenset[str]) -> list[dict[str, Any]]:
    """Foreign keys of ``table`` to the resources that are ``present`` in the package."""
    out = []
    for name in table.field_names:
        target = REFERENCES.get(name)
        if target is None or target not in present or name == "id":
            continue
        resource = "" if target == table.name else target  # "" = this resource (Table Schema)
        out.append({"fields": [name], "reference": {"resource": resource, "fields": ["id"]}})
    return out


def table_schema(table: HsdsTable, present: set[str] | frozenset[str]) -> dict[str, Any]:
    """The Frictionless Table Schema of one HSDS table."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(f) for f in table.fields],
        "missingValues": [""],
        "primaryKey": ["id"],
    }
    keys = foreign_keys(table, present)
    if keys:
        schema["foreignKeys"] = keys
    return schema
