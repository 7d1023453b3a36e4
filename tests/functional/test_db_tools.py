"""`wegwijzer db copy` end to end: SQLite ↔ PostgreSQL on the bundled data with editorial data,
verified by comparing every row of every table (not through the command's own checksums)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from tests.cli import run_cli
from tests.functional import db_tools_support as support
from tests.functional.db_tools_support import DERIVED, Outcome, rows_of, sqlite_rows, sqlite_url
from wegwijzer.accounts.models import LoginAttempt
from wegwijzer.accounts.throttle import record_attempt
from wegwijzer.db import Database
from wegwijzer.dbtools import copy_database

Run = Callable[..., Outcome]
bundle_file, new_pg_database, wegwijzer = support.bundle_file, support.new_pg_database, support.wegwijzer


def private_copy(bundle_file: Path, tmp_path: Path, name: str = "source.sqlite3") -> Path:
    path = tmp_path / name
    shutil.copy(bundle_file, path)
    return path


def search_ids(wegwijzer: Run, url: str) -> list[str]:
    result = wegwijzer("search", "spijbelen", "--json", db_url=url)
    assert result.code == 0, result.err
    return [r["service_id"] for r in json.loads(result.out)["results"]]


def test_copy_sqlite_to_sqlite_keeps_every_row_and_search_works(wegwijzer: Run, bundle_file: Path,
                                                               tmp_path: Path) -> None:
    target = tmp_path / "new" / "copy.sqlite3"
    result = wegwijzer("db", "copy", sqlite_url(bundle_file), sqlite_url(target))
    assert result.code == 0, result.err
    assert "every table matches the source" in result.out
    assert "account_user" in result.out and "search_document" in result.out
    assert sqlite_rows(target, skip=DERIVED) == sqlite_rows(bundle_file, skip=DERIVED)
    assert sqlite_rows(target)["search_fts"]  # the full-text index was filled by the triggers
    ids = search_ids(wegwijzer, sqlite_url(target))
    assert ids and ids == search_ids(wegwijzer, sqlite_url(bundle_file))


def test_copy_sqlite_to_postgresql_and_back_keeps_every_row(wegwijzer: Run, bundle_file: Path, tmp_path: Path,
                                                           new_pg_database: Callable[[], str]) -> None:
    # A session time zone other than UTC: times must travel as instants, not as wall-clock readings.
    pg = new_pg_database() + "?options=-c%20timezone%3DEurope%2FBrussels"
    there = wegwijzer("db", "copy", sqlite_url(bundle_file), pg)
    assert there.code == 0, there.err
    back = tmp_path / "back.sqlite3"
    again = wegwijzer("db", "copy", pg, sqlite_url(back))
    assert again.code == 0, again.err
    assert sqlite_rows(back, skip=DERIVED) == sqlite_rows(bundle_file, skip=DERIVED)
    ids = search_ids(wegwijzer, pg)
    assert ids and set(ids) == set(search_ids(wegwijzer, sqlite_url(bundle_file)))


def test_copy_to_postgresql_resets_sequences_so_new_rows_get_new_ids(wegwijzer: Run, bundle_file: Path,
                                                                     new_pg_database: Callable[[], str]) -> None:
    pg = new_pg_database()
    assert wegwijzer("db", "copy", sqlite_url(bundle_file), pg).code == 0
    db = Database(pg)
    with db.session() as s:
        highest = s.scalar(select(func.max(LoginAttempt.id)))
        record_attempt(s, "nieuw@example.org", "127.0.0.2", succeeded=True)
    with db.session() as s:
        assert s.scalar(select(func.max(LoginAttempt.id))) == highest + 1
    db.dispose()


def test_copy_postgresql_to_postgresql_keeps_every_row(wegwijzer: Run, bundle_file: Path,
                                                       new_pg_database: Callable[[], str]) -> None:
    first, second = new_pg_database(), new_pg_database()
    assert wegwijzer("db", "copy", sqlite_url(bundle_file), first).code == 0
    result = wegwijzer("db", "copy", first, second)
    assert result.code == 0, result.err
    assert rows_of(second, skip=DERIVED) == rows_of(first, skip=DERIVED)
    assert len(rows_of(second)["organization"]) > 50


def test_copy_into_a_target_holding_data_is_refused_and_changes_nothing(wegwijzer: Run, bundle_file: Path,
                                                                      tmp_path: Path) -> None:
    target = private_copy(bundle_file, tmp_path, "target.sqlite3")
    with sqlite3.connect(target) as conn:
        conn.execute("DELETE FROM link_check WHERE id = 'aa-check'")
    before = sqlite_rows(target)
    result = wegwijzer("db", "copy", sqlite_url(bundle_file), sqlite_url(target))
    assert result.code == 2
    assert "already holds data" in result.err and "--replace" in result.err
    assert sqlite_rows(target) == before


def test_copy_with_replace_empties_the_target_first(wegwijzer: Run, bundle_file: Path, tmp_path: Path) -> None:
    target = private_copy(bundle_file, tmp_path, "target.sqlite3")
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE organization SET name = 'Oude naam' WHERE sort_order = 1")
        conn.execute("DELETE FROM link_check WHERE id = 'aa-check'")
    result = wegwijzer("db", "copy", sqlite_url(bundle_file), sqlite_url(target), "--replace")
    assert result.code == 0, result.err
    assert "after deleting" in result.out
    assert sqlite_rows(target, skip=DERIVED) == sqlite_rows(bundle_file, skip=DERIVED)


def broken_source(bundle_file: Path, tmp_path: Path) -> Path:
    """A source with a row pointing at nothing, as SQLite allows when foreign keys are not enforced
    (the default of every connection that does not ask for them)."""
    source = private_copy(bundle_file, tmp_path, "broken.sqlite3")
    with sqlite3.connect(source) as conn:
        conn.execute("INSERT INTO attribute (id, link_id, taxonomy_term_id, link_type, link_entity, value) "
                     "VALUES ('broken-row', 'x', 'no-such-term', 'x', 'service', NULL)")
    return source


def test_failed_copy_leaves_a_sqlite_target_as_it_was(wegwijzer: Run, bundle_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.sqlite3"
    assert wegwijzer("db", "copy", sqlite_url(bundle_file), sqlite_url(target)).code == 0
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE organization SET name = 'Alleen in het doel' WHERE sort_order = 1")
    before = sqlite_rows(target)
    result = wegwijzer("db", "copy", sqlite_url(broken_source(bundle_file, tmp_path)), sqlite_url(target),
                       "--replace")
    assert result.code == 1
    assert "attribute" in result.err and "unchanged" in result.err
    assert sqlite_rows(target) == before


def test_failed_copy_leaves_a_postgresql_target_as_it_was(wegwijzer: Run, bundle_file: Path, tmp_path: Path,
                                                         new_pg_database: Callable[[], str]) -> None:
    pg = new_pg_database()
    assert wegwijzer("db", "copy", sqlite_url(bundle_file), pg).code == 0
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text("UPDATE organization SET name = 'Alleen in het doel' WHERE sort_order = 1"))
    engine.dispose()
    before = rows_of(pg)
    result = wegwijzer("db", "copy", sqlite_url(broken_source(bundle_file, tmp_path)), pg, "--replace")
    assert result.code == 1
    assert "attribute" in result.err and "unchanged" in result.err
    assert rows_of(pg) == before


def test_failed_copy_into_a_new_sqlite_file_leaves_no_file(wegwijzer: Run, bundle_file: Path,
                                                           tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite3"
    result = wegwijzer("db", "copy", sqlite_url(broken_source(bundle_file, tmp_path)), sqlite_url(target))
    assert result.code == 1
    assert not target.exists()


def test_copy_that_does_not_verify_is_rolled_back(wegwijzer: Run, bundle_file: Path, tmp_path: Path,
                                                  new_pg_database: Callable[[], str]) -> None:
    # SQLite keeps 1.5 in an INTEGER column; PostgreSQL rounds it to 2: the checksums catch the change.
    source = private_copy(bundle_file, tmp_path)
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE service SET sort_order = 1.5 WHERE sort_order = 1")
    pg = new_pg_database()
    result = wegwijzer("db", "copy", sqlite_url(source), pg)
    assert result.code == 1
    assert "checksum differs" in result.out and "rolled back" in result.err
    assert all(not rows for name, rows in rows_of(pg).items() if name not in ("alembic_version", *DERIVED))


def test_copy_refuses_a_target_at_an_unknown_schema_revision(wegwijzer: Run, bundle_file: Path,
                                                             tmp_path: Path) -> None:
    target = tmp_path / "newer.sqlite3"
    Database(sqlite_url(target)).dispose()
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = sqlite_rows(target)
    result = wegwijzer("db", "copy", sqlite_url(bundle_file), sqlite_url(target), "--replace")
    assert result.code == 2
    assert "9999" in result.err and "newer version" in result.err
    assert sqlite_rows(target) == before


def test_copy_refuses_a_database_that_is_not_wegwijzers(wegwijzer: Run, bundle_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "other.sqlite3"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    result = wegwijzer("db", "copy", sqlite_url(bundle_file), sqlite_url(target))
    assert result.code == 2
    assert "not a Wegwijzer database" in result.err
    assert [r[0] for r in sqlite3.connect(target).execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_copy_refuses_bad_input_with_one_line(wegwijzer: Run, bundle_file: Path, tmp_path: Path) -> None:
    same = wegwijzer("db", "copy", sqlite_url(bundle_file), f"sqlite:///{bundle_file.parent}/./{bundle_file.name}")
    assert same.code == 2 and "same database" in same.err
    bad = wegwijzer("db", "copy", "not a url", sqlite_url(tmp_path / "x.sqlite3"))
    assert bad.code == 2 and "not a database URL" in bad.err
    missing = wegwijzer("db", "copy", sqlite_url(tmp_path / "missing.sqlite3"), sqlite_url(tmp_path / "x.sqlite3"))
    assert missing.code == 2 and "no SQLite database" in missing.err
    assert not (tmp_path / "missing.sqlite3").exists() and not (tmp_path / "x.sqlite3").exists()
    mysql = wegwijzer("db", "copy", sqlite_url(bundle_file), "mysql://u@localhost/db")
    assert mysql.code == 2 and "only SQLite and PostgreSQL" in mysql.err


def test_unreachable_server_is_one_line_without_the_password(bundle_file: Path, tmp_path: Path) -> None:
    # Through the installed command in a subprocess: the user sees one line and no traceback.
    url = "postgresql+psycopg://wegwijzer:geheim-wachtwoord@127.0.0.1:1/wegwijzer"
    result = run_cli(tmp_path, "db", "copy", sqlite_url(bundle_file), url)
    assert result.returncode == 1
    assert "cannot open the target database" in result.stderr
    assert "geheim-wachtwoord" not in result.stdout + result.stderr and "***" in result.stderr
    assert "Traceback" not in result.stderr


def write_while_copying(url: str) -> Callable[[str], None]:
    """A progress callback that, as the first table is copied, commits a change to tables copied later."""
    done: list[bool] = []

    def on_progress(_message: str) -> None:
        if done:
            return
        done.append(True)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("UPDATE organization SET name = 'Tijdens de kopie' WHERE sort_order = 1"))
            conn.execute(text("DELETE FROM link_check"))
        engine.dispose()
    return on_progress


def test_copy_reads_one_snapshot_of_a_sqlite_source_while_the_application_writes(bundle_file: Path,
                                                                                tmp_path: Path) -> None:
    source = private_copy(bundle_file, tmp_path)
    with sqlite3.connect(source) as conn:  # WAL: a writer may commit while the copy reads
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    before = sqlite_rows(source, skip=DERIVED)
    target = tmp_path / "copy.sqlite3"
    report = copy_database(sqlite_url(source), sqlite_url(target), progress=write_while_copying(sqlite_url(source)))
    assert report.ok
    assert sqlite_rows(target, skip=DERIVED) == before
    assert sqlite_rows(source, skip=DERIVED) != before  # the write did happen, after the snapshot


def test_copy_reads_one_snapshot_of_a_postgresql_source_while_the_application_writes(
        wegwijzer: Run, bundle_file: Path, tmp_path: Path, new_pg_database: Callable[[], str]) -> None:
    source = new_pg_database()
    assert wegwijzer("db", "copy", sqlite_url(bundle_file), source).code == 0
    before = rows_of(source, skip=DERIVED)
    target = new_pg_database()
    report = copy_database(source, target, progress=write_while_copying(source))
    assert report.ok
    assert rows_of(target, skip=DERIVED) == before
    assert rows_of(source, skip=DERIVED) != before
