"""The pure helpers of the editorial pages: a record's parts, form keys, what an edit form changed,
the merged history and safe redirect targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.editorial.pages import (
    Part,
    changed_values,
    edit_fields,
    field_key,
    local_path,
    merge_history,
    parse_field_key,
    record_parts,
    record_url,
)

SNAPSHOT = Snapshot({
    "organization": [{"id": "o1", "name": "Vzw Voorbeeld"}],
    "service": [{"id": "s1", "organization_id": "o1", "name": "Begeleiding"}],
    "location": [{"id": "l1", "organization_id": "o1", "name": "Hoofdzetel"}],
    "service_at_location": [{"id": "sal1", "service_id": "s1", "location_id": "l1"}],
    "address": [{"id": "a1", "location_id": "l1", "address_1": "Voorbeeldstraat 1", "city": "Brussel"}],
    "phone": [{"id": "p1", "service_id": "s1", "number": "+32 2 000 00 00"},
              {"id": "p2", "contact_id": "c1", "number": "+32 2 000 00 01"},
              {"id": "p3", "organization_id": "o1", "number": "+32 2 000 00 02"}],
    "contact": [{"id": "c1", "service_id": "s1", "name": "Coördinator"}],
    "schedule": [{"id": "h1", "service_id": "s1", "opens_at": "09:00", "closes_at": "17:00"}],
    "language": [{"id": "x1", "service_id": "s1", "name": "Nederlands"}],
})


def test_service_parts_are_the_service_then_its_hours_phones_contacts_and_locations() -> None:
    parts = record_parts(SNAPSHOT, "service", "s1")
    assert [(p.record_type, p.record_id) for p in parts] == [
        ("service", "s1"), ("schedule", "h1"), ("phone", "p1"), ("contact", "c1"), ("phone", "p2"),
        ("location", "l1"), ("address", "a1")]
    assert [p.name for p in parts] == ["", "09:00–17:00", "+32 2 000 00 00", "Coördinator", "+32 2 000 00 01",
                                       "Hoofdzetel", "Voorbeeldstraat 1, Brussel"]


def test_organization_parts_include_its_phones_and_locations_but_not_its_services() -> None:
    parts = record_parts(SNAPSHOT, "organization", "o1")
    assert [(p.record_type, p.record_id) for p in parts] == [
        ("organization", "o1"), ("phone", "p3"), ("location", "l1"), ("address", "a1")]


@pytest.mark.parametrize(("key", "expected"), [
    ("service:s1:email", ("service", "s1", "email")),
    ("address:a1:postal_code", ("address", "a1", "postal_code")),
    ("service:s1:id", None),  # not editable
    ("taart:s1:email", None),
    ("service::email", None),
    ("service:s1", None),
    ("service:s1:email:extra", None),
    ("", None),
])
def test_field_keys_are_parsed_strictly(key: str, expected: tuple[str, str, str] | None) -> None:
    assert parse_field_key(key) == expected


def test_field_key_round_trips() -> None:
    assert parse_field_key(field_key("contact", "c1", "email")) == ("contact", "c1", "email")


def test_edit_form_sends_only_what_the_user_changed() -> None:
    form = {"veld_name": "Begeleiding", "was_name": "Begeleiding",
            "veld_wait_time": "Twee weken\r\n", "was_wait_time": "Twee weken",
            "veld_email": "nieuw@example.org", "was_email": "oud@example.org",
            "veld_alert": "", "was_alert": "Gesloten in juli",
            "veld_id": "x", "was_id": "y"}
    assert changed_values("service", form) == {"email": "nieuw@example.org", "alert": ""}


def test_edit_fields_fill_in_the_users_values_over_the_current_ones() -> None:
    fields = {f.name: f for f in edit_fields("contact", {"name": "Jan", "email": "a@example.org"},
                                             {"email": "b@example.org"})}
    assert list(fields) == ["name", "title", "department", "email"]
    assert (fields["email"].value, fields["email"].original, fields["email"].changed) == (
        "b@example.org", "a@example.org", True)
    assert (fields["name"].value, fields["name"].changed) == ("Jan", False)


@dataclass
class Entry:
    id: str
    last_action_date: datetime


def test_history_of_record_and_parts_is_merged_newest_first() -> None:
    own, phone = Part("service", "s1"), Part("phone", "p1", "+32 2 000 00 00")
    rows = merge_history([
        (own, [Entry("m3", datetime(2026, 3, 3, tzinfo=UTC)), Entry("m1", datetime(2026, 3, 1))]),
        (phone, [Entry("m2", datetime(2026, 3, 2, tzinfo=UTC))]),
    ], own)
    assert [(r.entry.id, r.own) for r in rows] == [("m3", True), ("m2", False), ("m1", True)]


@pytest.mark.parametrize(("target", "expected"), [
    ("/diensten/s1", "/diensten/s1"),
    ("https://elders.example/", "/"),
    ("//elders.example/", "/"),
    ("/\\elders.example", "/"),
    ("", "/"),
    (None, "/"),
])
def test_only_local_paths_are_redirect_targets(target: str | None, expected: str) -> None:
    assert local_path(target) == expected


def test_parts_are_shown_on_their_organisation_page() -> None:
    assert record_url("service", "s1") == "/diensten/s1"
    assert record_url("organization", "o1") == "/organisaties/o1"
    assert record_url("phone", "p1", "o1") == "/organisaties/o1"
