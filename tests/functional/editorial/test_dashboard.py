"""The editor's dashboard through HTTP, on a copy of the imported bundle (no patching)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.accounts import login, make_user
from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Organization, Phone, Service
from wegwijzer.editorial.freshness_links import store_results
from wegwijzer.editorial.linkcheck import LinkResult
from wegwijzer.editorial.services import submit_suggestion

PAGE = "/redactie/overzicht"
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    """Ids of the records the module's database changed (filled in by ``board_db``)."""
    return {}


@pytest.fixture(scope="module")
def board_db(clone_imported: Callable[[], str], ids: dict[str, str],
             ) -> Iterator[Database]:
    """The imported bundle with a few invented problems, users of every role and one suggestion."""
    database = Database(clone_imported())
    make_user(database, "redacteur@example.org", "redacteur")
    make_user(database, "beheerder@example.org", "beheerder")
    with database.session() as s:
        services = s.scalars(select(Service).order_by(Service.sort_order, Service.name)).all()
        first, second, third = services[0], services[1], services[2]
        first.assured_date = NOW.date().isoformat()  # checked today: not due
        second.assured_date = (NOW.date() - timedelta(days=400)).isoformat()
        second.email = "<script>alert(1)</script>@example"
        s.add(Phone(id="00000000-0000-4000-8000-000000000001", service_id=third.id, number="02 123 45 67"))
        org = s.get(Organization, first.organization_id)
        org.website = "https://kapot.example.org/pagina"
        store_results(s, [LinkResult("https://kapot.example.org/pagina", ok=False, status_code=404,
                                     reason="http_status")], NOW - timedelta(days=3))
        submit_suggestion(s, None, "service", third.id, "description", "Een nieuwe beschrijving.",
                          now=NOW - timedelta(days=12))
        ids.update(first=first.id, second=second.id, third=third.id, org=org.id,
                   third_org=third.organization_id)
    make_user(database, "partner@example.org", "partner", organization_ids=[ids["org"]])
    yield database
    database.dispose()


@pytest.fixture
def client(board_db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=board_db.url, linkcheck="off")
    with TestClient(create_app(settings, board_db), raise_server_exceptions=False) as test_client:
        yield test_client


def test_anonymous_is_sent_to_the_login(client: TestClient) -> None:
    response = client.get(PAGE, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=/redactie/overzicht"


def test_partner_is_refused(client: TestClient) -> None:
    login(client, "partner@example.org")
    response = client.get(PAGE)
    assert response.status_code == 403
    assert "Alleen redacteurs en beheerders" in response.text


@pytest.mark.parametrize("email", ["redacteur@example.org", "beheerder@example.org"])
def test_editors_see_the_three_sections(client: TestClient, email: str) -> None:
    login(client, email)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "no-store" in response.headers["cache-control"]
    for heading in ("Na te kijken", "Contactgegevens met problemen", "Onbeantwoorde suggesties"):
        assert f">{heading} <span" in response.text


@pytest.fixture
def page(client: TestClient) -> str:
    login(client, "redacteur@example.org")
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.text


def test_due_services_link_to_their_pages(page: str, ids: dict[str, str]) -> None:
    assert f'href="/diensten/{ids["second"]}"' in page  # checked 400 days ago
    assert f'href="/diensten/{ids["first"]}"' not in page.split('id="contactgegevens"')[0]  # checked today
    assert "nooit" in page


def test_broken_website_with_the_records_using_it(page: str, ids: dict[str, str]) -> None:
    links = page.split('id="kapotte-websites"')[1].split('id="ongeldige-emails"')[0]
    assert "https://kapot.example.org/pagina" in links
    assert "Foutcode van de server (404)" in links
    assert f'href="/organisaties/{ids["org"]}"' in links


def test_invalid_email_is_listed_and_escaped(page: str) -> None:
    emails = page.split('id="ongeldige-emails"')[1].split('id="telefoonnummers"')[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;@example" in emails
    assert "<script>alert(1)" not in page


def test_phone_not_in_plus32_form_is_listed(page: str, ids: dict[str, str]) -> None:
    phones = page.split('id="telefoonnummers"')[1].split('id="onbereikbaar"')[0]
    assert "02 123 45 67" in phones and f'href="/diensten/{ids["third"]}"' in phones


def test_unanswered_suggestions_per_organisation_link_to_the_queue(page: str, ids: dict[str, str]) -> None:
    section = page.split('id="suggesties"')[1]
    assert "1 voorgestelde wijziging wacht op een antwoord." in section
    assert "De oudste is 12 dagen oud." in section
    assert f'href="/redactie?organisatie={ids["third_org"]}"' in section
    assert 'href="/redactie"' in section


def test_tables_have_headers_and_headings_are_in_order(page: str) -> None:
    assert page.count('<th scope="col">') >= 10 and "<caption" in page
    main = page.split('<main')[1]
    levels = [int(main[i + 2]) for i in range(len(main)) if main.startswith("<h", i) and main[i + 2].isdigit()]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Tableau de bord de la rédaction"),
                                               ("en", "Editors&#39; dashboard")])
def test_dashboard_is_translated(client: TestClient, lang: str, heading: str) -> None:
    login(client, "redacteur@example.org")
    response = client.get(f"{PAGE}?lang={lang}")
    assert response.status_code == 200 and heading in response.text


def test_unknown_language_is_a_friendly_400(client: TestClient) -> None:
    login(client, "redacteur@example.org")
    assert client.get(f"{PAGE}?lang=xx").status_code == 400
