"""Answers of pure questions (a search, a match, the services passing a filter), kept per process.

A search or a match depends only on the question and on the state of the data, and the state is
part of the key (the tokens of ``search_state`` and ``data_state``, which triggers replace on every
write; migrations 0007 and 0008), so a kept answer is never stale: after a change the key differs
and the old entries age out. Questions repeat (the same popular words, every page of one search, an
API client paging through ``/api/services?search=…``), and a repeated one costs a dictionary look-up
instead of a ranking.

Bounded (least recently used first out, ``result_cache_size`` entries per worker, 0 = off). Kept
answers are shared between requests: callers must not change them. A match that holds a free-text
description of a young person is never kept (its answer refers to the text); only structured
profiles are, under a digest.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select, true

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

DEFAULT_SIZE = 1024


class ResultCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer for ``key``, or ``compute()`` kept for next time. Two threads asking the same
        new question may both compute it (answers are equal; the cache stays correct)."""
        if self.size <= 0:
            return compute()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            self.misses += 1
        value = compute()  # outside the lock: other questions go on meanwhile
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def answer(self, session: Session, question: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, kept under ``question`` and the state of ``session``'s data (read only when
        the cache is on)."""
        if self.size <= 0:
            return compute()
        return self.get((*question, state_key(session)), compute)

    def resize(self, size: int) -> None:
        with self._lock:
            self.size = size
            while len(self._entries) > max(size, 0):
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


def state_key(session: Session) -> tuple[Any, ...]:
    """The database and the state of its data: part of every key (one statement reading both tokens;
    without a token row, the fallbacks of the two fingerprints)."""
    from wegwijzer.directory import state  # noqa: PLC0415 - the domain, lazily
    from wegwijzer.search.state import STATE, fingerprint  # noqa: PLC0415

    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    search = state.token_query(session, STATE, state.SEARCH_SETTING).subquery()
    data = state.token_query(session, state.DATA_STATE, state.DATA_SETTING).subquery()
    row = session.execute(select(*search.c, *data.c).select_from(search.join(data, true()))).first()
    if row is None:
        return (url, fingerprint(session), state.data_token(session))
    return (url, state.token_value(row[0], bool(row[1])), state.token_value(row[2], bool(row[3])))


def digest(value: Any) -> bytes:
    """A key part that does not keep the text it stands for (a match profile may hold a description of a
    young person: the cache keeps its SHA-256, never the text)."""
    return hashlib.sha256(repr(value).encode("utf-8")).digest()


#: the process's cache (``create_app`` sets its size from the settings)
RESULTS = ResultCache()
