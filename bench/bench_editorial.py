"""Time the editorial workflow on the bundled infobundle: a re-import that turns changes into suggestions,
submitting, listing and accepting suggestions, a direct edit, the history of a record.

Usage: .venv/bin/python bench/bench_editorial.py [--suggestions N]
Prints medians and 95th percentiles in milliseconds (a fresh SQLite file; one transaction per call, as the
website does).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from wegwijzer.accounts.principal import Principal
from wegwijzer.db import Database
from wegwijzer.directory.models import Service
from wegwijzer.editorial import services
from wegwijzer.ingest.services import bundled_document, import_text

EDITOR = Principal(user_id="bench", email="redacteur@example.org", role="redacteur")


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def line(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"{name:<44} {statistics.median(samples):9.1f} {p95:9.1f} {len(samples):7d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suggestions", type=int, default=1000, help="anonymous suggestions to submit")
    args = parser.parse_args()
    text = bundled_document().read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        import_text(db, text, "v1.txt")
        # a newer document: one word changed throughout (many descriptions), which editors must review
        newer = text.replace("jongeren", "jonge mensen")
        reimport_ms = timed(lambda: import_text(db, newer, "v2.txt"))
        with db.session() as s:
            created = services.count_suggestions(s, "pending")
            ids = list(s.scalars(select(Service.id).order_by(Service.sort_order)))
        print(f"re-import of a newer document: {reimport_ms:.0f} ms, {created} pending suggestions\n")
        print(f"{'step':<44} {'median ms':>9} {'p95 ms':>9} {'calls':>7}")
        submit: list[float] = []
        for n in range(args.suggestions):
            sid = ids[n % len(ids)]

            def one(sid: str = sid, n: int = n) -> None:
                with db.session() as s:
                    services.submit_suggestion(s, None, "service", sid, "wait_time", f"{n % 7 + 1} weken ({n})",
                                               note="bench", client_key=f"bench-{n}")
            submit.append(timed(one))
        line("submit (anonymous, rate limit checked)", submit)
        listing: list[float] = []
        for _ in range(30):
            def listed() -> None:
                with db.session() as s:
                    services.list_suggestions(s, status="pending", limit=200)
            listing.append(timed(listed))
        line("list 200 pending (review queue)", listing)
        with db.session() as s:
            pending = [v.id for v in services.list_suggestions(s, status="pending", limit=200)
                       if v.source != "import" and v.field == "wait_time"]
        accept: list[float] = []
        for sid in pending[:100]:
            def accepted(sid: str = sid) -> None:
                with db.session() as s:
                    services.accept_suggestion(s, EDITOR, sid)
            accept.append(timed(accepted))
        line("accept (version check, history, reindex)", accept)
        edit: list[float] = []
        for sid in ids[:50]:
            def edited(sid: str = sid) -> None:
                with db.session() as s:
                    state = services.record_values(s, "service", sid)
                    services.edit_record(s, EDITOR, "service", sid, {"alert": "Tijdelijk gesloten"}, state.version)
            edit.append(timed(edited))
        line("direct edit by an editor", edit)
        hist: list[float] = []
        for sid in ids[:50]:
            def read(sid: str = sid) -> None:
                with db.session() as s:
                    services.history(s, sid)
            hist.append(timed(read))
        line("history of a service", hist)
        db.dispose()


if __name__ == "__main__":
    main()
