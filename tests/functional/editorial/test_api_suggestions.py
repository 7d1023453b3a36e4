"""The suggestions API contract through HTTP: status codes, bodies, the role matrix (bearer tokens only),
the anonymous rate limit, and the accepted change in the HSDS record's metadata."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts import login
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
    world_fixture,  # noqa: F401 - the module's fixture "world"
)
from wegwijzer.editorial import services
from wegwijzer.editorial.suggestions import HOURLY_LIMIT

SUGGESTION_KEYS = {
    "id", "record_type", "record_id", "record_label", "organization_id", "organization_name", "field",
    "field_label", "current_value", "original_value", "proposed_value", "note", "submitter_email", "submitted_by",
    "source", "status", "created_at", "base_version", "reviewed_by", "reviewed_at", "review_note", "conflict",
    "applied_value",
}


def body(world: World, **changes: Any) -> dict[str, Any]:
    out = {"record_type": "service", "record_id": world.service_id, "field": "wait_time",
           "value": "Twee weken", "note": "Gehoord op een netwerkmoment.", "submitter_email": "melder@example.org"}
    out.update(changes)
    return out


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_post_a_suggestion_which_waits_for_review(world: World, role: str) -> None:
    client = world.client()
    value = f"Drie weken ({role}, api)"
    response = client.post("/api/suggestions", json=body(world, value=value), headers=world.headers(role))
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("application/json")
    created = response.json()
    assert set(created) == {"id", "status"}
    assert created["status"] == "pending"
    with world.db.session() as session:
        view = services.get_suggestion(session, created["id"])
    assert (view.proposed_value, view.source, view.note, view.submitter_email) == (
        value, "api", "Gehoord op een netwerkmoment.", "melder@example.org")
    assert view.submitted_by == (EMAILS[role] if role != ANONYMOUS else "anoniem")
    assert world.value("wait_time") != value


def test_partner_with_direct_edit_gets_the_change_applied_at_once(world: World) -> None:
    with world.db.session() as session:
        services.set_direct_edit(session, world.principal(BEHEERDER), world.organization_id, True)
    try:
        response = world.client().post("/api/suggestions", json=body(world, value="Meteen"),
                                       headers=world.headers(OWN_PARTNER))
        assert response.status_code == 201
        assert response.json()["status"] == "accepted"
        assert world.value("wait_time") == "Meteen"
        elsewhere = world.client().post("/api/suggestions", json=body(world, value="Van elders"),
                                        headers=world.headers(OTHER_PARTNER))
        assert elsewhere.json()["status"] == "pending"
    finally:
        with world.db.session() as session:
            services.set_direct_edit(session, world.principal(BEHEERDER), world.organization_id, False)


@pytest.mark.parametrize(("changes", "status", "text"), [
    ({"record_id": "00000000-0000-0000-0000-000000000000"}, 404, "bestaat niet"),
    ({"record_type": "taart"}, 422, "Onbekend soort gegeven"),
    ({"field": "id"}, 422, "kan niet worden gewijzigd"),
    ({"field": "email", "value": "geen-adres"}, 422, "Geen geldig e-mailadres"),
    ({"field": "minimum_age", "value": "oud"}, 422, "leeftijd"),
    ({"submitter_email": "niet@goed"}, 422, "Geen geldig e-mailadres"),
    ({"value": None}, 422, "value"),
    ({"value": "x" * 30_000}, 422, "value"),
])
def test_bad_suggestion_gets_a_dutch_4xx_and_nothing_is_stored(world: World, changes: dict[str, Any], status: int,
                                                              text: str) -> None:
    with world.db.session() as session:
        before = services.count_suggestions(session, None)
    response = world.client().post("/api/suggestions", json=body(world, **changes))
    assert response.status_code == status, response.text
    assert text in str(response.json()["detail"]) + response.json().get("message", "")
    with world.db.session() as session:
        assert services.count_suggestions(session, None) == before


def test_missing_fields_are_a_422(world: World) -> None:
    response = world.client().post("/api/suggestions", json={"record_type": "service"})
    assert response.status_code == 422
    assert "ontbreekt" in response.json()["message"]


def test_anonymous_suggestions_are_rate_limited(world: World) -> None:
    client = world.client()
    for n in range(HOURLY_LIMIT):
        assert client.post("/api/suggestions", json=body(world, value=f"Week {n}")).status_code == 201
    refused = client.post("/api/suggestions", json=body(world, value="Nog een week"))
    assert refused.status_code == 429
    assert "te veel" in refused.json()["detail"]
    assert world.client().post("/api/suggestions", json=body(world, value="Andere bezoeker")).status_code == 201


@pytest.mark.parametrize("role", ROLES)
def test_listing_role_matrix(world: World, role: str) -> None:
    response = world.client().get("/api/suggestions", headers=world.headers(role))
    if role == ANONYMOUS:
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "Niet aangemeld" in response.json()["detail"]
    elif role in EDITORS:
        assert response.status_code == 200
        assert set(response.json()) == {"items", "total"}
        assert "no-store" in response.headers["cache-control"]
    else:
        assert response.status_code == 403
        assert "redacteurs" in response.json()["detail"]


def test_listing_filters_by_status_and_counts(world: World) -> None:
    sid = world.suggest("wait_time", "Lijst-voorstel")
    headers = world.headers(REDACTEUR)
    client = world.client()
    pending = client.get("/api/suggestions?status=pending", headers=headers).json()
    with world.db.session() as session:
        assert pending["total"] == services.count_suggestions(session, "pending")
    assert {item["status"] for item in pending["items"]} == {"pending"}
    mine = next(item for item in pending["items"] if item["id"] == sid)
    assert set(mine) == SUGGESTION_KEYS
    assert mine["proposed_value"] == "Lijst-voorstel" and mine["created_at"].endswith("Z")
    assert sid not in {i["id"] for i in client.get("/api/suggestions?status=rejected", headers=headers).json()["items"]}
    everything = client.get("/api/suggestions", headers=headers).json()
    assert everything["total"] >= pending["total"]
    assert client.get("/api/suggestions?status=open", headers=headers).status_code == 422
    assert len(client.get("/api/suggestions?limit=1", headers=headers).json()["items"]) == 1


@pytest.mark.parametrize("role", ROLES)
def test_one_suggestion_role_matrix(world: World, role: str) -> None:
    sid = world.suggest("wait_time", "Eén voorstel")
    response = world.client().get(f"/api/suggestions/{sid}", headers=world.headers(role))
    expected = {ANONYMOUS: 401, OWN_PARTNER: 403, OTHER_PARTNER: 403, REDACTEUR: 200, BEHEERDER: 200}[role]
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["id"] == sid
        assert world.client().get("/api/suggestions/onbekend", headers=world.headers(role)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["accept", "reject"])
def test_review_role_matrix(world: World, role: str, action: str) -> None:
    value = f"API {action} ({role})"
    sid = world.suggest("wait_time", value)
    payload = {"reason": "Klopt niet."} if action == "reject" else None
    response = world.client().post(f"/api/suggestions/{sid}/{action}", json=payload, headers=world.headers(role))
    if role == ANONYMOUS:
        assert response.status_code == 401
    elif role in EDITORS:
        assert response.status_code == 200, response.text
        reviewed = response.json()
        assert reviewed["status"] == {"accept": "accepted", "reject": "rejected"}[action]
        assert reviewed["reviewed_by"] == EMAILS[role]
        again = world.client().post(f"/api/suggestions/{sid}/{action}", json=payload, headers=world.headers(role))
        assert again.status_code == 409
        assert "al behandeld" in again.json()["detail"]
    else:
        assert response.status_code == 403
    status = world.status(sid)
    assert status == ({"accept": "accepted", "reject": "rejected"}[action] if role in EDITORS else "pending")
    assert (world.value("wait_time") == value) == (status == "accepted")


def test_accept_with_an_edited_value_and_a_note(world: World) -> None:
    sid = world.suggest("wait_time", "Vier weekn")
    response = world.client().post(f"/api/suggestions/{sid}/accept", json={"value": "Vier weken", "note": "Typo"},
                                   headers=world.headers(REDACTEUR))
    assert response.status_code == 200
    assert response.json()["applied_value"] == "Vier weken"
    assert response.json()["review_note"] == "Typo"
    assert world.value("wait_time") == "Vier weken"


@pytest.mark.parametrize("payload", [None, {}, {"reason": ""}])
def test_reject_needs_a_reason(world: World, payload: dict[str, str] | None) -> None:
    sid = world.suggest("wait_time", "Vijf weken")
    response = world.client().post(f"/api/suggestions/{sid}/reject", json=payload, headers=world.headers(REDACTEUR))
    assert response.status_code == 422
    assert world.status(sid) == "pending"


def test_unknown_suggestion_is_a_404(world: World) -> None:
    headers = world.headers(REDACTEUR)
    client = world.client()
    for path in ("/api/suggestions/00000000-0000-0000-0000-000000000000/accept",
                 "/api/suggestions/00000000-0000-0000-0000-000000000000/reject"):
        response = client.post(path, json={"reason": "x"}, headers=headers)
        assert response.status_code == 404
        assert "bestaat niet" in response.json()["detail"]


def test_accepted_change_is_in_the_hsds_record_metadata(world: World) -> None:
    client = world.client()
    assert client.get(f"/api/services/{world.service_id}").status_code == 200  # the catalogue is cached
    sid = world.suggest("wait_time", "Zes weken via de API")
    assert client.post(f"/api/suggestions/{sid}/accept", headers=world.headers(BEHEERDER)).status_code == 200
    service = client.get(f"/api/services/{world.service_id}").json()
    assert service["wait_time"] == "Zes weken via de API"
    last = [m for m in service["metadata"] if m["field_name"] == "wait_time"][-1]
    assert (last["replacement_value"], last["updated_by"], last["last_action_type"]) == (
        "Zes weken via de API", EMAILS[BEHEERDER], "update")


def test_the_api_ignores_the_login_cookie(world: World) -> None:
    client = world.client()
    login(client, EMAILS[REDACTEUR])
    assert client.get("/redactie").status_code == 200  # logged in on the website
    response = client.get("/api/suggestions")
    assert response.status_code == 401
    sid = world.suggest("wait_time", "Zeven weken")
    assert client.post(f"/api/suggestions/{sid}/accept").status_code == 401
    assert world.status(sid) == "pending"


def test_openapi_and_the_docs_page_describe_the_suggestions_api(world: World) -> None:
    client = world.client()
    spec = client.get("/api/openapi.json").json()
    assert {"/api/suggestions", "/api/suggestions/{sid}", "/api/suggestions/{sid}/accept",
            "/api/suggestions/{sid}/reject"} <= set(spec["paths"])
    assert "201" in spec["paths"]["/api/suggestions"]["post"]["responses"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/suggestions/{sid}/reject" in docs.text
