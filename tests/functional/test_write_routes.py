"""A sweep over EVERY write route of the application (found by walking the app, so a new route cannot
slip through): each one is declared here with who may use it, refuses a form without a CSRF token
(website), and refuses anonymous visitors, partners and editors according to its declared level.
The detailed behaviour per role lives in tests/functional/accounts and tests/functional/editorial."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.functional.editorial.editorial_http import (
    ANONYMOUS,
    BEHEERDER,
    OTHER_PARTNER,
    REDACTEUR,
    World,
    csrf,
    world_fixture,  # noqa: F401 - the module's fixture "world"
)

PUBLIC, LOGIN, EDITOR, ADMIN = "iedereen", "aangemeld", "redactie", "beheerder"
DUMMY = "00000000-0000-0000-0000-000000000000"

#: every write route -> who may use it (the route itself may refine, e.g. partners of one organisation)
WRITE_ROUTES: dict[str, str] = {
    "POST /api/match": PUBLIC,
    "POST /api/suggestions": PUBLIC,
    "POST /api/suggestions/{sid}/accept": EDITOR,
    "POST /api/suggestions/{sid}/reject": EDITOR,
    "POST /inloggen": PUBLIC,
    "POST /inloggen/code": PUBLIC,
    "POST /uitloggen": PUBLIC,
    "POST /account/wachtwoord": LOGIN,
    "POST /account/tokens": LOGIN,
    "POST /account/tokens/{token_id}/intrekken": LOGIN,
    "POST /account/tweestapsverificatie": LOGIN,
    "POST /account/tweestapsverificatie/uit": LOGIN,
    "POST /wachtwoord-vergeten": PUBLIC,
    "POST /wachtwoord-herstellen/{token}": PUBLIC,
    "POST /uitnodiging/{token}": PUBLIC,
    "POST /beheer/gebruikers/uitnodigen": ADMIN,
    "POST /beheer/gebruikers/{user_id}": ADMIN,
    "POST /beheer/gebruikers/{user_id}/uitschakelen": ADMIN,
    "POST /beheer/gebruikers/{user_id}/inschakelen": ADMIN,
    "POST /wijziging": PUBLIC,
    "POST /bewerken": LOGIN,
    "POST /redactie/suggesties/{sid}/aanvaarden": EDITOR,
    "POST /redactie/suggesties/{sid}/afwijzen": EDITOR,
    "POST /redactie/terugdraaien": EDITOR,
    "POST /nagekeken": LOGIN,
    "POST /redactie/organisaties/{organization_id}/rechtstreeks-bewerken": ADMIN,
}


def _walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    for route in routes:
        if hasattr(route, "original_router"):  # an included router
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif getattr(route, "methods", None):
            yield prefix + route.path, set(route.methods)
        elif hasattr(route, "routes") and hasattr(route, "path"):  # a mount
            yield from _walk(route.routes, prefix + route.path)


def write_routes(app: Any) -> set[str]:
    return {f"{method} {path}" for path, methods in _walk(app.routes) for method in methods - {"GET", "HEAD"}}


def url(route: str) -> str:
    path = route.split(" ", 1)[1]
    for name in ("sid", "token_id", "token", "user_id", "organization_id"):
        path = path.replace("{" + name + "}", DUMMY)
    return path


def test_every_write_route_is_declared_with_who_may_use_it(world: World) -> None:
    assert write_routes(world.app) == set(WRITE_ROUTES)


WEB = sorted(r for r in WRITE_ROUTES if not r.startswith("POST /api"))
API = sorted(r for r in WRITE_ROUTES if r.startswith("POST /api"))


@pytest.mark.parametrize("route", WEB)
def test_every_form_refuses_a_post_without_its_csrf_token(world: World, route: str) -> None:
    client = world.client(BEHEERDER)  # may do everything: only the missing token can be the reason
    response = client.post(url(route), data={"id": world.service_id, "type": "service"})
    assert response.status_code == 403, route
    assert "beveiligingscode" in response.text


@pytest.mark.parametrize("route", [r for r in WEB if WRITE_ROUTES[r] != PUBLIC])
def test_anonymous_visitors_are_sent_to_the_login(world: World, route: str) -> None:
    client = world.client(ANONYMOUS)
    response = client.post(url(route), data={"csrf_token": csrf(client, "/inloggen")})
    assert response.status_code == 303, route
    assert response.headers["location"].startswith("/inloggen")


@pytest.mark.parametrize("route", [r for r in WEB if WRITE_ROUTES[r] in (EDITOR, ADMIN)])
def test_partners_may_not_use_editor_routes(world: World, route: str) -> None:
    client = world.client(OTHER_PARTNER)
    response = client.post(url(route), data={"csrf_token": csrf(client, "/account")})
    assert response.status_code == 403, route


@pytest.mark.parametrize("route", [r for r in WEB if WRITE_ROUTES[r] == ADMIN])
def test_redacteurs_may_not_use_admin_routes(world: World, route: str) -> None:
    client = world.client(REDACTEUR)
    response = client.post(url(route), data={"csrf_token": csrf(client, "/account")})
    assert response.status_code == 403, route


@pytest.mark.parametrize("route", [r for r in API if WRITE_ROUTES[r] != PUBLIC])
def test_api_write_routes_need_a_token_and_the_role(world: World, route: str) -> None:
    client = world.client(ANONYMOUS)
    assert client.post(url(route), json={"reason": "x"}).status_code == 401
    refused = client.post(url(route), json={"reason": "x"}, headers=world.headers(OTHER_PARTNER))
    assert refused.status_code == 403
    bad = client.post(url(route), json={"reason": "x"}, headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401
