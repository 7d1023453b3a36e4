"""A newer infobundle never overwrites editorial work: an edited copy of the bundled document, imported
with and without an editor's change in between."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select

from wegwijzer.accounts.principal import Principal
from wegwijzer.db import Database
from wegwijzer.directory.models import Organization, Phone, Service
from wegwijzer.editorial.models import ImportBaseline, Suggestion
from wegwijzer.editorial.services import (
    SuggestionView,
    accept_suggestion,
    edit_record,
    list_suggestions,
    record_values,
)
from wegwijzer.ingest.services import ImportSummary, bundled_document, import_text
from wegwijzer.search.services import search

EDITOR = Principal(user_id="u1", email="redacteur@example.org", role="redacteur")
BUNDLE = bundled_document().read_text(encoding="utf-8")
KLASACTIE_OLD = "Een klasactie bestaat steeds uit een aantal sessies."
KLASACTIE_NEW = "Een klasactie bestaat uit vier sessies."
T2 = datetime(2026, 6, 1, tzinfo=UTC)
LSC = "Leersteuncentrum West-Brabant-Brussel"


def edited_bundle(email: str = "leersteun@lscwbb.be") -> str:
    """The bundled document with a new phone number, e-mail and sentence, one offer removed, one added."""
    text = BUNDLE
    for old, new in (("02/ 313 99 11", "02/ 313 99 99"), ("zorgloket@lscwbb.be", email),
                     (KLASACTIE_OLD, KLASACTIE_NEW)):
        assert old in text
        text = text.replace(old, new)
    start = text.index("• Themawerking")
    text = text[:start] + text[text.index("• Herstel", start):]
    anchor = "3. Coach op school"
    return text.replace(anchor, "• Zomeratelier \n\n \nAbrusco organiseert elke zomer een atelier voor leerlingen "
                                "die even op adem willen komen. \n\n \n" + anchor, 1)


def _import(db: Database, text: str, name: str = "infobundel-v2.txt") -> ImportSummary:
    return import_text(db, text, source_name=name, now=T2)


def _service(db: Database, name: str, organization: str | None = None) -> Service:
    with db.session() as s:
        query = select(Service).where(Service.name == name)
        if organization:
            query = query.join(Organization).where(Organization.name == organization)
        return s.execute(query).scalar_one()


def _pending(db: Database) -> list[SuggestionView]:
    with db.session() as s:
        return list_suggestions(s, status="pending")


def _one(views: list[SuggestionView], label: str, field: str) -> SuggestionView:
    (found,) = [v for v in views if v.record_label == label and v.field == field]
    return found


def _edit(db: Database, service: Service, changes: dict[str, str]) -> None:
    with db.session() as s:
        version = record_values(s, "service", service.id).version
        edit_record(s, EDITOR, "service", service.id, changes, version)


def test_reimporting_the_same_document_after_editorial_edits_changes_nothing(imported_db: Database) -> None:
    klasactie = _service(imported_db, "Klasactie")
    _edit(imported_db, klasactie, {"name": "Klasactie op maat", "description": "Door de redactie herschreven."})
    summary = _import(imported_db, BUNDLE, "infobundel-schooluitval-brussel.txt")
    assert (summary.suggestions, summary.conflicts, summary.changed) == (0, 0, False)
    assert _pending(imported_db) == []
    after = _service(imported_db, "Klasactie op maat")
    assert after.description == "Door de redactie herschreven." and after.version == 2


def test_a_newer_document_inserts_new_records_and_proposes_every_other_difference(imported_db: Database) -> None:
    coach_before = _service(imported_db, "Coach op school")
    summary = _import(imported_db, edited_bundle())
    assert (summary.suggestions, summary.conflicts) == (7, 0)
    pending = _pending(imported_db)
    assert len(pending) == 7
    assert {(v.source, v.submitted_by) for v in pending} == {("import", "import:infobundel-v2.txt")}
    email = _one(pending, "Leersteun", "email")
    assert (email.current_value, email.proposed_value) == ("zorgloket@lscwbb.be", "leersteun@lscwbb.be")
    org_email = _one(pending, "Leersteuncentrum West-Brabant-Brussel", "email")
    assert org_email.proposed_value == "leersteun@lscwbb.be"
    sentence = _one(pending, "Klasactie", "description")
    assert KLASACTIE_OLD in sentence.current_value and KLASACTIE_NEW in sentence.proposed_value
    removal = _one(pending, "Themawerking", "status")
    assert (removal.current_value, removal.proposed_value) == ("active", "inactive")
    phones = [v for v in pending if v.record_type == "phone"]
    assert {(v.field, v.current_value) for v in phones} == {("record", "+32 2 313 99 11")}
    assert all("+32 2 313 99 99" in v.note for v in phones)
    assert _one(pending, "zorgloket@lscwbb.be", "record").record_type == "contact"
    # nothing editorial was overwritten: the records keep their values until a reviewer decides
    leersteun = _service(imported_db, "Leersteun", LSC)
    assert leersteun.email == "zorgloket@lscwbb.be" and leersteun.version == 1
    assert KLASACTIE_OLD in _service(imported_db, "Klasactie").description
    assert _service(imported_db, "Themawerking").status == "active"
    # columns editors cannot edit are written directly, and bump the version (source lines moved here)
    coach = _service(imported_db, "Coach op school")
    assert coach.source_line_start < coach_before.source_line_start and coach.version == coach_before.version + 1
    # new records went in directly
    assert _service(imported_db, "Zomeratelier").status == "active"
    with imported_db.session() as s:
        numbers = set(s.execute(select(Phone.number)).scalars())
    assert {"+32 2 313 99 99", "+32 2 313 99 11"} <= numbers


def test_importing_the_newer_document_twice_adds_no_suggestions(imported_db: Database) -> None:
    _import(imported_db, edited_bundle())
    again = _import(imported_db, edited_bundle())
    assert (again.suggestions, again.superseded, again.changed) == (0, 0, False)
    assert len(_pending(imported_db)) == 7


def test_a_field_an_editor_changed_since_the_last_import_is_a_conflict(imported_db: Database) -> None:
    klasactie = _service(imported_db, "Klasactie")
    _edit(imported_db, klasactie, {"description": "Door de redactie herschreven."})
    leersteun = _service(imported_db, "Leersteun", LSC)
    _edit(imported_db, leersteun, {"name": "Leersteun (redactie)"})
    summary = _import(imported_db, edited_bundle())
    assert (summary.suggestions, summary.conflicts) == (7, 1)
    pending = _pending(imported_db)
    conflict = _one(pending, "Klasactie", "description")
    assert conflict.conflict and conflict.current_value == "Door de redactie herschreven."
    assert KLASACTIE_NEW in conflict.proposed_value
    assert _service(imported_db, "Klasactie").description == "Door de redactie herschreven."
    # the document did not change the name: the editor's name stays, no suggestion
    assert _service(imported_db, "Leersteun (redactie)", LSC).email == "zorgloket@lscwbb.be"
    assert not [v for v in pending if v.field == "name"]


def test_accepted_import_suggestions_are_applied_and_the_next_import_is_quiet(imported_db: Database) -> None:
    _import(imported_db, edited_bundle())
    with imported_db.session() as s:
        assert "Themawerking" in {h.service for h in search(s, "themawerking", per_page=100).results}
        for view in list_suggestions(s, status="pending"):
            accept_suggestion(s, EDITOR, view.id)
    assert _service(imported_db, "Leersteun", LSC).email == "leersteun@lscwbb.be"
    assert _service(imported_db, "Themawerking").status == "inactive"
    with imported_db.session() as s:
        numbers = set(s.execute(select(Phone.number)).scalars())
        assert "+32 2 313 99 11" not in numbers and "+32 2 313 99 99" in numbers
        assert "Themawerking" not in {h.service for h in search(s, "themawerking", per_page=100).results}
    again = _import(imported_db, edited_bundle())
    assert (again.suggestions, again.changed) == (0, False)


def test_a_newer_import_supersedes_an_older_pending_import_suggestion(imported_db: Database) -> None:
    _import(imported_db, edited_bundle())
    third = import_text(imported_db, edited_bundle("zorg@lscwbb.be"), source_name="infobundel-v3.txt", now=T2)
    assert third.superseded >= 2 and third.suggestions >= 2
    with imported_db.session() as s:
        older = [v for v in list_suggestions(s, status="rejected") if v.field == "email"]
        assert {v.proposed_value for v in older} == {"leersteun@lscwbb.be"}
        assert {v.review_note for v in older} == {"Vervangen door een nieuwere import."}
        newer = [v for v in list_suggestions(s, status="pending") if v.record_label == "Leersteun"]
    assert [(v.field, v.proposed_value, v.submitted_by) for v in newer] == [
        ("email", "zorg@lscwbb.be", "import:infobundel-v3.txt")]


def test_a_document_that_goes_back_withdraws_its_pending_suggestions(imported_db: Database) -> None:
    _import(imported_db, edited_bundle())
    back = _import(imported_db, BUNDLE, "infobundel-schooluitval-brussel.txt")
    with imported_db.session() as s:
        withdrawn = {(v.record_label, v.field) for v in list_suggestions(s, status="rejected")}
        pending = list_suggestions(s, status="pending")
    assert back.superseded == 7 and ("Leersteun", "email") in withdrawn and ("Themawerking", "status") in withdrawn
    # what the newer document had added is now proposed for removal, never deleted silently
    assert {(v.record_label, v.field) for v in pending} >= {("Zomeratelier", "status")}
    assert _service(imported_db, "Zomeratelier").status == "active"


def test_a_directory_imported_before_baselines_existed_gets_one_without_suggestions(imported_db: Database) -> None:
    with imported_db.session() as s:
        s.execute(delete(ImportBaseline))
    summary = _import(imported_db, BUNDLE, "infobundel-schooluitval-brussel.txt")
    assert summary.suggestions == 0
    with imported_db.session() as s:
        assert s.execute(select(func.count()).select_from(ImportBaseline)).scalar_one() > 0
    assert _import(imported_db, edited_bundle()).suggestions == 7


@pytest.mark.parametrize("field", ["status", "description"])
def test_import_suggestions_name_the_import_run(imported_db: Database, field: str) -> None:
    _import(imported_db, edited_bundle())
    with imported_db.session() as s:
        runs = set(s.execute(select(Suggestion.import_run_id).where(Suggestion.field_name == field)).scalars())
        from wegwijzer.directory.models import ImportRun

        (run,) = runs
        assert s.get(ImportRun, run).source_name == "infobundel-v2.txt"
