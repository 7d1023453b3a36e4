"""History of a record (HSDS metadata) and reverting one change."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.unit.editorial.conftest import ADMIN, EDITOR, T0, Directory
from wegwijzer.directory.models import Metadata, Service
from wegwijzer.editorial.errors import InvalidField, NotAllowed, NotAuthenticated, RecordNotFound, StaleVersion
from wegwijzer.editorial.services import edit_record, history, revert_change


def _edit(small: Directory, changes: dict[str, str], version: int) -> None:
    with small.db.session() as s:
        edit_record(s, EDITOR, "service", small.service_id, changes, version, now=T0 + timedelta(hours=version))


def _latest(small: Directory, field: str) -> str:
    with small.db.session() as s:
        return next(h.id for h in history(s, small.service_id) if h.field_name == field)


def test_history_lists_import_and_editorial_changes_newest_first(small: Directory) -> None:
    _edit(small, {"name": "Nieuwe naam"}, 1)
    with small.db.session() as s:
        entries = history(s, small.service_id)
    assert entries[0].field_name == "name" and entries[0].updated_by == "redacteur@example.org"
    assert (entries[0].previous_value, entries[0].replacement_value) == ("Individuele begeleiding", "Nieuwe naam")
    assert entries[0].field_label == "Naam" and entries[0].revertible
    assert entries[-1].last_action_type == "create" and entries[-1].updated_by == "import:test.txt"
    assert not entries[-1].revertible


def test_revert_writes_the_previous_value_back_as_a_new_change(small: Directory) -> None:
    _edit(small, {"name": "Nieuwe naam"}, 1)
    with small.db.session() as s:
        outcome = revert_change(s, ADMIN, _latest(small, "name"), now=T0 + timedelta(days=1))
    assert outcome.version == 3
    with small.db.session() as s:
        assert s.get(Service, small.service_id).name == "Individuele begeleiding"
        newest = history(s, small.service_id)[0]
        assert (newest.last_action_type, newest.updated_by) == ("revert", "beheerder@example.org")
        assert (newest.previous_value, newest.replacement_value) == ("Nieuwe naam", "Individuele begeleiding")


def test_revert_of_a_cleared_optional_field_restores_it_and_of_an_age_restores_the_number(small: Directory) -> None:
    _edit(small, {"minimum_age": "14", "eligibility_description": ""}, 1)
    for field in ("minimum_age", "eligibility_description"):
        with small.db.session() as s:
            revert_change(s, EDITOR, _latest(small, field))
    with small.db.session() as s:
        svc = s.get(Service, small.service_id)
        assert svc.minimum_age == 12.0 and svc.eligibility_description == "Jongeren van 12 tot 18 jaar"


def test_revert_is_refused_when_the_field_changed_since(small: Directory) -> None:
    _edit(small, {"name": "Tweede"}, 1)
    first = _latest(small, "name")
    _edit(small, {"name": "Derde"}, 2)
    with small.db.session() as s:
        assert not next(h for h in history(s, small.service_id) if h.id == first).revertible
        with pytest.raises(StaleVersion) as caught:
            revert_change(s, EDITOR, first)
    assert caught.value.status == 409 and caught.value.current["name"] == "Derde"
    assert caught.value.yours == {"name": "Individuele begeleiding"}
    with small.db.session() as s:
        assert s.get(Service, small.service_id).name == "Derde"


def test_revert_with_an_outdated_version_is_refused(small: Directory) -> None:
    _edit(small, {"name": "Tweede"}, 1)
    with small.db.session() as s, pytest.raises(StaleVersion):
        revert_change(s, EDITOR, _latest(small, "name"), expected_version=1)


def test_creations_cannot_be_reverted(small: Directory) -> None:
    with small.db.session() as s:
        create = s.execute(select(Metadata.id).where(Metadata.resource_id == small.service_id,
                                                     Metadata.last_action_type == "create")).scalar_one()
        with pytest.raises(InvalidField):
            revert_change(s, EDITOR, create)


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_only_editors_revert(small: Directory, who: str) -> None:
    _edit(small, {"name": "Tweede"}, 1)
    principal = None if who == "anonymous" else small.partner()
    with small.db.session() as s, pytest.raises(NotAuthenticated if principal is None else NotAllowed):
        revert_change(s, principal, _latest(small, "name"))


def test_unknown_change_is_not_found(small: Directory) -> None:
    with small.db.session() as s, pytest.raises(RecordNotFound):
        revert_change(s, EDITOR, "missing")
