"""Re-import planning (pure): what a newer document writes directly and what it only suggests."""

from __future__ import annotations

from typing import Any

import pytest

from wegwijzer.editorial.reimport import ImportSuggestion, document_values, plan_import

ORG, SVC, PHONE, ATTR = "org-1", "svc-1", "phone-1", "attr-1"


def org(**kw: Any) -> dict[str, Any]:
    return {"id": ORG, "name": "Voorbeeld vzw", "description": "Over ons.", "email": "info@voorbeeld.be",
            "website": None, "alternate_name": None, "parent_organization_id": None, "sort_order": 0,
            "source_line_start": 10, **kw}


def svc(**kw: Any) -> dict[str, Any]:
    return {"id": SVC, "organization_id": ORG, "name": "Begeleiding", "description": "Op maat.",
            "status": "active", "minimum_age": 12.0, "maximum_age": 18.0, "email": None, "source_line_start": 20,
            "version": 1, **kw}


def phone(pid: str = PHONE, number: str = "+32 2 000 00 00", **kw: Any) -> dict[str, Any]:
    return {"id": pid, "organization_id": ORG, "location_id": None, "service_id": None, "contact_id": None,
            "service_at_location_id": None, "number": number, "type": None, "description": None, **kw}


def attr(link: str = SVC) -> dict[str, Any]:
    return {"id": ATTR, "link_id": link, "taxonomy_term_id": "term-1", "link_type": "fase",
            "link_entity": "service", "value": "preventie"}


def tables(*rows: tuple[str, dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in (
        "taxonomy_term", "organization", "service", "location", "contact", "phone", "address", "schedule",
        "attribute")}
    out["taxonomy_term"]["term-1"] = {"id": "term-1"}
    for name, row in rows:
        out[name][row["id"]] = row
    return out


def base(*rows: tuple[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {row["id"]: document_values(name, row) for name, row in rows}


LAST = (("organization", org()), ("service", svc()), ("phone", phone()))


def test_first_import_into_an_empty_directory_writes_everything() -> None:
    desired = tables(*LAST)
    plan = plan_import(desired, tables(), None)
    assert plan.first_import and plan.rows == desired and plan.suggestions == []
    assert set(plan.baseline) == {ORG, SVC, PHONE}


def test_same_document_changes_nothing_even_after_editorial_edits() -> None:
    current = tables(("organization", org()), ("service", svc(name="Door redactie")), ("phone", phone()))
    plan = plan_import(tables(*LAST), current, base(*LAST))
    assert plan.suggestions == []
    assert plan.rows["service"][SVC]["name"] == "Door redactie"


@pytest.mark.parametrize(("current_name", "conflict"), [("Begeleiding", False), ("Door redactie", True)])
def test_a_changed_document_value_becomes_a_suggestion(current_name: str, conflict: bool) -> None:
    current = tables(("organization", org()), ("service", svc(name=current_name)), ("phone", phone()))
    desired = tables(("organization", org()), ("service", svc(name="Nieuwe naam", source_line_start=25)),
                     ("phone", phone()))
    plan = plan_import(desired, current, base(*LAST))
    assert plan.suggestions == [ImportSuggestion("service", SVC, "name", current_name, "Nieuwe naam", conflict)]
    written = plan.rows["service"][SVC]
    assert written["name"] == current_name  # not overwritten
    assert written["source_line_start"] == 25  # columns editors cannot edit are written directly
    assert plan.baseline[SVC][1]["name"] == "Nieuwe naam"


def test_document_value_equal_to_the_current_value_only_moves_the_baseline() -> None:
    current = tables(("organization", org()), ("service", svc(minimum_age=14.0)), ("phone", phone()))
    desired = tables(("organization", org()), ("service", svc(minimum_age=14)), ("phone", phone()))
    plan = plan_import(desired, current, base(*LAST))
    assert plan.suggestions == [] and plan.baseline[SVC][1]["minimum_age"] == "14"


def test_without_a_stored_baseline_the_current_values_count_as_the_last_import() -> None:
    desired = tables(("organization", org(email="nieuw@voorbeeld.be")), ("service", svc()), ("phone", phone()))
    plan = plan_import(desired, tables(*LAST), None)
    assert plan.suggestions == [ImportSuggestion("organization", ORG, "email", "info@voorbeeld.be",
                                                 "nieuw@voorbeeld.be", False)]


def test_new_records_are_inserted_directly() -> None:
    desired = tables(*LAST, ("phone", phone("phone-2", "+32 2 111 11 11")))
    plan = plan_import(desired, tables(*LAST), base(*LAST))
    assert plan.suggestions == [] and "phone-2" in plan.rows["phone"] and "phone-2" in plan.baseline


def test_a_record_gone_from_the_document_is_kept_with_a_removal_suggestion() -> None:
    desired = tables(("organization", org()), ("service", svc()), ("phone", phone("phone-2", "+32 2 111 11 11")))
    plan = plan_import(desired, tables(*LAST), base(*LAST))
    (removal,) = plan.suggestions
    assert (removal.record_type, removal.field, removal.original_value, removal.proposed_value) == (
        "phone", "record", "+32 2 000 00 00", "")
    assert "+32 2 111 11 11" in removal.note  # the probable replacement is named
    assert PHONE in plan.rows["phone"] and PHONE not in plan.baseline


def test_a_service_gone_from_the_document_is_proposed_inactive_and_stays_whole() -> None:
    current = tables(*LAST, ("attribute", attr()))
    desired = tables(("organization", org()), ("phone", phone()))
    plan = plan_import(desired, current, base(*LAST))
    assert plan.suggestions == [ImportSuggestion("service", SVC, "status", "active", "inactive", False)]
    assert SVC in plan.rows["service"] and ATTR in plan.rows["attribute"]  # its facets are kept with it


def test_records_under_a_gone_record_get_no_suggestion_of_their_own() -> None:
    current = tables(*LAST, ("phone", phone("phone-s", service_id=SVC, organization_id=None)))
    desired = tables(("organization", org()), ("phone", phone()))
    plan = plan_import(desired, current, base(*LAST, ("phone", phone("phone-s", service_id=SVC,
                                                                       organization_id=None))))
    assert [s.record_id for s in plan.suggestions] == [SVC]
    assert "phone-s" in plan.rows["phone"]


def test_a_record_absent_from_the_last_import_too_is_left_alone() -> None:
    last = (("organization", org()), ("phone", phone()))
    plan = plan_import(tables(*last), tables(*LAST), base(*last))
    assert plan.suggestions == [] and SVC in plan.rows["service"]


def test_an_edited_record_gone_from_the_document_is_a_conflict() -> None:
    current = tables(("organization", org()), ("service", svc(name="Door redactie")), ("phone", phone()))
    plan = plan_import(tables(("organization", org()), ("phone", phone())), current, base(*LAST))
    assert plan.suggestions[0].conflict


def test_an_inactive_service_gone_from_the_document_needs_no_suggestion() -> None:
    current = tables(("organization", org()), ("service", svc(status="inactive")), ("phone", phone()))
    plan = plan_import(tables(("organization", org()), ("phone", phone())), current, base(*LAST))
    assert plan.suggestions == []
