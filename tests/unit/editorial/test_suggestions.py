"""Suggested changes: submit (anyone), rate limit, spam guards, accept and reject by editors."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.unit.editorial.conftest import ADMIN, EDITOR, T0, Directory
from wegwijzer.directory.models import Metadata, Service
from wegwijzer.editorial.errors import (
    AlreadyReviewed,
    InvalidField,
    NotAllowed,
    NotAuthenticated,
    RateLimited,
    RecordNotFound,
    SuggestionNotFound,
)
from wegwijzer.editorial.services import (
    accept_suggestion,
    count_suggestions,
    get_suggestion,
    list_suggestions,
    record_values,
    reject_suggestion,
    set_direct_edit,
    submit_suggestion,
)


def _submit(small: Directory, principal=None, value="Nieuwe beschrijving.", **kw):  # type: ignore[no-untyped-def]
    with small.db.session() as s:
        return submit_suggestion(s, principal, "service", small.service_id, kw.pop("field", "description"), value,
                                 now=kw.pop("now", T0), **kw)


def test_anonymous_suggestion_is_pending_with_current_and_proposed_value(small: Directory) -> None:
    view = _submit(small, note="Zie hun website.", submitter_email="melder@example.org", client_key="ip-1")
    assert (view.status, view.source, view.submitted_by) == ("pending", "web", "anoniem")
    assert (view.original_value, view.current_value) == ("Begeleiding op maat.", "Begeleiding op maat.")
    assert view.proposed_value == "Nieuwe beschrijving." and view.field_label == "Beschrijving"
    assert view.record_label == "Individuele begeleiding" and view.organization_name == "Voorbeeldorganisatie vzw"
    assert view.organization_id == small.organization_id and not view.conflict and view.base_version == 1
    with small.db.session() as s:
        assert s.get(Service, small.service_id).description == "Begeleiding op maat."
        assert count_suggestions(s) == 1 and get_suggestion(s, view.id).note == "Zie hun website."


def test_the_same_proposal_twice_is_one_suggestion(small: Directory) -> None:
    first = _submit(small, client_key="ip-1")
    again = _submit(small, client_key="ip-1")
    other = _submit(small, client_key="ip-2")
    assert again.id == first.id and other.id != first.id
    with small.db.session() as s:
        assert count_suggestions(s) == 2


def test_stored_client_key_is_not_the_raw_key(small: Directory) -> None:
    from wegwijzer.editorial.models import Suggestion

    _submit(small, client_key="203.0.113.7")
    with small.db.session() as s:
        stored = s.execute(select(Suggestion.client_key)).scalar_one()
    assert stored and "203.0.113.7" not in stored


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"value": "Begeleiding op maat."}, "verandert niets"),
    ({"field": "minimum_age", "value": "12"}, "verandert niets"),
    ({"field": "email", "value": "geen e-mail"}, "e-mailadres"),
    ({"note": "x" * 2001}, "te lang"),
    ({"note": "https://a.be https://b.be www.c.be http://d.be"}, "Te veel links"),
    ({"value": "Zie https://a.be https://b.be https://c.be https://d.be"}, "Te veel links"),
    ({"submitter_email": "niet@"}, "e-mailadres"),
    ({"field": "sort_order", "value": "3"}, "kan niet worden gewijzigd"),
    ({"source": "import"}, "Onbekende bron"),
])
def test_spam_guard_and_bad_input_are_refused_and_nothing_is_stored(
    small: Directory, kwargs: dict, message: str,
) -> None:
    with pytest.raises(InvalidField) as caught:
        _submit(small, **kwargs)
    assert message in str(caught.value) and caught.value.status == 422
    with small.db.session() as s:
        assert count_suggestions(s, status=None) == 0


def test_three_links_in_a_note_are_still_fine(small: Directory) -> None:
    assert _submit(small, note="https://a.be https://b.be www.c.be").status == "pending"


def test_unknown_record_is_not_found(small: Directory) -> None:
    with small.db.session() as s, pytest.raises(RecordNotFound) as caught:
        submit_suggestion(s, None, "service", "nope", "name", "X")
    assert caught.value.status == 404


def test_anonymous_submissions_are_limited_per_client_per_hour(small: Directory) -> None:
    for i in range(10):
        _submit(small, value=f"Versie {i}", client_key="ip-1", now=T0 + timedelta(minutes=i))
    with pytest.raises(RateLimited) as caught:
        _submit(small, value="Nog een", client_key="ip-1", now=T0 + timedelta(minutes=30))
    assert caught.value.status == 429 and "uur" in str(caught.value)
    assert _submit(small, value="Ander toestel", client_key="ip-2", now=T0 + timedelta(minutes=30)).status
    assert _submit(small, value="Later", client_key="ip-1", now=T0 + timedelta(minutes=61)).status == "pending"


def test_signed_in_users_are_not_rate_limited(small: Directory) -> None:
    for i in range(12):
        _submit(small, small.partner(own=False), value=f"Versie {i}", client_key="ip-1")
    with small.db.session() as s:
        assert count_suggestions(s) == 12


def test_partner_with_direct_edit_gets_the_suggestion_applied_at_once(small: Directory) -> None:
    partner = small.partner()
    assert _submit(small, partner).status == "pending"
    with small.db.session() as s:
        set_direct_edit(s, ADMIN, small.organization_id, True)
    view = _submit(small, partner, value="Door de partner zelf.")
    assert (view.status, view.reviewed_by, view.applied_value) == ("accepted", "partner@example.org",
                                                                    "Door de partner zelf.")
    with small.db.session() as s:
        assert s.get(Service, small.service_id).description == "Door de partner zelf."
        assert record_values(s, "service", small.service_id).version == 2


def test_partner_of_another_organisation_only_suggests(small: Directory) -> None:
    with small.db.session() as s:
        set_direct_edit(s, ADMIN, small.organization_id, True)
    assert _submit(small, small.partner(own=False)).status == "pending"


def test_editor_accepts_and_the_change_is_applied_with_history(small: Directory) -> None:
    sid = _submit(small).id
    with small.db.session() as s:
        view = accept_suggestion(s, EDITOR, sid, note="Klopt.", now=T0 + timedelta(hours=1))
    assert (view.status, view.reviewed_by, view.review_note) == ("accepted", "redacteur@example.org", "Klopt.")
    assert view.applied_value == "Nieuwe beschrijving." and view.current_value == "Nieuwe beschrijving."
    with small.db.session() as s:
        svc = s.get(Service, small.service_id)
        assert svc.description == "Nieuwe beschrijving." and svc.version == 2
        assert svc.last_modified is not None
        change = s.execute(select(Metadata).where(Metadata.updated_by == "redacteur@example.org")).scalar_one()
        assert (change.resource_id, change.field_name, change.last_action_type) == (
            small.service_id, "description", "update")
        assert (change.previous_value, change.replacement_value) == ("Begeleiding op maat.", "Nieuwe beschrijving.")


def test_editor_may_edit_the_value_before_accepting(small: Directory) -> None:
    sid = _submit(small, field="minimum_age", value="14").id
    with small.db.session() as s:
        view = accept_suggestion(s, EDITOR, sid, value="13")
        assert view.applied_value == "13" and s.get(Service, small.service_id).minimum_age == 13.0


def test_edited_value_is_checked_too(small: Directory) -> None:
    sid = _submit(small, field="minimum_age", value="14").id
    with small.db.session() as s, pytest.raises(InvalidField):
        accept_suggestion(s, EDITOR, sid, value="veertien")
    with small.db.session() as s:
        assert get_suggestion(s, sid).status == "pending"


def test_reject_needs_a_reason_and_leaves_the_record(small: Directory) -> None:
    sid = _submit(small).id
    with small.db.session() as s, pytest.raises(InvalidField):
        reject_suggestion(s, EDITOR, sid, "  ")
    with small.db.session() as s:
        view = reject_suggestion(s, EDITOR, sid, "Niet correct.")
        assert (view.status, view.review_note) == ("rejected", "Niet correct.")
        assert s.get(Service, small.service_id).description == "Begeleiding op maat."


def test_a_reviewed_suggestion_cannot_be_reviewed_again(small: Directory) -> None:
    sid = _submit(small).id
    with small.db.session() as s:
        reject_suggestion(s, EDITOR, sid, "Nee.")
    with small.db.session() as s:
        with pytest.raises(AlreadyReviewed) as caught:
            accept_suggestion(s, EDITOR, sid)
        assert caught.value.status == 409
        with pytest.raises(AlreadyReviewed):
            reject_suggestion(s, EDITOR, sid, "Nog eens nee.")


@pytest.mark.parametrize(("who", "error"), [("anonymous", NotAuthenticated), ("partner", NotAllowed),
                                            ("other partner", NotAllowed)])
def test_only_editors_review(small: Directory, who: str, error: type) -> None:
    principal = {"anonymous": None, "partner": small.partner(), "other partner": small.partner(own=False)}[who]
    sid = _submit(small).id
    with small.db.session() as s:
        with pytest.raises(error) as caught:
            accept_suggestion(s, principal, sid)
        assert caught.value.status == (401 if principal is None else 403)
        with pytest.raises(error):
            reject_suggestion(s, principal, sid, "Nee.")


def test_beheerder_reviews_too(small: Directory) -> None:
    sid = _submit(small).id
    with small.db.session() as s:
        assert accept_suggestion(s, ADMIN, sid).status == "accepted"


def test_unknown_suggestion_is_not_found(small: Directory) -> None:
    with small.db.session() as s, pytest.raises(SuggestionNotFound):
        accept_suggestion(s, EDITOR, "does-not-exist")


def test_a_suggestion_on_a_field_changed_since_is_shown_as_conflict(small: Directory) -> None:
    first, second = _submit(small, value="Eerste voorstel.").id, _submit(small, value="Tweede voorstel.").id
    with small.db.session() as s:
        accept_suggestion(s, EDITOR, first)
    with small.db.session() as s:
        view = get_suggestion(s, second)
        assert view.conflict and view.original_value == "Begeleiding op maat."
        assert view.current_value == "Eerste voorstel."
        accepted = accept_suggestion(s, EDITOR, second)  # still applied: the reviewer saw the conflict
        assert accepted.current_value == "Tweede voorstel." and not accepted.conflict


def test_list_filters_by_status_organisation_age_and_record(small: Directory) -> None:
    old = _submit(small, value="Oud voorstel.", now=T0 - timedelta(days=40)).id
    new = _submit(small, value="Nieuw voorstel.", field="name").id
    with small.db.session() as s:
        reject_suggestion(s, EDITOR, new, "Nee.")
        assert [v.id for v in list_suggestions(s, status="pending")] == [old]
        assert [v.id for v in list_suggestions(s)] == [old, new]
        assert [v.id for v in list_suggestions(s, older_than_days=30, now=T0)] == [old]
        assert list_suggestions(s, organization_id="other") == []
        assert len(list_suggestions(s, organization_id=small.organization_id, record_id=small.service_id)) == 2
        assert count_suggestions(s, "rejected") == 1
        with pytest.raises(InvalidField):
            list_suggestions(s, status="weg")


def test_markup_is_stored_as_text_not_interpreted(small: Directory) -> None:
    view = _submit(small, value="<script>alert(1)</script>", note="<b>vet</b>")
    assert view.proposed_value == "<script>alert(1)</script>" and view.note == "<b>vet</b>"
