"""The role matrix of every editorial write route of the website, through HTTP.

Roles: anonymous, partner of the record's organisation, partner of another organisation, redacteur,
beheerder. Each test checks the answer and what was (not) written.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.functional.editorial.editorial_http import (
    ANONYMOUS,
    BEHEERDER,
    EDITORS,
    EMAILS,
    OTHER_PARTNER,
    OWN_PARTNER,
    REDACTEUR,
    ROLES,
    World,
    csrf,
    world_fixture,  # noqa: F401 - the module's fixture "world"
)
from wegwijzer.directory.models import Service
from wegwijzer.editorial import services


def token(world: World, client: TestClient) -> str:
    """A CSRF token of this client's session (from the public suggestion form)."""
    return csrf(client, f"/wijziging?type=service&id={world.service_id}")


def assert_login_redirect(response: object) -> None:
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    assert response.headers["location"].startswith("/inloggen")  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_report_a_change_which_waits_for_review(world: World, role: str) -> None:
    client = world.client(role)
    before = world.value("wait_time")
    value = f"Ongeveer twee weken ({role})"
    response = client.post("/wijziging", data={
        "csrf_token": token(world, client), "type": "service", "id": world.service_id,
        "veld": f"service:{world.service_id}:wait_time", "waarde": value, "toelichting": "", "email": "",
    })
    assert response.status_code == 200, response.text
    assert "Bedankt voor uw melding" in response.text
    assert "een redacteur bekijkt uw melding" in response.text.lower()
    with world.db.session() as session:
        mine = [s for s in services.list_suggestions(session, record_id=world.service_id, limit=1000)
                if s.proposed_value == value]
    assert [s.status for s in mine] == ["pending"]
    assert world.value("wait_time") == before


EDIT_OUTCOME = {ANONYMOUS: "login", OWN_PARTNER: "voorgesteld", OTHER_PARTNER: 403, REDACTEUR: "opgeslagen",
                BEHEERDER: "opgeslagen"}


@pytest.mark.parametrize("role", ROLES)
def test_edit_form_role_matrix(world: World, role: str) -> None:
    client = world.client(role)
    page = client.get(f"/bewerken?type=service&id={world.service_id}")
    before, version = world.value("wait_time"), world.version()
    value = f"Drie weken ({role})"
    response = client.post("/bewerken", data={
        "csrf_token": token(world, client), "type": "service", "id": world.service_id, "version": str(version),
        "was_wait_time": before, "veld_wait_time": value,
    })
    expected = EDIT_OUTCOME[role]
    if expected == "login":
        assert_login_redirect(page)
        assert_login_redirect(response)
    elif expected == 403:
        assert page.status_code == 403
        assert response.status_code == 403
        assert "eigen organisatie" in response.text
    else:
        assert page.status_code == 200
        assert 'name="version"' in page.text
        assert response.status_code == 303
        assert response.headers["location"].endswith(f"&{expected}=1")
        assert client.get(response.headers["location"]).status_code == 200
    if expected == "opgeslagen":
        assert world.value("wait_time") == value
        assert world.version() == version + 1
    else:
        assert world.value("wait_time") == before
        assert world.version() == version
    with world.db.session() as session:
        pending = [s for s in services.list_suggestions(session, status="pending", record_id=world.service_id,
                                                        limit=1000) if s.proposed_value == value]
    assert len(pending) == (1 if expected == "voorgesteld" else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["aanvaarden", "afwijzen"])
def test_review_role_matrix(world: World, role: str, action: str) -> None:
    value = f"Naam na {action} ({role})"
    sid = world.suggest("alternate_name", value)
    client = world.client(role)
    page = client.get(f"/redactie/suggesties/{sid}")
    response = client.post(f"/redactie/suggesties/{sid}/{action}", data={
        "csrf_token": token(world, client), "waarde": value, "toelichting": "", "reden": "Klopt niet.",
    })
    if role == ANONYMOUS:
        assert_login_redirect(page)
        assert_login_redirect(response)
    elif role in (OWN_PARTNER, OTHER_PARTNER):
        assert page.status_code == 403
        assert response.status_code == 403
    else:
        assert page.status_code == 200
        assert response.status_code == 303
        done = {"aanvaarden": "aanvaard", "afwijzen": "afgewezen"}[action]
        assert response.headers["location"] == f"/redactie/suggesties/{sid}?verwerkt={done}"
    expected = {"aanvaarden": "accepted", "afwijzen": "rejected"}[action] if role in EDITORS else "pending"
    assert world.status(sid) == expected
    assert (world.value("alternate_name") == value) == (expected == "accepted")


@pytest.mark.parametrize("role", ROLES)
def test_queue_is_for_editors_only(world: World, role: str) -> None:
    response = world.client(role).get("/redactie")
    if role == ANONYMOUS:
        assert_login_redirect(response)
    elif role in EDITORS:
        assert response.status_code == 200
        assert "Voorgestelde wijzigingen" in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_revert_role_matrix(world: World, role: str) -> None:
    before = world.value("wait_time")
    change_id = world.change("wait_time", f"Vijf weken ({role})")
    client = world.client(role)
    response = client.post("/redactie/terugdraaien", data={
        "csrf_token": token(world, client), "wijziging": change_id, "terug": f"/diensten/{world.service_id}",
    })
    if role == ANONYMOUS:
        assert_login_redirect(response)
    elif role in EDITORS:
        assert response.status_code == 303
        assert response.headers["location"] == f"/diensten/{world.service_id}#geschiedenis"
    else:
        assert response.status_code == 403
    assert world.value("wait_time") == (before if role in EDITORS else f"Vijf weken ({role})")


@pytest.mark.parametrize("role", ROLES)
def test_mark_checked_role_matrix(world: World, role: str) -> None:
    with world.db.session() as session:
        session.get(Service, world.service_id).assured_date = None  # type: ignore[union-attr]
    client = world.client(role)
    brussels = ZoneInfo("Europe/Brussels")  # the review date is the date in Brussels, not in UTC
    days = {datetime.now(brussels).date().isoformat()}
    response = client.post("/nagekeken", data={
        "csrf_token": token(world, client), "id": world.service_id, "version": str(world.version()),
    })
    allowed = role in (OWN_PARTNER, *EDITORS)
    if role == ANONYMOUS:
        assert_login_redirect(response)
    elif allowed:
        assert response.status_code == 303
        assert response.headers["location"] == f"/diensten/{world.service_id}#nagekeken"
    else:
        assert response.status_code == 403
    with world.db.session() as session:
        service = session.get(Service, world.service_id)
        assert service is not None
        days.add(datetime.now(brussels).date().isoformat())  # in case midnight passed meanwhile
        assert (service.assured_date in days) == allowed
        if allowed:
            assert service.assurer_email == EMAILS[role]


@pytest.mark.parametrize("role", ROLES)
def test_direct_edit_switch_is_for_the_beheerder_only(world: World, role: str) -> None:
    client = world.client(role)
    path = f"/redactie/organisaties/{world.organization_id}/rechtstreeks-bewerken"
    try:
        response = client.post(path, data={"csrf_token": token(world, client), "aan": "1"})
        if role == ANONYMOUS:
            assert_login_redirect(response)
        elif role == BEHEERDER:
            assert response.status_code == 303
            assert response.headers["location"] == f"/organisaties/{world.organization_id}#redactie"
        else:
            assert response.status_code == 403
        with world.db.session() as session:
            assert services.direct_edit_enabled(session, world.organization_id) == (role == BEHEERDER)
    finally:
        with world.db.session() as session:
            services.set_direct_edit(session, world.principal(BEHEERDER), world.organization_id, False)


def test_partner_with_direct_edit_saves_at_once(world: World) -> None:
    with world.db.session() as session:
        services.set_direct_edit(session, world.principal(BEHEERDER), world.organization_id, True)
    try:
        client = world.client(OWN_PARTNER)
        page = client.get(f"/bewerken?type=service&id={world.service_id}")
        assert "meteen zichtbaar" in page.text
        before, version = world.value("wait_time"), world.version()
        response = client.post("/bewerken", data={
            "csrf_token": token(world, client), "type": "service", "id": world.service_id, "version": str(version),
            "was_wait_time": before, "veld_wait_time": "Geen wachttijd",
        })
        assert response.status_code == 303
        assert response.headers["location"].endswith("&opgeslagen=1")
        assert world.value("wait_time") == "Geen wachttijd"
        reported = client.post("/wijziging", data={
            "csrf_token": token(world, client), "type": "service", "id": world.service_id,
            "veld": f"service:{world.service_id}:wait_time", "waarde": "Een week",
        })
        assert reported.status_code == 200
        assert "meteen doorgevoerd" in reported.text
        assert world.value("wait_time") == "Een week"
    finally:
        with world.db.session() as session:
            services.set_direct_edit(session, world.principal(BEHEERDER), world.organization_id, False)


def test_only_editors_and_own_partners_see_the_edit_buttons(world: World) -> None:
    path = f"/diensten/{world.service_id}"
    anonymous = world.client(ANONYMOUS).get(path).text
    assert "Meld een wijziging" in anonymous
    assert "/bewerken?" not in anonymous
    assert "Markeer als nagekeken" not in anonymous
    assert "Terugdraaien" not in anonymous
    other = world.client(OTHER_PARTNER).get(path).text
    assert "/bewerken?" not in other and "Markeer als nagekeken" not in other
    own = world.client(OWN_PARTNER).get(path).text
    assert "/bewerken?" in own and "Markeer als nagekeken" in own and "Terugdraaien" not in own
    world.change("wait_time", "Zes weken")
    editor = world.client(REDACTEUR).get(path).text
    assert "/bewerken?" in editor and "Markeer als nagekeken" in editor and "Terugdraaien" in editor
    organization = f"/organisaties/{world.organization_id}"
    assert "rechtstreeks bewerken" not in world.client(REDACTEUR).get(organization).text
    assert "Partners mogen rechtstreeks bewerken" in world.client(BEHEERDER).get(organization).text
