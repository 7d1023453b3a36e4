"""What is expensive to build, cached per process and per database until the data changes.

The fingerprint is the token of the ``data_state`` row (:mod:`wegwijzer.directory.state`), which
database triggers replace on every write to the directory, so a new fingerprint means the directory
changed, and reading it is one primary-key lookup.

With several worker processes (``wegwijzer serve --workers N``) each keeps its own copy; the
fingerprint is read from the database on every call, so a change made through one worker (or the
command line) is seen by every worker on its next request. Nothing here needs to be shared.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.directory.state import data_token, last_changed
from wegwijzer.match.model import ServiceView
from wegwijzer.match.services import Matcher
from wegwijzer.match.views import service_views
from wegwijzer.memory import settle


@dataclass(frozen=True)
class Directory:
    """One loaded state of the directory: all rows, the matcher's views and the matcher."""

    fingerprint: tuple[Any, ...]
    snapshot: Snapshot
    views: list[ServiceView]
    matcher: Matcher
    last_changed: datetime | None

    def facets(self, service_id: str) -> dict[str, list[str]]:
        """Taxonomy -> slugs of one service (in the order of its attributes)."""
        out: dict[str, list[str]] = {}
        for attr in self.snapshot.kids("attribute", "link_id", service_id):
            if attr.get("link_type") and attr.get("value"):
                out.setdefault(attr["link_type"], []).append(attr["value"])
        return out

    def last_modified(self, resource_id: str) -> datetime | None:
        """When a record last changed: its newest metadata entry."""
        dates = [m["last_action_date"] for m in self.snapshot.kids("metadata", "resource_id", resource_id)]
        return max(dates, default=None)


def fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever an import or an edit changed the directory."""
    return data_token(session)


_LOCK = threading.Lock()
_CACHE: dict[str, Directory] = {}


def directory(session: Session) -> Directory:
    """The directory of this session's database, rebuilt only when its fingerprint changed."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    current = fingerprint(session)
    cached = _CACHE.get(key)
    if cached is not None and cached.fingerprint == current:
        return cached
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached.fingerprint == current:
            return cached
        snapshot = Snapshot.load(session)
        views = service_views(snapshot)
        built = Directory(fingerprint=current, snapshot=snapshot, views=views,
                          matcher=Matcher.from_session(session), last_changed=last_changed(session))
        _CACHE[key] = built
        settle(len(views))
        return built


def clear() -> None:
    _CACHE.clear()
