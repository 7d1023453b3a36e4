"""Time the import pipeline on the bundled infobundle: parse, first import, re-import, export.

Usage: .venv/bin/python bench/bench_import.py [--runs N]
Prints the median and the spread of each step over N runs (fresh SQLite file per run).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from wegwijzer.db import Database
from wegwijzer.directory.export import export_hsds
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.services import bundled_document, import_text


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = bundled_document().read_text(encoding="utf-8")
    results: dict[str, list[float]] = {"parse": [], "first import": [], "re-import (no change)": [],
                                       "export hsds (validated)": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            results["parse"].append(timed(lambda: parse_infobundle(text)))
            results["first import"].append(timed(lambda: import_text(db, text, "bench")))  # noqa: B023
            results["re-import (no change)"].append(timed(lambda: import_text(db, text, "bench")))  # noqa: B023

            def export() -> None:
                with db.session() as session:  # noqa: B023
                    export_hsds(session, Path(tmp) / "out")

            results["export hsds (validated)"].append(timed(export))
            db.dispose()
    print(f"{'step':<26} {'median s':>9} {'min s':>7} {'max s':>7}   ({args.runs} runs)")
    for step, values in results.items():
        print(f"{step:<26} {statistics.median(values):>9.3f} {min(values):>7.3f} {max(values):>7.3f}")


if __name__ == "__main__":
    main()
