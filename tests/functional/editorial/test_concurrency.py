"""No lost updates: two people save the same record at the same time; one wins, the other is told.

Each thread has its own ``Database`` (engine and connections) on the same database file; a barrier
makes both read the same version before either saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests import factories as f
from wegwijzer.accounts.principal import Principal
from wegwijzer.db import Database
from wegwijzer.directory.models import Metadata, Service
from wegwijzer.editorial.errors import StaleVersion
from wegwijzer.editorial.services import (
    accept_suggestion,
    edit_record,
    get_suggestion,
    record_values,
    submit_suggestion,
)
from wegwijzer.ingest.rows import build_rows
from wegwijzer.ingest.store import sync
from wegwijzer.ingest.taxonomy import load_taxonomies

ANNA = Principal(user_id="u1", email="anna@example.org", role="redacteur")
BERT = Principal(user_id="u2", email="bert@example.org", role="beheerder")
ORIGINAL = "Individuele begeleiding"


@pytest.fixture
def service_id(db: Database) -> str:
    with db.session() as s:
        sync(s, build_rows(f.result(), load_taxonomies()), updated_by="import:test.txt",
             now=datetime(2026, 1, 1, tzinfo=UTC))
        return str(s.execute(select(Service.id)).scalar_one())


def race(url: str, service_id: str, save: Callable[[Session, Principal, int, str], object]) -> dict[str, object]:
    """Run ``save`` as Anna and as Bert at the same time, both starting from the version they read."""
    barrier = threading.Barrier(2, timeout=30)
    results: dict[str, object] = {}

    def worker(principal: Principal, value: str) -> None:
        database = Database(url)
        try:
            with database.session() as s:
                version = record_values(s, "service", service_id).version
                barrier.wait()  # both have read the same version; now both save
                results[principal.email] = save(s, principal, version, value)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[principal.email] = exc
        finally:
            database.dispose()

    threads = [threading.Thread(target=worker, args=(p, v)) for p, v in ((ANNA, "Naam van Anna"),
                                                                         (BERT, "Naam van Bert"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


def _split(results: dict[str, object]) -> tuple[str, StaleVersion]:
    stale = {who: r for who, r in results.items() if isinstance(r, StaleVersion)}
    others = {who: r for who, r in results.items() if not isinstance(r, StaleVersion)}
    assert len(stale) == 1 and len(others) == 1, results
    (winner, outcome), = others.items()
    assert not isinstance(outcome, Exception), outcome
    return winner, next(iter(stale.values()))


def _editorial_changes(db: Database, service_id: str) -> list[Metadata]:
    with db.session() as s:
        return list(s.execute(select(Metadata).where(Metadata.resource_id == service_id,
                                                     Metadata.updated_by.in_([ANNA.email, BERT.email]))).scalars())


@pytest.mark.parametrize("attempt", range(3))
def test_two_simultaneous_edits_one_wins_the_other_gets_both_versions(
    db: Database, service_id: str, attempt: int,
) -> None:

    def save(s: Session, principal: Principal, version: int, value: str) -> object:
        return edit_record(s, principal, "service", service_id, {"name": value}, version)

    winner, stale = _split(race(db.url, service_id, save))
    mine = "Naam van Anna" if winner == ANNA.email else "Naam van Bert"
    theirs = "Naam van Bert" if winner == ANNA.email else "Naam van Anna"
    assert (stale.your_version, stale.current_version) == (1, 2)
    assert stale.current["name"] == mine and stale.yours == {"name": theirs}  # nothing is lost
    (change,) = _editorial_changes(db, service_id)
    assert (change.updated_by, change.previous_value, change.replacement_value) == (winner, ORIGINAL, mine)
    with db.session() as s:
        assert (s.get(Service, service_id).name, s.get(Service, service_id).version) == (mine, 2)


@pytest.mark.parametrize("attempt", range(3))
def test_two_editors_accepting_suggestions_for_the_same_field_one_wins(
    db: Database, service_id: str, attempt: int,
) -> None:
    with db.session() as s:
        ids = {value: submit_suggestion(s, None, "service", service_id, "name", value, client_key="x").id
               for value in ("Naam van Anna", "Naam van Bert")}

    def save(s: Session, principal: Principal, version: int, value: str) -> object:
        return accept_suggestion(s, principal, ids[value], expected_version=version)

    winner, stale = _split(race(db.url, service_id, save))
    mine = "Naam van Anna" if winner == ANNA.email else "Naam van Bert"
    loser = "Naam van Bert" if winner == ANNA.email else "Naam van Anna"
    assert (stale.your_version, stale.current_version) == (1, 2) and stale.current["name"] == mine
    assert stale.yours == {"name": loser}
    assert len(_editorial_changes(db, service_id)) == 1
    with db.session() as s:
        assert get_suggestion(s, ids[mine]).status == "accepted"
        assert get_suggestion(s, ids[loser]).status == "pending"  # still there for a second look
        assert s.execute(select(func.count()).select_from(Metadata).where(
            Metadata.resource_id == service_id, Metadata.last_action_type == "update")).scalar_one() == 1
