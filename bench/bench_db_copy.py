"""`db copy`, `db backup` and `db restore` at size: time and peak memory per step.

The source is the bundled infobundle plus N synthetic history rows (the ``metadata`` table, the one
that grows in production), in a SQLite file. Each step runs in its own Python process, so its peak
resident memory (``ru_maxrss``) is its own: with streaming in batches it should not grow with N.

Usage: .venv/bin/python bench/bench_db_copy.py [--rows 100000,400000] [--pg-url URL] [--keep DIR]
PostgreSQL steps run when the server at ``--pg-url`` (default: postgres@127.0.0.1:5432) answers; they
use fresh databases, dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from wegwijzer.db import Database
from wegwijzer.ingest.services import bundled_document, import_path

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
STEP = """
import json, resource, sys, time
from pathlib import Path
from wegwijzer.dbtools import backup_database, copy_database, restore_database
kind, a, b = sys.argv[1:4]
start = time.perf_counter()
if kind == "copy":
    report = copy_database(a, b)
    assert report.ok, [t for t in report.tables if not t.ok]
    rows = report.rows
elif kind == "backup":
    rows = backup_database(a, out=Path(b)).size
else:
    rows = sum(restore_database(Path(a), b).tables.values())
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build_source(bundle: Path, path: Path, rows: int) -> None:
    shutil.copy(bundle, path)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with sqlite3.connect(path) as conn:
        batch = []
        for i in range(rows):
            moment = (start + timedelta(seconds=i)).strftime("%Y-%m-%d %H:%M:%S.%f")
            batch.append((str(uuid.uuid4()), str(uuid.uuid4()), "service", moment, "update", "description",
                          f"oude beschrijving {i} " * 4, f"nieuwe beschrijving {i} " * 4, "bench"))
            if len(batch) == 10_000:
                conn.executemany("INSERT INTO metadata VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
                batch.clear()
        conn.executemany("INSERT INTO metadata VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)


def step(kind: str, a: str, b: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", STEP, kind, a, b], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} {a} {b} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pg_admin(url: str) -> str | None:
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return url
    except OperationalError:
        return None
    finally:
        engine.dispose()


def pg_database(admin: str, made: list[str]) -> str:
    name = f"wegwijzer_bench_copy_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    made.append(name)
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop(admin: str, made: list[str]) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100000,400000", help="synthetic history rows, comma-separated")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = parser.parse_args()
    admin = pg_admin(args.pg_url)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-db-copy-"))
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / "bundle.sqlite3"
    if not bundle.exists():
        database = Database(f"sqlite:///{bundle}")
        import_path(database, bundled_document())
        database.dispose()
    print(f"{'rows':>8} {'step':<24} {'seconds':>8} {'rows/s':>8} {'peak MB':>8}")
    made: list[str] = []
    try:
        for rows in (int(r) for r in args.rows.split(",")):
            source = folder / f"source-{rows}.sqlite3"
            if not source.exists():
                build_source(bundle, source, rows)
            src = f"sqlite:///{source}"
            steps = [("copy sqlite -> sqlite", "copy", src, f"sqlite:///{folder / f'copy-{rows}.sqlite3'}"),
                     ("backup sqlite", "backup", src, str(folder / f"backup-{rows}.sqlite3")),
                     ("restore sqlite", "restore", str(folder / f"backup-{rows}.sqlite3"),
                      f"sqlite:///{folder / f'restored-{rows}.sqlite3'}")]
            if admin:
                pg, pg2 = pg_database(admin, made), pg_database(admin, made)
                steps += [("copy sqlite -> postgresql", "copy", src, pg),
                          ("copy postgresql -> sqlite", "copy", pg, f"sqlite:///{folder / f'back-{rows}.sqlite3'}"),
                          ("backup postgresql", "backup", pg, str(folder / f"backup-{rows}.dump")),
                          ("restore postgresql", "restore", str(folder / f"backup-{rows}.dump"), pg2)]
            for label, kind, a, b in steps:
                if kind == "backup":
                    Path(b).unlink(missing_ok=True)
                elif b.startswith("sqlite:///"):
                    Path(b.removeprefix("sqlite:///")).unlink(missing_ok=True)
                result = step(kind, a, b)
                counted = result["rows"] if kind != "backup" else 0
                rate = f"{counted / result['seconds']:8.0f}" if counted else f"{'':>8}"
                print(f"{rows:>8} {label:<24} {result['seconds']:8.1f} {rate} {result['peak_mb']:8.0f}", flush=True)
    finally:
        if admin and made:
            drop(admin, made)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if not admin:
        print(f"PostgreSQL steps skipped: no server answers at {make_url(args.pg_url).render_as_string()}")


if __name__ == "__main__":
    main()
