"""Direct edits with versions, the role matrix, review dates and the direct-edit policy."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.unit.editorial.conftest import ADMIN, EDITOR, T0, Directory
from wegwijzer.directory.models import Metadata, Phone, Service
from wegwijzer.editorial.errors import InvalidField, NotAllowed, NotAuthenticated, RecordNotFound, StaleVersion
from wegwijzer.editorial.services import (
    direct_edit_enabled,
    edit_record,
    get_suggestion,
    mark_checked,
    record_values,
    set_direct_edit,
)


def _edit(small: Directory, principal, changes=None, version=1, record=("service", None)):  # type: ignore[no-untyped-def]
    kind, rid = record
    with small.db.session() as s:
        return edit_record(s, principal, kind, rid or small.service_id, changes or {"name": "Nieuwe naam"},
                           version, now=T0)


def _enable(small: Directory, enabled: bool = True) -> None:
    with small.db.session() as s:
        set_direct_edit(s, ADMIN, small.organization_id, enabled)


def test_record_values_give_version_label_owner_and_editable_fields(small: Directory) -> None:
    with small.db.session() as s:
        state = record_values(s, "service", small.service_id)
        phone = record_values(s, "phone", small.phone_id)
    assert (state.version, state.label, state.organization_id) == (1, "Individuele begeleiding",
                                                                   small.organization_id)
    assert state.values["minimum_age"] == "12" and state.values["alternate_name"] == ""
    assert "sort_order" not in state.values and "source_fiche" not in state.values
    assert phone.organization_id == small.organization_id and phone.values["number"] == "+32 2 000 00 00"


@pytest.mark.parametrize("who", ["redacteur", "beheerder"])
def test_editors_apply_directly_and_the_version_goes_up(small: Directory, who: str) -> None:
    outcome = _edit(small, EDITOR if who == "redacteur" else ADMIN, {"name": "Nieuwe naam", "minimum_age": "14"})
    assert (outcome.applied, outcome.version, outcome.suggestion_ids) == (True, 2, [])
    with small.db.session() as s:
        svc = s.get(Service, small.service_id)
        assert (svc.name, svc.minimum_age, svc.version) == ("Nieuwe naam", 14.0, 2)
        fields = set(s.execute(select(Metadata.field_name).where(Metadata.last_action_type == "update")).scalars())
        assert fields == {"name", "minimum_age"}


def test_partner_without_direct_edit_gets_pending_suggestions(small: Directory) -> None:
    outcome = _edit(small, small.partner(), {"name": "Nieuwe naam", "description": "Nieuw."})
    assert not outcome.applied and outcome.version == 1 and len(outcome.suggestion_ids) == 2
    with small.db.session() as s:
        assert s.get(Service, small.service_id).name == "Individuele begeleiding"
        view = get_suggestion(s, outcome.suggestion_ids[0])
        assert (view.status, view.submitted_by) == ("pending", "partner@example.org")


def test_partner_with_direct_edit_applies_directly(small: Directory) -> None:
    _enable(small)
    outcome = _edit(small, small.partner(), {"number": "02 111 22 33"}, record=("phone", small.phone_id))
    assert outcome.applied and outcome.version == 2
    with small.db.session() as s:
        assert s.get(Phone, small.phone_id).number == "+32 2 111 22 33"


def test_direct_edit_can_be_switched_off_again(small: Directory) -> None:
    _enable(small)
    _enable(small, False)
    assert not _edit(small, small.partner()).applied


def test_partner_of_another_organisation_may_not_edit(small: Directory) -> None:
    _enable(small)
    with pytest.raises(NotAllowed) as caught:
        _edit(small, small.partner(own=False))
    assert caught.value.status == 403


def test_anonymous_may_not_edit(small: Directory) -> None:
    with pytest.raises(NotAuthenticated) as caught:
        _edit(small, None)
    assert caught.value.status == 401


def test_outdated_version_is_refused_with_both_versions_and_nothing_written(small: Directory) -> None:
    _edit(small, EDITOR, {"name": "Eerste"})
    with pytest.raises(StaleVersion) as caught:
        _edit(small, EDITOR, {"name": "Tweede", "description": "Ook nieuw."}, version=1)
    err = caught.value
    assert err.status == 409 and (err.record_type, err.record_id) == ("service", small.service_id)
    assert (err.current_version, err.your_version) == (2, 1)
    assert err.current["name"] == "Eerste" and err.yours == {"name": "Tweede", "description": "Ook nieuw."}
    with small.db.session() as s:
        assert s.get(Service, small.service_id).description == "Begeleiding op maat."


def test_partner_edit_based_on_an_outdated_version_is_refused_too(small: Directory) -> None:
    _edit(small, EDITOR, {"name": "Eerste"})
    with pytest.raises(StaleVersion):
        _edit(small, small.partner(), {"name": "Van de partner"}, version=1)


def test_invalid_values_write_nothing(small: Directory) -> None:
    with pytest.raises(InvalidField):
        _edit(small, EDITOR, {"name": "Goede naam", "email": "slecht"})
    with pytest.raises(InvalidField) as caught:
        _edit(small, EDITOR, {"minimum_age": "19"})
    assert "minimumleeftijd" in str(caught.value)
    with small.db.session() as s:
        svc = s.get(Service, small.service_id)
        assert (svc.name, svc.version) == ("Individuele begeleiding", 1)


def test_unchanged_values_write_no_history_and_keep_the_version(small: Directory) -> None:
    outcome = _edit(small, EDITOR, {"name": "Individuele begeleiding"})
    assert outcome.applied and outcome.version == 1


def test_unknown_record_is_not_found(small: Directory) -> None:
    with pytest.raises(RecordNotFound):
        _edit(small, EDITOR, record=("service", "missing"))


def test_mark_checked_sets_the_review_date_and_the_checker(small: Directory) -> None:
    with small.db.session() as s:
        outcome = mark_checked(s, small.partner(), small.service_id, 1, now=datetime(2026, 5, 4, 23, 30, tzinfo=UTC))
    assert outcome.version == 2
    with small.db.session() as s:
        svc = s.get(Service, small.service_id)
        assert (svc.assured_date, svc.assurer_email) == ("2026-05-05", "partner@example.org")  # Brussels date
        assert "assured_date" in set(s.execute(select(Metadata.field_name)).scalars())


@pytest.mark.parametrize(("who", "error"), [("anonymous", NotAuthenticated), ("other partner", NotAllowed)])
def test_mark_checked_is_for_editors_and_own_partners(small: Directory, who: str, error: type) -> None:
    principal = None if who == "anonymous" else small.partner(own=False)
    with small.db.session() as s, pytest.raises(error):
        mark_checked(s, principal, small.service_id, 1)


def test_mark_checked_with_an_outdated_version_is_refused(small: Directory) -> None:
    _edit(small, EDITOR, {"name": "Eerste"})
    with small.db.session() as s, pytest.raises(StaleVersion):
        mark_checked(s, EDITOR, small.service_id, 1)


@pytest.mark.parametrize("who", ["anonymous", "redacteur", "partner"])
def test_only_the_beheerder_sets_the_direct_edit_policy(small: Directory, who: str) -> None:
    principal = {"anonymous": None, "redacteur": EDITOR, "partner": small.partner()}[who]
    with small.db.session() as s, pytest.raises(NotAllowed):
        set_direct_edit(s, principal, small.organization_id, True)
    with small.db.session() as s:
        assert not direct_edit_enabled(s, small.organization_id)


def test_direct_edit_policy_for_an_unknown_organisation_is_not_found(small: Directory) -> None:
    with small.db.session() as s, pytest.raises(RecordNotFound):
        set_direct_edit(s, ADMIN, "missing", True)
