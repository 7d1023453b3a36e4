"""No lost updates on the website: a save based on an outdated version is refused with a 409 page that
shows both versions side by side and a form based on the current version; nothing is overwritten."""

from __future__ import annotations

import threading
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from tests.functional.editorial.editorial_http import (
    BEHEERDER,
    REDACTEUR,
    SCRIPT,
    World,
    world_fixture,  # noqa: F401 - the module's fixture "world"
)
from wegwijzer.editorial import services


class FormReader(HTMLParser):
    """The fields of the first form posting to ``action``: what a browser would send unchanged."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action") == self.action:
            self.inside = True
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.fields):
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data


def read_form(html: str, action: str = "/bewerken") -> dict[str, str]:
    reader = FormReader(action)
    reader.feed(html)
    assert reader.fields, f"no form posting to {action}"
    return reader.fields


def edit_form(world: World, client: TestClient) -> dict[str, str]:
    page = client.get(f"/bewerken?type=service&id={world.service_id}")
    assert page.status_code == 200
    return read_form(page.text)


def test_second_save_on_an_old_version_is_refused_with_both_versions_and_nothing_is_lost(world: World) -> None:
    first, second = world.client(REDACTEUR), world.client(BEHEERDER)
    form_first, form_second = edit_form(world, first), edit_form(world, second)
    assert form_first["version"] == form_second["version"] == str(world.version())
    form_first["veld_wait_time"] = "Wachttijd van de eerste"
    form_second["veld_wait_time"] = f"Wachttijd van de tweede {SCRIPT}"
    form_second["veld_fees_description"] = "Gratis volgens de tweede"
    saved = first.post("/bewerken", data=form_first)
    assert saved.status_code == 303
    refused = second.post("/bewerken", data=form_second)
    assert refused.status_code == 409
    assert world.value("wait_time") == "Wachttijd van de eerste"
    assert world.value("fees_description") != "Gratis volgens de tweede"
    page = refused.text
    compare = page[page.index('<table class="compare">'):page.index("</table>")]
    assert "Iemand anders heeft dit gegeven intussen gewijzigd" in page
    assert "Uw versie" in compare and "Huidige versie" in compare
    assert "Wachttijd van de tweede &lt;script&gt;" in compare and "Wachttijd van de eerste" in compare
    assert "Gratis volgens de tweede" in compare
    assert SCRIPT not in page
    again = read_form(page)
    assert again["version"] == str(world.version())
    assert again["was_wait_time"] == "Wachttijd van de eerste"
    assert again["veld_wait_time"] == f"Wachttijd van de tweede {SCRIPT}"
    assert again["veld_fees_description"] == "Gratis volgens de tweede"
    resaved = second.post("/bewerken", data=again)
    assert resaved.status_code == 303
    assert world.value("wait_time") == f"Wachttijd van de tweede {SCRIPT}"
    assert world.value("fees_description") == "Gratis volgens de tweede"
    with world.db.session() as session:
        values = [e.replacement_value for e in services.history(session, world.service_id)
                  if e.field_name == "wait_time"]
    assert values[:2] == [f"Wachttijd van de tweede {SCRIPT}", "Wachttijd van de eerste"]


def test_two_simultaneous_saves_one_wins_the_other_is_told(world: World) -> None:
    clients = [world.client(REDACTEUR), world.client(REDACTEUR)]
    forms = [edit_form(world, c) for c in clients]
    for n, form in enumerate(forms):
        form["veld_wait_time"] = f"Tegelijk {n}"
    start = threading.Barrier(2)
    answers: dict[int, int] = {}

    def save(n: int) -> None:
        start.wait()
        answers[n] = clients[n].post("/bewerken", data=forms[n]).status_code

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values()) == [303, 409]
    winner = next(n for n, status in answers.items() if status == 303)
    assert world.value("wait_time") == f"Tegelijk {winner}"
    assert world.version() == int(forms[0]["version"]) + 1


def test_revert_of_a_field_changed_since_shows_the_conflict_page(world: World) -> None:
    change_id = world.change("wait_time", "Eerste wijziging")
    world.change("wait_time", "Tweede wijziging")
    editor = world.client(REDACTEUR)
    page = editor.get(f"/diensten/{world.service_id}").text
    token = read_form(page, "/redactie/terugdraaien")["csrf_token"]
    response = editor.post("/redactie/terugdraaien", data={"csrf_token": token, "wijziging": change_id})
    assert response.status_code == 409
    assert "kan niet meer worden teruggedraaid" in response.text
    assert "Tweede wijziging" in response.text
    assert world.value("wait_time") == "Tweede wijziging"
