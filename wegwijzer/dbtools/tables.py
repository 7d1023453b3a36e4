"""The application's tables as found in a database: which to copy, in which order, read how."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, MetaData, String, Table, func, inspect, select, text
from sqlalchemy.schema import sort_tables_and_constraints
from sqlalchemy.sql.elements import ColumnElement

from wegwijzer.dbtools.normalise import TableDigest

#: rows per batch when streaming a table (memory stays constant whatever the table's size)
BATCH_SIZE = 5000
SKIPPED = {"alembic_version"}
#: Tables whose rows are not data but follow from other tables, kept up to date by triggers; a copy
#: leaves them to the target's own triggers (copying them would be undone by the next insert).
DERIVED = {
    # one row, its token replaced by triggers on every write to search_document (migration 0007)
    "search_state",
    # the same for every write to a directory table (migration 0008)
    "data_state",
}


def data_table_names(conn: Connection) -> list[str]:
    """The tables holding application data: not Alembic's, not SQLite's own, not derived ones.

    SQLite's FTS5 table ``search_fts`` and its shadow tables are filled by triggers when
    ``search_document`` rows are inserted, so they are rebuilt rather than copied; so is ``DERIVED``.
    """
    names = inspect(conn).get_table_names()
    virtual: list[str] = []
    if conn.dialect.name == "sqlite":
        virtual = list(conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE 'CREATE VIRTUAL TABLE%'"
        )).scalars())

    def skipped(name: str) -> bool:
        return (name in SKIPPED or name in DERIVED or name.startswith("sqlite_") or name in virtual
                or any(name.startswith(f"{v}_") for v in virtual))

    return sorted(n for n in names if not skipped(n))


def reflect(conn: Connection, names: list[str]) -> MetaData:
    metadata = MetaData()
    metadata.reflect(conn, only=names)
    return metadata


@dataclass(frozen=True)
class TablePlan:
    """One table to copy; ``deferred`` foreign-key columns are written as NULL first and set once every
    row is in (a row may point at a row of its own table that comes later, or at a table in a cycle)."""

    name: str
    deferred: tuple[str, ...] = ()


def plan(metadata: MetaData) -> list[TablePlan]:
    """Tables in foreign-key order (parents first)."""
    ordered = sort_tables_and_constraints(sorted(metadata.tables.values(), key=lambda t: t.name))
    cyclic: dict[str, set[str]] = {}
    for table, constraints in ordered:
        for fk in constraints:
            if table is None or fk.referred_table is fk.parent:
                cyclic.setdefault(fk.parent.name, set()).update(c.name for c in fk.columns)
    plans = []
    for table, _constraints in ordered:
        if table is None:
            continue
        deferred = tuple(sorted(cyclic.get(table.name, ())))
        for name in deferred:
            if not table.c[name].nullable:
                raise ValueError(f"table {table.name}: column {name} closes a foreign-key cycle and is NOT NULL")
        plans.append(TablePlan(table.name, deferred))
    return plans


def compare_schemas(source: MetaData, target: MetaData) -> list[str]:
    """Differences in tables and columns that would make a copy lose or invent data (empty: none)."""
    problems = []
    only_source = sorted(set(source.tables) - set(target.tables))
    only_target = sorted(set(target.tables) - set(source.tables))
    if only_source:
        problems.append(f"tables only in the source: {', '.join(only_source)}")
    if only_target:
        problems.append(f"tables only in the target: {', '.join(only_target)}")
    for name in sorted(set(source.tables) & set(target.tables)):
        a, b = set(source.tables[name].c.keys()), set(target.tables[name].c.keys())
        if a != b:
            problems.append(f"table {name}: columns differ ({', '.join(sorted(a ^ b))})")
    return problems


def order_by(table: Table, dialect: str) -> list[ColumnElement[Any]]:
    """Primary key order, the same on SQLite and PostgreSQL: texts compare byte by byte (``COLLATE "C"``
    on PostgreSQL, whose default collation follows the locale; SQLite's default is binary)."""
    columns: list[Column[Any]] = list(table.primary_key.columns) or list(table.columns)
    if dialect != "postgresql":
        return list(columns)
    return [c.collate("C") if isinstance(c.type, String) else c for c in columns]


def stream(conn: Connection, table: Table, batch_size: int = BATCH_SIZE) -> Iterator[list[Mapping[str, Any]]]:
    """The table's rows in primary-key order, ``batch_size`` at a time (server-side cursor on PostgreSQL)."""
    statement = select(table).order_by(*order_by(table, conn.dialect.name))
    result = conn.execution_options(yield_per=batch_size).execute(statement)
    for part in result.mappings().partitions():
        yield [dict(row) for row in part]


def digest(conn: Connection, table: Table, batch_size: int = BATCH_SIZE) -> tuple[int, str]:
    """``(rows, sha256)`` of a table as stored, comparable across SQLite and PostgreSQL."""
    table_digest = TableDigest(table.c.keys())
    for rows in stream(conn, table, batch_size):
        table_digest.add_all(rows)
    return table_digest.count, table_digest.hexdigest()


def count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
