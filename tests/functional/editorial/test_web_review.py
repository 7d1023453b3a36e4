"""The review queue, the item page, history and revert on the record pages, through HTTP; markup in
submitted text is rendered escaped everywhere; the cached pages and API show an accepted change at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.functional.editorial.editorial_http import (
    ANONYMOUS,
    REDACTEUR,
    SCRIPT,
    World,
    csrf,
    page_token,
    world_fixture,  # noqa: F401 - the module's fixture "world"
)
from wegwijzer.directory.models import Service
from wegwijzer.editorial import services
from wegwijzer.editorial.models import Suggestion

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str, where: str) -> None:
    assert SCRIPT not in html, f"raw markup on {where}"
    assert ESCAPED in html, f"the text is missing on {where}"


def test_markup_in_submitted_text_is_rendered_escaped_everywhere(world: World) -> None:
    visitor = world.client(ANONYMOUS)
    form = f"/wijziging?type=service&id={world.service_id}"
    data = {"csrf_token": csrf(visitor, form), "type": "service", "id": world.service_id,
            "veld": f"service:{world.service_id}:alternate_name", "waarde": SCRIPT, "toelichting": SCRIPT,
            "email": f"{SCRIPT}@example.org"}
    refused = visitor.post("/wijziging", data=data)
    assert refused.status_code == 422
    assert_escaped(refused.text, "the form with a bad e-mail")
    data["email"] = "melder@example.org"
    thanks = visitor.post("/wijziging", data=data)
    assert thanks.status_code == 200
    assert_escaped(thanks.text, "the thank-you page")
    with world.db.session() as session:
        sid = services.list_suggestions(session, status="pending", record_id=world.service_id, limit=1000)[-1].id
    editor = world.client(REDACTEUR)
    assert_escaped(editor.get("/redactie").text, "the queue")
    item = editor.get(f"/redactie/suggesties/{sid}").text
    assert_escaped(item, "the item page")
    assert "melder@example.org" in item
    token = csrf(editor, "/redactie")
    assert editor.post(f"/redactie/suggesties/{sid}/aanvaarden",
                       data={"csrf_token": token, "waarde": SCRIPT, "toelichting": SCRIPT}).status_code == 303
    for path in (f"/diensten/{world.service_id}", f"/redactie/suggesties/{sid}", f"/bewerken?type=service&id="
                 f"{world.service_id}"):
        assert_escaped(editor.get(path).text, path)
    page = world.client(ANONYMOUS).get(f"/diensten/{world.service_id}").text
    history = page[page.index('id="geschiedenis"'):]
    assert_escaped(history, "the history on the service page")
    other = world.suggest("wait_time", "Twaalf dagen")
    assert editor.post(f"/redactie/suggesties/{other}/afwijzen",
                       data={"csrf_token": token, "reden": SCRIPT}).status_code == 303
    assert_escaped(editor.get(f"/redactie/suggesties/{other}").text, "a rejected item with its reason")


def test_item_page_shows_current_and_proposed_value_side_by_side(world: World) -> None:
    current = world.value("wait_time")
    sid = world.suggest("wait_time", "Dertien dagen", note="Gebeld met het secretariaat.")
    page = world.client(REDACTEUR).get(f"/redactie/suggesties/{sid}")
    assert page.status_code == 200
    compare = page.text[page.text.index('<table class="compare">'):]
    compare = compare[:compare.index("</table>")]
    assert "Huidige waarde" in compare and "Voorgestelde waarde" in compare
    assert compare.index(current or "(leeg)") < compare.index("Dertien dagen")
    assert "Gebeld met het secretariaat." in page.text
    assert "Aanvaarden" in page.text and "Reden (verplicht)" in page.text


def test_item_page_warns_when_the_record_changed_since_the_suggestion(world: World) -> None:
    sid = world.suggest("wait_time", "Veertien dagen")
    world.change("wait_time", "Vijftien dagen")
    page = world.client(REDACTEUR).get(f"/redactie/suggesties/{sid}").text
    assert "gewijzigd sinds de melding" in page
    assert "Vijftien dagen" in page and "Waarde toen de melding werd ingediend" in page


def test_import_conflict_is_labelled_as_editor_value_against_document_value(world: World) -> None:
    sid = str(uuid.uuid4())
    with world.db.session() as session:
        session.add(Suggestion(
            id=sid, record_type="service", record_id=world.service_id, organization_id=world.organization_id,
            field_name="wait_time", original_value="Vroeger", proposed_value="Volgens het document",
            note="", submitted_by="import:infobundel-v2.md", source="import", base_version=world.version(),
            status="pending", created_at=datetime.now(UTC), review_note="", conflict=True))
    page = world.client(REDACTEUR).get(f"/redactie/suggesties/{sid}").text
    assert "Waarde van de redactie (nu in de gids)" in page
    assert "Waarde in het nieuwe document" in page
    assert "een redacteur wijzigde dit gegeven sinds de vorige import" in page
    assert "import:infobundel-v2.md" in page


def test_accept_with_an_edited_value_applies_the_editors_value(world: World) -> None:
    sid = world.suggest("wait_time", "Zestien dagn")
    editor = world.client(REDACTEUR)
    response = editor.post(f"/redactie/suggesties/{sid}/aanvaarden",
                           data={"csrf_token": csrf(editor, "/redactie"), "waarde": "Zestien dagen"})
    assert response.status_code == 303
    assert world.value("wait_time") == "Zestien dagen"
    page = editor.get(response.headers["location"]).text
    assert "De wijziging is aanvaard" in page
    assert "Toegepaste waarde" in page and "Zestien dagen" in page


def test_accepted_change_shows_at_once_on_the_cached_pages_and_in_the_api_metadata(world: World) -> None:
    visitor = world.client(ANONYMOUS)
    page = f"/diensten/{world.service_id}"
    assert "Zeventien dagen" not in visitor.get(page).text  # the caches are warm
    api = visitor.get(f"/api/services/{world.service_id}")
    assert api.status_code == 200
    sid = world.suggest("wait_time", "Zeventien dagen")
    editor = world.client(REDACTEUR)
    assert editor.post(f"/redactie/suggesties/{sid}/aanvaarden",
                       data={"csrf_token": csrf(editor, "/redactie")}).status_code == 303
    html = visitor.get(page).text
    assert "Zeventien dagen" in html
    history = html[html.index('id="geschiedenis"'):]
    assert "redacteur@example.org" in history and "Zeventien dagen" in history
    service = visitor.get(f"/api/services/{world.service_id}").json()
    assert service["wait_time"] == "Zeventien dagen"
    changes = [m for m in service["metadata"] if m["field_name"] == "wait_time"]
    assert changes[-1]["replacement_value"] == "Zeventien dagen"
    assert changes[-1]["updated_by"] == "redacteur@example.org"
    assert changes[-1]["last_action_type"] == "update"


def test_editor_reverts_a_change_from_the_history(world: World) -> None:
    before = world.value("wait_time")
    change_id = world.change("wait_time", "Achttien dagen")
    editor = world.client(REDACTEUR)
    page = editor.get(f"/diensten/{world.service_id}").text
    assert f'name="wijziging" value="{change_id}"' in page
    response = editor.post("/redactie/terugdraaien", data={
        "csrf_token": csrf(editor, "/redactie"), "wijziging": change_id, "terug": f"/diensten/{world.service_id}"})
    assert response.status_code == 303
    assert world.value("wait_time") == before
    history = editor.get(f"/diensten/{world.service_id}").text.split('id="geschiedenis"')[1]
    assert "teruggedraaid" in history
    assert f'name="wijziging" value="{change_id}"' not in history  # no longer revertible
    again = editor.post("/redactie/terugdraaien", data={
        "csrf_token": csrf(editor, "/redactie"), "wijziging": change_id, "terug": "/"})
    assert again.status_code == 409
    assert world.value("wait_time") == before


def test_revert_of_an_unknown_change_is_a_404_and_the_way_back_stays_on_the_site(world: World) -> None:
    editor = world.client(REDACTEUR)
    token = csrf(editor, "/redactie")
    assert editor.post("/redactie/terugdraaien", data={"csrf_token": token, "wijziging": str(uuid.uuid4())}
                       ).status_code == 404
    change_id = world.change("wait_time", "Negentien dagen")
    response = editor.post("/redactie/terugdraaien", data={
        "csrf_token": token, "wijziging": change_id, "terug": "https://elders.example/"})
    assert response.status_code == 303
    assert response.headers["location"] == "/#geschiedenis"


def test_long_history_folds_the_older_changes(world: World) -> None:
    for n in range(7):
        world.change("wait_time", f"{n + 20} dagen")
    page = world.client(ANONYMOUS).get(f"/diensten/{world.service_id}").text
    history = page.split('id="geschiedenis"')[1]
    assert "<details" in history
    assert "Toon de oudere wijzigingen" in history
    assert history.index("26 dagen") < history.index("<details")


def test_service_page_shows_the_review_date(world: World) -> None:
    editor = world.client(REDACTEUR)
    page = editor.get(f"/diensten/{world.service_id}").text
    assert "Nog niet nagekeken." in page or "Laatst nagekeken op" in page
    response = editor.post("/nagekeken", data={"csrf_token": csrf(editor, "/redactie"), "id": world.service_id,
                                               "version": str(world.version())})
    assert response.status_code == 303
    page = world.client(ANONYMOUS).get(f"/diensten/{world.service_id}").text
    assert "Laatst nagekeken op" in page and "door redacteur@example.org" in page


def test_mark_checked_on_an_outdated_page_is_refused(world: World) -> None:
    editor = world.client(REDACTEUR)
    version = world.version()
    world.change("wait_time", "Dertig dagen")
    response = editor.post("/nagekeken", data={"csrf_token": csrf(editor, "/redactie"), "id": world.service_id,
                                               "version": str(version)})
    assert response.status_code == 409
    assert "intussen gewijzigd" in response.text


@pytest.mark.parametrize("query", ["status=ergens", "ouder_dan=3", "ouder_dan=abc", "organisatie=onbekend"])
def test_queue_refuses_unknown_filters(world: World, query: str) -> None:
    response = world.client(REDACTEUR).get(f"/redactie?{query}")
    assert response.status_code == 400
    assert "Onbekende filter" in response.text


def test_queue_filters_by_status_organisation_and_age(world: World) -> None:
    old_value, new_value, other_value = "Oud voorstel", "Nieuw voorstel", "Voorstel elders"
    with world.db.session() as session:
        services.submit_suggestion(session, None, "service", world.service_id, "wait_time", old_value,
                                   client_key="queue-old", now=datetime.now(UTC) - timedelta(days=10))
        elsewhere = session.scalars(select(Service.id).where(
            Service.organization_id == world.other_organization_id)).first()
    assert elsewhere is not None
    world.suggest("wait_time", new_value)
    world.suggest("wait_time", other_value, record_id=elsewhere)
    editor = world.client(REDACTEUR)
    everything = editor.get("/redactie").text
    assert old_value in everything and new_value in everything and other_value in everything
    own = editor.get(f"/redactie?organisatie={world.organization_id}").text
    assert old_value in own and new_value in own and other_value not in own
    week = editor.get("/redactie?ouder_dan=7").text
    assert old_value in week and new_value not in week
    assert old_value not in editor.get("/redactie?ouder_dan=30").text
    assert old_value not in editor.get("/redactie?status=afgewezen").text
    with world.db.session() as session:
        pending = services.count_suggestions(session, "pending")
    assert f"{pending} meldingen wachten op een redacteur." in everything


def test_accept_on_an_outdated_item_page_is_refused_and_nothing_is_lost(world: World) -> None:
    first, second = world.suggest("wait_time", "Drie weken"), world.suggest("wait_time", "Vier weken")
    one, other = world.client(REDACTEUR), world.client(REDACTEUR)
    page_one = one.get(f"/redactie/suggesties/{first}").text
    page_other = other.get(f"/redactie/suggesties/{second}").text
    assert 'name="versie"' in page_one and 'name="versie"' in page_other
    accepted = one.post(f"/redactie/suggesties/{first}/aanvaarden",
                        data={"csrf_token": page_token(page_one), "waarde": "Drie weken",
                              "versie": str(world.version())})
    assert accepted.status_code == 303
    stale_version = world.version() - 1  # the version the second reviewer's page was built on
    refused = other.post(f"/redactie/suggesties/{second}/aanvaarden",
                         data={"csrf_token": page_token(page_other), "waarde": "Vier weken",
                               "versie": str(stale_version)})
    assert refused.status_code == 409
    assert "Drie weken" in refused.text and "Vier weken" in refused.text
    assert world.value("wait_time") == "Drie weken"
    assert world.status(second) == "pending"
