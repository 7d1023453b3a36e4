"""`wegwijzer db backup` and `wegwijzer db restore`: backup → wipe → restore loses nothing, on SQLite
and on PostgreSQL; bad input and failures leave the database and the backups folder as they were."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.functional import db_tools_support as support
from tests.functional.db_tools_support import Outcome, pg_rows, sqlite_rows, sqlite_url
from wegwijzer.db import Database, upgrade
from wegwijzer.dbtools.engines import head, known_revisions

Run = Callable[..., Outcome]
bundle_file, new_pg_database, wegwijzer = support.bundle_file, support.new_pg_database, support.wegwijzer


def backup_path(result: Outcome) -> Path:
    found = re.search(r"Backup written: (\S+) \(", result.out)
    assert found, result.out + result.err
    return Path(found.group(1))


def live_copy(bundle_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "live" / "wegwijzer.sqlite3"
    path.parent.mkdir()
    shutil.copy(bundle_file, path)
    return path


def drop_everything(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE search_fts")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%'")]
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            conn.execute(f'DROP TABLE "{table}"')
    assert sqlite_rows(path) == {}


def test_sqlite_backup_then_delete_then_restore_loses_nothing(wegwijzer: Run, bundle_file: Path,
                                                              tmp_path: Path) -> None:
    live = live_copy(bundle_file, tmp_path)
    before = sqlite_rows(live)
    home = tmp_path / "home"
    made = wegwijzer("db", "backup", db_url=sqlite_url(live), home=home)
    assert made.code == 0, made.err
    backup = backup_path(made)
    assert backup.parent == home / "backups"
    assert re.fullmatch(r"wegwijzer-\d{8}-\d{6}\.sqlite3", backup.name)
    assert backup.stat().st_mode & 0o077 == 0  # password hashes inside: readable by the owner only
    live.unlink()
    restored = wegwijzer("db", "restore", str(backup), "--yes", db_url=sqlite_url(live), home=home)
    assert restored.code == 0, restored.err
    assert sqlite_rows(live) == before
    found = wegwijzer("search", "spijbelen", db_url=sqlite_url(live))
    assert "diensten gevonden" in found.out


def test_sqlite_backup_then_drop_all_tables_then_restore_loses_nothing(wegwijzer: Run, bundle_file: Path,
                                                                       tmp_path: Path) -> None:
    live = live_copy(bundle_file, tmp_path)
    before = sqlite_rows(live)
    backup = tmp_path / "keep" / "before.sqlite3"
    assert wegwijzer("db", "backup", "--out", str(backup), db_url=sqlite_url(live)).code == 0
    drop_everything(live)
    restored = wegwijzer("db", "restore", str(backup), "--yes", db_url=sqlite_url(live))
    assert restored.code == 0, restored.err
    assert "rows in" in restored.out
    assert sqlite_rows(live) == before


def test_sqlite_backup_is_consistent_while_the_application_writes(wegwijzer: Run, bundle_file: Path,
                                                                   tmp_path: Path) -> None:
    # In WAL mode a committed write can live in the -wal file only: copying the database file would lose it.
    live = live_copy(bundle_file, tmp_path)
    writer = sqlite3.connect(live, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE organization SET name = 'Vastgelegd' WHERE sort_order = 1")
    committed = sqlite_rows(live)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE organization SET name = 'Halverwege' WHERE sort_order = 2")
    backup = tmp_path / "during.sqlite3"
    result = wegwijzer("db", "backup", "--out", str(backup), db_url=sqlite_url(live))
    writer.execute("COMMIT")
    writer.close()
    assert result.code == 0, result.err
    assert sqlite_rows(backup) == committed  # the committed write, not the unfinished one
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_never_overwrites_a_file_and_needs_a_database(wegwijzer: Run, bundle_file: Path,
                                                             tmp_path: Path) -> None:
    live = live_copy(bundle_file, tmp_path)
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"keep me")
    result = wegwijzer("db", "backup", "--out", str(existing), db_url=sqlite_url(live))
    assert result.code == 2 and "exists already" in result.err
    assert existing.read_bytes() == b"keep me"
    home = tmp_path / "empty-home"
    missing = wegwijzer("db", "backup", home=home)
    assert missing.code == 1 and "nothing to back up" in missing.err
    assert not (home / "wegwijzer.sqlite3").exists()
    assert not list((home / "backups").glob("*")) if (home / "backups").exists() else True


def test_restore_requires_yes_and_changes_nothing_without_it(wegwijzer: Run, bundle_file: Path,
                                                             tmp_path: Path) -> None:
    live = live_copy(bundle_file, tmp_path)
    backup = tmp_path / "b.sqlite3"
    assert wegwijzer("db", "backup", "--out", str(backup), db_url=sqlite_url(live)).code == 0
    with sqlite3.connect(live) as conn:
        conn.execute("UPDATE organization SET name = 'Na de backup' WHERE sort_order = 1")
    before = sqlite_rows(live)
    result = wegwijzer("db", "restore", str(backup), db_url=sqlite_url(live))
    assert result.code == 2 and "--yes" in result.err
    assert sqlite_rows(live) == before


def test_restore_refuses_what_is_not_a_backup_this_version_can_read(wegwijzer: Run, bundle_file: Path,
                                                                    tmp_path: Path) -> None:
    live = live_copy(bundle_file, tmp_path)
    before = sqlite_rows(live)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("geen backup", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(bundle_file, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    cases = {tmp_path / "missing.sqlite3": "no backup at", text_file: "is not a backup",
             other: "not a Wegwijzer database", newer: "newer version"}
    for path, message in cases.items():
        result = wegwijzer("db", "restore", str(path), "--yes", db_url=sqlite_url(live))
        assert result.code == 2, (path, result.err)
        assert message in result.err, (path, result.err)
    assert sqlite_rows(live) == before


def test_restore_of_an_older_backup_brings_it_to_the_current_schema(wegwijzer: Run, tmp_path: Path) -> None:
    older = tmp_path / "older.sqlite3"
    database = Database(sqlite_url(older), auto_upgrade=False)
    upgrade(database.engine, known_revisions()[-2])
    database.dispose()
    live = tmp_path / "live.sqlite3"
    result = wegwijzer("db", "restore", str(older), "--yes", db_url=sqlite_url(live))
    assert result.code == 0, result.err
    assert f"upgraded from {known_revisions()[-2]}" in result.out
    assert sqlite3.connect(live).execute("SELECT version_num FROM alembic_version").fetchone() == (head(),)
    assert sqlite3.connect(older).execute("SELECT version_num FROM alembic_version").fetchone() != (head(),)


def test_restore_across_backends_says_to_use_db_copy(wegwijzer: Run, bundle_file: Path, tmp_path: Path) -> None:
    into_pg = wegwijzer("db", "restore", str(bundle_file), "--yes",
                        db_url="postgresql+psycopg://u:geheim@127.0.0.1:1/wegwijzer")
    assert into_pg.code == 2 and "wegwijzer db copy sqlite:///" in into_pg.err and "geheim" not in into_pg.err
    dump = tmp_path / "wegwijzer.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")  # how every pg_dump custom archive begins
    live = live_copy(bundle_file, tmp_path)
    into_sqlite = wegwijzer("db", "restore", str(dump), "--yes", db_url=sqlite_url(live))
    assert into_sqlite.code == 2 and "wegwijzer db copy postgresql" in into_sqlite.err


def test_backup_of_an_unreachable_server_is_one_line(wegwijzer: Run, tmp_path: Path) -> None:
    result = wegwijzer("db", "backup", db_url="postgresql+psycopg://u:geheim@127.0.0.1:1/wegwijzer")
    assert result.code == 1 and "cannot open the database" in result.err and "geheim" not in result.err
    assert not (tmp_path / "home" / "backups").exists() or not list((tmp_path / "home" / "backups").iterdir())


def filled_postgresql(wegwijzer: Run, bundle_file: Path, new_pg_database: Callable[[], str]) -> str:
    pg = new_pg_database()
    assert wegwijzer("db", "copy", sqlite_url(bundle_file), pg).code == 0
    return pg


def run_sql(url: str, *statements: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def test_postgresql_backup_then_wipe_then_restore_loses_nothing(wegwijzer: Run, bundle_file: Path, tmp_path: Path,
                                                                new_pg_database: Callable[[], str]) -> None:
    pg = filled_postgresql(wegwijzer, bundle_file, new_pg_database)
    before = pg_rows(pg)
    home = tmp_path / "home"
    made = wegwijzer("db", "backup", db_url=pg, home=home)
    assert made.code == 0, made.err
    backup = backup_path(made)
    assert re.fullmatch(r"wegwijzer-\d{8}-\d{6}\.dump", backup.name) and backup.parent == home / "backups"
    run_sql(pg, "DROP SCHEMA public CASCADE")  # the schema itself gone too
    assert pg_rows(pg) == {}
    restored = wegwijzer("db", "restore", str(backup), "--yes", db_url=pg, home=home)
    assert restored.code == 0, restored.err
    assert pg_rows(pg) == before
    assert "diensten gevonden" in wegwijzer("search", "spijbelen", db_url=pg).out


def test_postgresql_restore_replaces_changed_data_and_tables_the_backup_lacks(
        wegwijzer: Run, bundle_file: Path, tmp_path: Path, new_pg_database: Callable[[], str]) -> None:
    pg = filled_postgresql(wegwijzer, bundle_file, new_pg_database)
    before = pg_rows(pg)
    backup = tmp_path / "before.dump"
    assert wegwijzer("db", "backup", "--out", str(backup), db_url=pg).code == 0
    run_sql(pg, "UPDATE organization SET name = 'Na de backup' WHERE sort_order = 1",
            "DELETE FROM link_check", "CREATE TABLE left_behind (id integer)")
    restored = wegwijzer("db", "restore", str(backup), "--yes", db_url=pg)
    assert restored.code == 0, restored.err
    assert pg_rows(pg) == before  # left_behind is gone too


def test_postgresql_restore_of_a_damaged_dump_changes_nothing(wegwijzer: Run, bundle_file: Path, tmp_path: Path,
                                                              new_pg_database: Callable[[], str]) -> None:
    pg = filled_postgresql(wegwijzer, bundle_file, new_pg_database)
    backup = tmp_path / "whole.dump"
    assert wegwijzer("db", "backup", "--out", str(backup), db_url=pg).code == 0
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(backup.read_bytes()[: backup.stat().st_size * 2 // 3])
    before = pg_rows(pg)
    result = wegwijzer("db", "restore", str(damaged), "--yes", db_url=pg)
    assert result.code == 1, result.out + result.err
    assert "pg_restore" in result.err
    assert pg_rows(pg) == before


def test_postgresql_backup_without_pg_dump_says_so_and_writes_nothing(
        wegwijzer: Run, bundle_file: Path, tmp_path: Path, new_pg_database: Callable[[], str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    pg = filled_postgresql(wegwijzer, bundle_file, new_pg_database)
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    home = tmp_path / "home"
    result = wegwijzer("db", "backup", db_url=pg, home=home)
    assert result.code == 1 and "pg_dump was not found" in result.err
    assert not (home / "backups").exists() or not list((home / "backups").iterdir())
