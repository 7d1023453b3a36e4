"""The editorial forms through HTTP: CSRF refusal on every form, bad input answered in Dutch (4xx, nothing
written), the honeypot, the anonymous rate limit, and what the suggestion form shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.functional.editorial.editorial_http import (
    ANONYMOUS,
    BEHEERDER,
    OWN_PARTNER,
    REDACTEUR,
    World,
    csrf,
    world_fixture,  # noqa: F401 - the module's fixture "world"
)
from wegwijzer.directory.models import Service
from wegwijzer.editorial import services
from wegwijzer.editorial.suggestions import HOURLY_LIMIT

CSRF_MESSAGE = "De beveiligingscode van het formulier is verlopen of ongeldig"


def suggestion_count(world: World) -> int:
    with world.db.session() as session:
        return services.count_suggestions(session, None)


def snapshot(world: World) -> tuple[Any, ...]:
    """Everything the forms could change: the service, the suggestions, the organisation's setting."""
    with world.db.session() as session:
        state = services.record_values(session, "service", world.service_id)
        service = session.get(Service, world.service_id)
        assert service is not None
        statuses = sorted((s.id, s.status) for s in services.list_suggestions(session, limit=1000))
        return (state.version, state.values, service.assured_date, statuses,
                services.direct_edit_enabled(session, world.organization_id))


# (name, role that may use the form, path, form data without the token)
Form = tuple[str, str, Callable[[World], str], Callable[[World], dict[str, str]]]
FORMS: list[Form] = [
    ("wijziging", ANONYMOUS, lambda w: "/wijziging", lambda w: {
        "type": "service", "id": w.service_id, "veld": f"service:{w.service_id}:wait_time", "waarde": "Een dag"}),
    ("bewerken", REDACTEUR, lambda w: "/bewerken", lambda w: {
        "type": "service", "id": w.service_id, "version": str(w.version()), "was_wait_time": w.value("wait_time"),
        "veld_wait_time": "Twee dagen"}),
    ("aanvaarden", REDACTEUR, lambda w: f"/redactie/suggesties/{w.suggest('wait_time', 'Drie dagen')}/aanvaarden",
     lambda w: {"waarde": "Drie dagen"}),
    ("afwijzen", REDACTEUR, lambda w: f"/redactie/suggesties/{w.suggest('wait_time', 'Vier dagen')}/afwijzen",
     lambda w: {"reden": "Klopt niet"}),
    ("terugdraaien", REDACTEUR, lambda w: "/redactie/terugdraaien", lambda w: {
        "wijziging": w.change("wait_time", "Vijf dagen"), "terug": "/"}),
    ("nagekeken", OWN_PARTNER, lambda w: "/nagekeken", lambda w: {"id": w.service_id, "version": str(w.version())}),
    ("rechtstreeks", BEHEERDER, lambda w: f"/redactie/organisaties/{w.organization_id}/rechtstreeks-bewerken",
     lambda w: {"aan": "1"}),
]


@pytest.mark.parametrize("form", FORMS, ids=[f[0] for f in FORMS])
@pytest.mark.parametrize("token", ["missing", "wrong", "other visitor's"])
def test_every_form_refuses_a_missing_or_wrong_csrf_token(world: World, form: Form, token: str) -> None:
    _name, role, path_of, data_of = form
    client = world.client(role)
    path, data = path_of(world), data_of(world)
    if token == "wrong":
        data["csrf_token"] = "x" * 40
    elif token == "other visitor's":
        data["csrf_token"] = csrf(world.client(role), f"/wijziging?type=service&id={world.service_id}")
    before = snapshot(world)
    response = client.post(path, data=data)
    assert response.status_code == 403, response.text
    assert CSRF_MESSAGE in response.text
    assert snapshot(world) == before


@pytest.mark.parametrize("form", FORMS, ids=[f[0] for f in FORMS])
def test_every_form_accepts_its_own_csrf_token(world: World, form: Form) -> None:
    """The refusals above are about the token: with it, the same request goes through."""
    _name, role, path_of, data_of = form
    client = world.client(role)
    path, data = path_of(world), data_of(world)
    data["csrf_token"] = csrf(client, f"/wijziging?type=service&id={world.service_id}")
    try:
        response = client.post(path, data=data)
        assert response.status_code in (200, 303), response.text
    finally:
        with world.db.session() as session:
            services.set_direct_edit(session, world.principal(BEHEERDER), world.organization_id, False)


def post_suggestion(world: World, client: TestClient, **fields: str) -> Any:
    data = {"csrf_token": csrf(client, f"/wijziging?type=service&id={world.service_id}"), "type": "service",
            "id": world.service_id, "veld": f"service:{world.service_id}:email", "waarde": "info@example.org",
            "toelichting": "", "email": "", "website": ""}
    data.update(fields)
    return client.post("/wijziging", data=data)


def test_suggestion_form_lists_the_fields_of_the_record_and_its_parts_with_current_values(world: World) -> None:
    client = world.client()
    with world.db.session() as session:
        name = services.record_values(session, "service", world.service_id).values["name"]
    page = client.get(f"/wijziging?type=service&id={world.service_id}")
    assert page.status_code == 200
    assert 'name="csrf_token"' in page.text
    assert f'value="service:{world.service_id}:name"' in page.text
    assert '<optgroup label="Dienst">' in page.text
    assert 'optgroup label="Locatie' in page.text or 'optgroup label="Adres' in page.text \
        or 'optgroup label="Contactpersoon' in page.text or 'optgroup label="Telefoonnummer' in page.text
    assert "nu: " in page.text
    chosen = client.get(f"/wijziging?type=service&id={world.service_id}&veld=service:{world.service_id}:name")
    assert 'id="huidige-waarde"' in chosen.text
    assert f">{name}</textarea>" in chosen.text.replace("&#39;", "'").replace("&amp;", "&")


def test_a_part_can_be_reported_from_the_service_page(world: World) -> None:
    page = world.client().get(f"/wijziging?type=service&id={world.service_id}").text
    parts = [v for v in page.split('value="')[1:] if v.split(":")[0] in ("address", "phone", "contact", "location")]
    assert parts, "the form offers no part of the service"
    record_type, record_id, _field = parts[0].split('"')[0].split(":")
    field = {"address": "address_2", "phone": "description", "contact": "department", "location": "alternate_name"}
    key = f"{record_type}:{record_id}:{field[record_type]}"
    response = post_suggestion(world, world.client(), veld=key, waarde="Tweede verdieping")
    assert response.status_code == 200, response.text
    with world.db.session() as session:
        found = services.list_suggestions(session, record_id=record_id, limit=1000)
    assert [(s.record_type, s.field, s.proposed_value) for s in found][-1] == (
        record_type, field[record_type], "Tweede verdieping")


@pytest.mark.parametrize(("fields", "message"), [
    ({"waarde": "geen-adres"}, "Geen geldig e-mailadres: geen-adres."),
    ({"email": "niet@goed"}, "Geen geldig e-mailadres: niet@goed."),
    ({"veld": "service:onbekend"}, "Kies welk gegeven u wilt wijzigen."),
    ({"veld": f"service:{'0' * 36}:email"}, "Dit gegeven bestaat niet"),
    ({"toelichting": "x" * 3000}, "De toelichting is te lang"),
])
def test_bad_suggestion_is_answered_in_dutch_and_nothing_is_stored(world: World, fields: dict[str, str],
                                                                   message: str) -> None:
    before = suggestion_count(world)
    response = post_suggestion(world, world.client(), **fields)
    assert 400 <= response.status_code < 500
    assert message in response.text
    assert suggestion_count(world) == before


def test_bad_value_keeps_what_the_visitor_typed(world: World) -> None:
    response = post_suggestion(world, world.client(), waarde="geen-adres", toelichting="Zie hun website.")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    assert ">geen-adres</textarea>" in response.text
    assert ">Zie hun website.</textarea>" in response.text


def test_honeypot_filled_by_a_robot_is_refused(world: World) -> None:
    before = suggestion_count(world)
    response = post_suggestion(world, world.client(), website="https://spam.example")
    assert response.status_code == 400
    assert "robots" in response.text
    assert suggestion_count(world) == before


def test_unknown_record_gives_a_dutch_404(world: World) -> None:
    client = world.client()
    for path in (f"/wijziging?type=service&id={'0' * 36}", "/wijziging?type=taart&id=1", "/wijziging"):
        response = client.get(path)
        assert response.status_code == 404
        assert "bestaat niet" in response.text


def test_anonymous_reports_are_rate_limited_per_visitor(world: World) -> None:
    client = world.client()
    for n in range(HOURLY_LIMIT):
        response = post_suggestion(world, client, waarde=f"adres{n}@example.org")
        assert response.status_code == 200, (n, response.text)
    refused = post_suggestion(world, client, waarde="nog-een@example.org")
    assert refused.status_code == 429
    assert "te veel" in refused.text.lower()
    assert post_suggestion(world, world.client(), waarde="ander@example.org").status_code == 200


def test_edit_without_changes_writes_nothing(world: World) -> None:
    client = world.client(REDACTEUR)
    version = world.version()
    current = world.value("wait_time")
    response = client.post("/bewerken", data={
        "csrf_token": csrf(client, "/redactie"), "type": "service", "id": world.service_id, "version": str(version),
        "was_wait_time": current, "veld_wait_time": current + "  "})
    assert response.status_code == 303
    assert response.headers["location"].endswith("&ongewijzigd=1")
    assert "U hebt niets gewijzigd." in client.get(response.headers["location"]).text
    assert world.version() == version


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({"veld_minimum_age": "oud"}, 422, "Een leeftijd is een getal tussen 0 en 99."),
    ({"veld_name": ""}, 422, "Dit veld is verplicht"),
    ({"version": "twee"}, 400, "versie"),
])
def test_bad_edit_is_answered_in_dutch_and_nothing_is_written(world: World, fields: dict[str, str], status: int,
                                                             message: str) -> None:
    client = world.client(REDACTEUR)
    with world.db.session() as session:
        state = services.record_values(session, "service", world.service_id)
    data = {"csrf_token": csrf(client, "/redactie"), "type": "service", "id": world.service_id,
            "version": str(state.version), "was_name": state.values["name"], "veld_name": state.values["name"],
            "was_minimum_age": state.values["minimum_age"], "veld_minimum_age": state.values["minimum_age"],
            "was_wait_time": state.values["wait_time"], "veld_wait_time": "Negen dagen"}
    data.update(fields)
    response = client.post("/bewerken", data=data)
    assert response.status_code == status
    assert message in response.text
    assert world.version() == state.version
    assert world.value("wait_time") == state.values["wait_time"]
    if status == 422:
        assert 'value="Negen dagen"' in response.text


def test_reject_without_reason_is_refused(world: World) -> None:
    sid = world.suggest("wait_time", "Tien dagen")
    client = world.client(REDACTEUR)
    response = client.post(f"/redactie/suggesties/{sid}/afwijzen",
                           data={"csrf_token": csrf(client, "/redactie"), "reden": "  "})
    assert response.status_code == 422
    assert "Geef een reden op" in response.text
    assert world.status(sid) == "pending"


def test_reviewing_twice_is_a_409(world: World) -> None:
    sid = world.suggest("wait_time", "Elf dagen")
    client = world.client(REDACTEUR)
    token = csrf(client, "/redactie")
    assert client.post(f"/redactie/suggesties/{sid}/aanvaarden", data={"csrf_token": token}).status_code == 303
    again = client.post(f"/redactie/suggesties/{sid}/afwijzen", data={"csrf_token": token, "reden": "Toch niet"})
    assert again.status_code == 409
    assert "al behandeld" in again.text
    assert world.status(sid) == "accepted"
