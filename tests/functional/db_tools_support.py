"""Helpers for the `wegwijzer db copy/backup/restore` tests: the bundled data plus editorial data in a
SQLite file, fresh PostgreSQL databases, the CLI run in-process, and every row of every table.

PostgreSQL tests run against WEGWIJZER_TEST_DATABASE_URL when it is set (and fail if that server does
not answer), else against the server on 127.0.0.1:5432 when one answers; with neither they are
reported as skipped, with the reason, in pytest's summary (never passed).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from wegwijzer.accounts.services import create_user
from wegwijzer.accounts.throttle import record_attempt
from wegwijzer.cli import main
from wegwijzer.config import get_settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Organization, Service
from wegwijzer.editorial.freshness_models import LinkCheck
from wegwijzer.editorial.suggestions import submit_suggestion
from wegwijzer.insight.models import SearchDemand

PG_ENV = os.environ.get("WEGWIJZER_TEST_DATABASE_URL", "")
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "een-lang-wachtwoord-voor-de-tests"
#: rows whose values are made by triggers (a random token): equal only after a backup and restore
DERIVED = ("search_state", "data_state")


@functools.cache
def pg_admin_url() -> str | None:
    url = PG_ENV if PG_ENV.startswith("postgresql") else LOCAL_PG
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return url
    except OperationalError as exc:
        if PG_ENV:
            raise RuntimeError(f"WEGWIJZER_TEST_DATABASE_URL is set but its server does not answer: {exc.orig}") \
                from None
        return None
    finally:
        engine.dispose()


def require_postgresql() -> str:
    try:
        admin = pg_admin_url()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    if admin is None:
        pytest.skip("PostgreSQL not tested: no server answers on 127.0.0.1:5432 and WEGWIJZER_TEST_DATABASE_URL "
                    "is not set")
    return admin


def _admin(sql: str) -> None:
    admin = create_engine(require_postgresql(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(sql))
    admin.dispose()


@pytest.fixture
def new_pg_database() -> Iterator[Callable[[], str]]:
    """Creates empty PostgreSQL databases on demand; drops them afterwards."""
    made: list[str] = []

    def make() -> str:
        name = f"wegwijzer_dbtools_{uuid.uuid4().hex[:10]}"
        _admin(f'CREATE DATABASE "{name}"')
        made.append(name)
        return make_url(require_postgresql()).set(database=name).render_as_string(hide_password=False)

    yield make
    for name in made:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


MOMENT = datetime(2026, 1, 31, 9, 5, 7, 123456, tzinfo=UTC)


def add_editorial_data(url: str) -> None:
    """Accounts, a suggestion, login attempts (an autoincrement key), link checks whose keys sort
    differently by byte and by locale, and search demand (a date in the key)."""
    db = Database(url)
    with db.session() as s:
        organization = s.scalars(select(Organization.id).order_by(Organization.sort_order)).first()
        service = s.scalars(select(Service.id).order_by(Service.sort_order)).first()
        create_user(s, "beheer@example.org", "beheerder", password=PASSWORD, now=MOMENT)
        create_user(s, "partner@example.org", "partner", [organization], password=PASSWORD, now=MOMENT)
        submit_suggestion(s, None, "service", service, "description", "Een nieuwe beschrijving voor de test.",
                          note="Gezien op de website.", client_key="tests", now=MOMENT)
        for ok in (False, False, True):
            record_attempt(s, "beheer@example.org", "127.0.0.1", succeeded=ok, now=MOMENT)
        for key in ("Zz-check", "aa-check", "éa-check"):
            s.add(LinkCheck(id=key, url=f"https://example.org/{key}", ok=key.startswith("a"), status_code=404,
                            reason="http", final_url=None, last_checked_at=MOMENT, first_seen_broken=MOMENT,
                            consecutive_failures=2))
        s.add(SearchDemand(day=date(2026, 1, 31), kind="search", need="spijbelen", age_band="12-17", phase="",
                           result_bucket="3+", count=4))
    db.dispose()


@pytest.fixture(scope="module")
def bundle_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the bundled infobundle and editorial data (read-only: copy it to change it)."""
    from wegwijzer.ingest.services import bundled_document, import_path

    path = tmp_path_factory.mktemp("bundle") / "bundle.sqlite3"
    database = Database(f"sqlite:///{path}")
    import_path(database, bundled_document())
    database.dispose()
    add_editorial_data(f"sqlite:///{path}")
    return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_rows(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table as SQLite stores it (the FTS index by its content, not its pages)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                            "LIKE 'sqlite_%' AND name NOT LIKE 'search_fts_%'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names if n not in skip}
    finally:
        conn.close()


def pg_rows(url: str, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {n: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{n}"'))), key=repr)
                    for n in names if n not in skip}
    finally:
        engine.dispose()


def rows_of(url: str, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    return sqlite_rows(Path(make_url(url).database or ""), skip) if url.startswith("sqlite") else pg_rows(url, skip)


@dataclass
class Outcome:
    code: int
    out: str
    #: stderr with its whitespace collapsed
    err: str


@pytest.fixture
def wegwijzer(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
              tmp_path: Path) -> Callable[..., Outcome]:
    """Run `wegwijzer ARGS` in this process through its real entry point (error handling included)."""
    def run(*args: str, db_url: str | None = None, home: Path | None = None) -> Outcome:
        monkeypatch.setenv("WEGWIJZER_HOME", str(home or tmp_path / "home"))
        if db_url:
            monkeypatch.setenv("WEGWIJZER_DATABASE_URL", db_url)
        else:
            monkeypatch.delenv("WEGWIJZER_DATABASE_URL", raising=False)
        monkeypatch.delenv("WEGWIJZER_DEBUG", raising=False)
        monkeypatch.setattr(sys, "argv", ["wegwijzer", *args])
        get_settings.cache_clear()
        capsys.readouterr()
        code = 0
        try:
            main.app()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            get_settings.cache_clear()
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return Outcome(code, out, " ".join(err.split()))  # messages are one line; Rich wraps long ones
    return run
