"""Search demand: every search and match on the website and the API adds one to one aggregated count.

What is counted is only what the report needs (see docs/insight.md, "Privacy"): the UTC day, the
kind (``search`` or ``match``), one need slug, one age band, one phase slug and how much was found
(``0``, ``1-2`` or ``3+``). Never the text typed, the exact age, the level, the municipality, an
address, a user or a time of day.

Recording must never break or slow a search. A :class:`DemandRecorder` (one per app, so one per
worker process) adds each question to a counter in memory and writes what it holds every
``demand_flush_seconds`` (a background thread; also when the app stops and before the insight page
reads the counts): one short transaction with one upsert per distinct row, which adds to what other
workers wrote. With 0 seconds every question is written at once by :func:`record`. Errors are
logged (without the question) and swallowed; counts that could not be written are kept for the next
flush. A worker that is killed loses at most the last interval's counts.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import Counter
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


def add(session: Session, event: DemandEvent, day: date, count: int = 1) -> None:
    """Add ``count`` to the event's row of ``day``: an upsert (INSERT … ON CONFLICT DO UPDATE on SQLite
    and PostgreSQL, else UPDATE then INSERT)."""
    key: dict[str, Any] = {"day": day, "kind": event.kind, "need": event.need, "age_band": event.age_band,
                           "phase": event.phase, "result_bucket": event.result_bucket}
    table = SearchDemand.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert  # noqa: PLC0415
        else:
            from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415
        statement = insert(table).values(**key, count=count)
        session.execute(statement.on_conflict_do_update(
            index_elements=list(key), set_={"count": table.c["count"] + count}))
        return
    where = [table.c[name] == value for name, value in key.items()]  # other databases (a lost race: lost counts)
    if not session.execute(update(table).where(*where).values(count=table.c["count"] + count)).rowcount:
        session.execute(table.insert().values(**key, count=count))


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


class DemandRecorder:
    """Counts questions in memory and writes them every ``interval`` seconds (0: at once).

    Thread-safe; :meth:`count` never touches the database when buffering, so a search pays one
    dictionary update. :meth:`flush` writes everything held in one transaction."""

    def __init__(self, database: Database, interval: float = 5.0) -> None:
        self.database = database
        self.interval = interval
        self._counts: Counter[tuple[date, DemandEvent]] = Counter()
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._due = 0.0

    def count(self, event: DemandEvent, day: date | None = None) -> bool:
        """Count one question (now, or in the next flush); False when writing it at once failed."""
        if self.interval <= 0:
            return record(self.database, event, day)
        with self._lock:
            if not self._counts:
                self._due = time.monotonic() + self.interval
            self._counts[(day or today(), event)] += 1
        _FLUSHER.watch(self)
        return True

    def pending(self) -> int:
        """How many questions are counted but not written yet."""
        with self._lock:
            return sum(self._counts.values())

    def due(self, now: float) -> bool:
        with self._lock:
            return bool(self._counts) and now >= self._due

    def flush(self) -> bool:
        """Write what is held (one transaction); on failure keep it for the next flush. True when
        nothing is left unwritten."""
        with self._flushing:  # one flush at a time, so counts are never written twice
            with self._lock:
                counts, self._counts = self._counts, Counter()
            if not counts:
                return True
            try:
                with self.database.session() as session:
                    for (day, event), n in sorted(counts.items(), key=lambda item: (item[0][0], repr(item[0][1]))):
                        add(session, event, day, n)
                return True
            except Exception as exc:  # noqa: BLE001 - counting must never break anything
                logger.warning("search demand not recorded (%d questions kept for the next try): %s",
                               counts.total(), type(exc).__name__)
                with self._lock:
                    self._counts.update(counts)
                    self._due = time.monotonic() + self.interval
                return False

    def close(self) -> None:
        """Write what is held and stop being flushed in the background (the app stops)."""
        _FLUSHER.forget(self)
        self.flush()


class _Flusher:
    """One daemon thread per process that flushes the recorders whose interval has passed."""

    TICK = 0.5  # seconds between looks

    def __init__(self) -> None:
        self._recorders: weakref.WeakSet[DemandRecorder] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def watch(self, recorder: DemandRecorder) -> None:
        if recorder in self._recorders and self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            self._recorders.add(recorder)
            if self._thread is None or not self._thread.is_alive():  # also after a fork
                self._thread = threading.Thread(target=self._run, name="wegwijzer-demand", daemon=True)
                self._thread.start()

    def forget(self, recorder: DemandRecorder) -> None:
        with self._lock:
            self._recorders.discard(recorder)

    def _run(self) -> None:
        while True:
            time.sleep(self.TICK)
            now = time.monotonic()
            with self._lock:
                recorders = list(self._recorders)
            for recorder in recorders:
                if recorder.due(now):
                    recorder.flush()

    def flush_all(self) -> None:
        with self._lock:
            recorders = list(self._recorders)
        for recorder in recorders:
            recorder.flush()


_FLUSHER = _Flusher()
atexit.register(_FLUSHER.flush_all)  # best effort when a process ends without stopping its app


def _count(sink: Database | DemandRecorder, event: DemandEvent) -> bool:
    if isinstance(sink, DemandRecorder):
        return sink.count(event)
    return record(sink, event)


def record_search(sink: Database | DemandRecorder, query: str, filters: SearchFilters, total: int,
                  page: int = 1) -> bool:
    """Count one search (website or API) that asked something (words or a filter), on its first page
    only (paging through the results is the same question); never raises."""
    try:
        if page != 1 or not (query.strip() or filters != type(filters)()):
            return False
        event = search_event(query, filters.nood, filters.age, filters.fase, total)
    except Exception as exc:  # noqa: BLE001
        logger.warning("search demand not recorded (kind=search): %s", type(exc).__name__)
        return False
    return _count(sink, event)


def record_match(sink: Database | DemandRecorder, needs: Sequence[str], age: int | None, found: int) -> bool:
    """Count one match (website or API) with ``found`` results; never raises."""
    try:
        event = match_event(needs, age, found)
    except Exception as exc:  # noqa: BLE001
        logger.warning("search demand not recorded (kind=match): %s", type(exc).__name__)
        return False
    return _count(sink, event)


def rows_since(session: Session, since: date | None) -> list[SearchDemand]:
    """The stored counts from ``since`` on (all when None)."""
    query = select(SearchDemand)
    if since is not None:
        query = query.where(SearchDemand.day >= since)
    return list(session.scalars(query.order_by(SearchDemand.day)))
