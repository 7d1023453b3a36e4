"""User administration: only a beheerder, through HTTP (role matrix, CSRF, disable, role change)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.accounts import form_token, login
from tests.functional.accounts.conftest import ORG_A, ORG_B
from wegwijzer.accounts.services import get_user, user_by_email
from wegwijzer.db import Database

ROLES = ("anonymous", "partner", "partner_b", "redacteur", "beheerder")


def _as(new_client: Callable[[], TestClient], people: dict[str, str], who: str) -> TestClient:
    client = new_client()
    if who != "anonymous":
        login(client, people[who])
    return client


def _user_id(db: Database, email: str) -> str:
    with db.session() as session:
        return get_user(session, email).id


def _token(client: TestClient) -> str:
    return form_token(client, "/inloggen" if "wegwijzer_sessie" not in client.cookies else "/account")


@pytest.mark.parametrize("who", ROLES)
def test_user_list_is_for_beheerders_only(new_client, people: dict[str, str], who: str) -> None:  # type: ignore[no-untyped-def]
    response = _as(new_client, people, who).get("/beheer/gebruikers", follow_redirects=False)
    expected = {"anonymous": 303, "beheerder": 200}.get(who, 403)
    assert response.status_code == expected
    if who == "beheerder":
        assert all(email in response.text for email in people.values())


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", ["invite", "change", "disable", "enable"])
def test_user_admin_writes_are_for_beheerders_only(new_client, accounts_db: Database, people: dict[str, str],  # type: ignore[no-untyped-def]
                                                    who: str, action: str) -> None:
    client = _as(new_client, people, who)
    target = _user_id(accounts_db, people["redacteur"] if who != "redacteur" else people["partner_b"])
    path, data = {
        "invite": ("/beheer/gebruikers/uitnodigen", {"email": "nieuw@example.org", "role": "redacteur"}),
        "change": (f"/beheer/gebruikers/{target}", {"role": "partner", "organisatie": [ORG_B]}),
        "disable": (f"/beheer/gebruikers/{target}/uitschakelen", {}),
        "enable": (f"/beheer/gebruikers/{target}/inschakelen", {}),
    }[action]
    response = client.post(path, data=data | {"csrf_token": _token(client)}, follow_redirects=False)
    if who == "anonymous":
        assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")
    elif who == "beheerder":
        assert response.status_code == 303 and response.headers["location"].startswith("/beheer/gebruikers?melding=")
    else:
        assert response.status_code == 403
        assert "Alleen beheerders hebben hier toegang." in response.text
    with accounts_db.session() as session:
        changed = get_user(session, people["redacteur"]) if who != "redacteur" else None
        invited = user_by_email(session, "nieuw@example.org")
        if who != "beheerder":
            assert invited is None
            assert changed is None or (changed.role == "redacteur" and changed.active)


def test_admin_forms_need_a_csrf_token(new_client, accounts_db: Database, people: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    admin = _as(new_client, people, "beheerder")
    target = _user_id(accounts_db, people["redacteur"])
    for path in ("/beheer/gebruikers/uitnodigen", f"/beheer/gebruikers/{target}",
                 f"/beheer/gebruikers/{target}/uitschakelen"):
        assert admin.post(path, data={"email": "x@example.org", "role": "partner"}).status_code == 403
    with accounts_db.session() as session:
        user = get_user(session, people["redacteur"])
        assert user.active and user.role == "redacteur"


def test_disabling_a_user_logs_them_out_everywhere(new_client, accounts_db: Database, people: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    editor = _as(new_client, people, "redacteur")
    admin = _as(new_client, people, "beheerder")
    target = _user_id(accounts_db, people["redacteur"])
    admin.post(f"/beheer/gebruikers/{target}/uitschakelen", data={"csrf_token": _token(admin)})
    assert editor.get("/account", follow_redirects=False).status_code == 303
    assert "uitgeschakeld" in admin.get(f"/beheer/gebruikers/{target}").text


def test_changing_role_and_organisations(new_client, accounts_db: Database, people: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    admin = _as(new_client, people, "beheerder")
    target = _user_id(accounts_db, people["redacteur"])
    response = admin.post(f"/beheer/gebruikers/{target}", follow_redirects=False,
                          data={"role": "partner", "organisatie": [ORG_A, ORG_B], "csrf_token": _token(admin)})
    assert response.status_code == 303
    with accounts_db.session() as session:
        user = get_user(session, people["redacteur"])
        assert user.role == "partner" and user.organization_ids == {ORG_A, ORG_B}


@pytest.mark.parametrize(("data", "message"), [
    ({"role": "partner"}, "Een partner moet aan minstens één organisatie gekoppeld zijn."),
    ({"role": "koning"}, "Onbekende rol"),
    ({"role": "partner", "organisatie": ["bestaat-niet"]}, "Onbekende organisatie"),
    ({"role": "redacteur", "organisatie": [ORG_A]}, "Alleen een partner is aan organisaties gekoppeld."),
])
def test_bad_role_changes_are_refused_with_a_dutch_message(new_client, accounts_db: Database,  # type: ignore[no-untyped-def]
                                                           people: dict[str, str], data: dict, message: str) -> None:
    admin = _as(new_client, people, "beheerder")
    target = _user_id(accounts_db, people["redacteur"])
    response = admin.post(f"/beheer/gebruikers/{target}", data=data | {"csrf_token": _token(admin)})
    assert response.status_code == 400 and message in response.text
    with accounts_db.session() as session:
        assert get_user(session, people["redacteur"]).role == "redacteur"


def test_beheerder_cannot_disable_or_demote_themselves(new_client, accounts_db: Database,  # type: ignore[no-untyped-def]
                                                       people: dict[str, str]) -> None:
    admin = _as(new_client, people, "beheerder")
    me = _user_id(accounts_db, people["beheerder"])
    assert admin.post(f"/beheer/gebruikers/{me}/uitschakelen", data={"csrf_token": _token(admin)}).status_code == 400
    assert admin.post(f"/beheer/gebruikers/{me}", data={"role": "redacteur",
                                                         "csrf_token": _token(admin)}).status_code == 400
    assert admin.get("/beheer/gebruikers").status_code == 200


def test_unknown_user_page_is_a_404(new_client, people: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    admin = _as(new_client, people, "beheerder")
    assert admin.get("/beheer/gebruikers/bestaat-niet").status_code == 404
    assert admin.post("/beheer/gebruikers/bestaat-niet/uitschakelen",
                      data={"csrf_token": _token(admin)}).status_code == 404


def test_markup_in_an_invited_email_is_escaped(new_client, people: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    admin = _as(new_client, people, "beheerder")
    response = admin.post("/beheer/gebruikers/uitnodigen", data={
        "email": "<script>alert(1)</script>", "role": "redacteur", "csrf_token": _token(admin)})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;" in response.text
