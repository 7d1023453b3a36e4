"""Search demand: every search and match on the website and the API adds one to one aggregated count.

What is counted is only what the report needs (see docs/insight.md, "Privacy"): the UTC day, the
kind (``search`` or ``match``), one need slug, one age band, one phase slug and how much was found
(``0``, ``1-2`` or ``3+``). Never the text typed, the exact age, the level, the municipality, an
address, a user or a time of day.

Recording must never break or slow a search: :func:`record` makes one small upsert in its own
short transaction, and any error is logged (without the question) and swallowed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wegwijzer.insight.coverage import band_of
from wegwijzer.insight.models import SearchDemand

if TYPE_CHECKING:
    from wegwijzer.db import Database
    from wegwijzer.search.schemas import SearchFilters

logger = logging.getLogger("wegwijzer.insight")

SEARCH, MATCH = "search", "match"
KINDS = (SEARCH, MATCH)
BUCKETS = ("0", "1-2", "3+")
LITTLE = ("0", "1-2")  # the buckets of "questions that found little or nothing"


def bucket(found: int) -> str:
    """How much a question found: "0", "1-2" or "3+"."""
    if found <= 0:
        return "0"
    return "1-2" if found <= 2 else "3+"


@dataclass(frozen=True)
class DemandEvent:
    """One question, reduced to the dimensions of the ``search_demand`` table."""

    kind: str
    need: str = ""
    age_band: str = ""
    phase: str = ""
    result_bucket: str = "0"


def _first(values: Sequence[str]) -> str:
    return values[0] if values else ""


def search_event(query: str, needs: Sequence[str], age: int | None, phases: Sequence[str],
                 total: int) -> DemandEvent:
    """A search: the first chosen need (else the first need the query's words name, read with the
    matcher's concept list), the age filter's band (else an age the query names), the first phase."""
    from wegwijzer.match.extract import read_text  # noqa: PLC0415 - loads the concept list lazily

    read = read_text(query) if query and (not needs or age is None) else {}
    need = _first(needs) or _first(read.get("needs", []))
    return DemandEvent(SEARCH, need, band_of(age if age is not None else read.get("age")), _first(phases),
                       bucket(total))


def match_event(needs: Sequence[str], age: int | None, found: int) -> DemandEvent:
    """A match: the profile's first need (explicit needs come first), its age band; no phase."""
    return DemandEvent(MATCH, _first(needs), band_of(age), "", bucket(found))


def add(session: Session, event: DemandEvent, day: date) -> None:
    """Add one to the event's row of ``day``: an upsert (INSERT … ON CONFLICT DO UPDATE on SQLite and
    PostgreSQL, else UPDATE then INSERT)."""
    key: dict[str, Any] = {"day": day, "kind": event.kind, "need": event.need, "age_band": event.age_band,
                           "phase": event.phase, "result_bucket": event.result_bucket}
    table = SearchDemand.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert  # noqa: PLC0415
        else:
            from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415
        statement = insert(table).values(**key, count=1)
        session.execute(statement.on_conflict_do_update(
            index_elements=list(key), set_={"count": table.c["count"] + 1}))
        return
    where = [table.c[name] == value for name, value in key.items()]  # other databases (a lost race: one lost count)
    if not session.execute(update(table).where(*where).values(count=table.c["count"] + 1)).rowcount:
        session.execute(table.insert().values(**key, count=1))


def today() -> date:
    return datetime.now(UTC).date()


def record(database: Database, event: DemandEvent, day: date | None = None) -> bool:
    """Count one question; False (and a log line without the question) when that failed."""
    try:
        with database.session() as session:
            add(session, event, day or today())
        return True
    except Exception as exc:  # noqa: BLE001 - counting must never break a search
        logger.warning("search demand not recorded (kind=%s): %s", event.kind, type(exc).__name__)
        return False


def record_search(database: Database, query: str, filters: SearchFilters, total: int, page: int = 1) -> bool:
    """Count one search (website or API) that asked something (words or a filter), on its first page
    only (paging through the results is the same question); never raises."""
    try:
        if page != 1 or not (query.strip() or filters != type(filters)()):
            return False
        event = search_event(query, filters.nood, filters.age, filters.fase, total)
    except Exception as exc:  # noqa: BLE001
        logger.warning("search demand not recorded (kind=search): %s", type(exc).__name__)
        return False
    return record(database, event)


def record_match(database: Database, needs: Sequence[str], age: int | None, found: int) -> bool:
    """Count one match (website or API) with ``found`` results; never raises."""
    try:
        event = match_event(needs, age, found)
    except Exception as exc:  # noqa: BLE001
        logger.warning("search demand not recorded (kind=match): %s", type(exc).__name__)
        return False
    return record(database, event)


def rows_since(session: Session, since: date | None) -> list[SearchDemand]:
    """The stored counts from ``since`` on (all when None)."""
    query = select(SearchDemand)
    if since is not None:
        query = query.where(SearchDemand.day >= since)
    return list(session.scalars(query.order_by(SearchDemand.day)))
