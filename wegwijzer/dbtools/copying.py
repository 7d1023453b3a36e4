"""``copy_database``: every row of one Wegwijzer database into another (SQLite and PostgreSQL, any
direction), in one transaction on the target, verified table by table before it is committed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Integer, MetaData, Table, and_, bindparam, func, or_, select, text
from sqlalchemy.exc import SQLAlchemyError

from wegwijzer.dbtools import engines
from wegwijzer.dbtools.errors import USAGE, DbToolError
from wegwijzer.dbtools.normalise import TableDigest
from wegwijzer.dbtools.tables import (
    BATCH_SIZE,
    TablePlan,
    compare_schemas,
    count,
    data_table_names,
    digest,
    plan,
    reflect,
    stream,
)
from wegwijzer.dbtools.urls import DatabaseUrl, connection_problem, parse_url

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TableReport:
    name: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sha256 == self.target_sha256


@dataclass
class CopyReport:
    source: str
    target: str
    tables: list[TableReport] = field(default_factory=list)
    #: rows that were in the target and were deleted first (``replace``)
    replaced_rows: int = 0
    #: whether the copy was committed (it is not when a table does not verify)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return self.committed and all(t.ok for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)


def _datetime_for(target_sqlite: bool, timezone: bool) -> Callable[[Any], Any]:
    """SQLite stores ``DateTime(timezone=True)`` as naive UTC text; PostgreSQL ``timestamptz`` wants an
    instant (a naive value would be read in the session's time zone)."""
    def convert(value: Any) -> Any:
        if not isinstance(value, datetime):
            return value
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if target_sqlite or not timezone:
            return aware.astimezone(UTC).replace(tzinfo=None)
        return aware.astimezone(UTC)
    return convert


def _row_adapter(table: Table, deferred: tuple[str, ...], target_sqlite: bool) -> Callable[[Mapping[str, Any]],
                                                                                           dict[str, Any]]:
    converters = {c.name: _datetime_for(target_sqlite, bool(c.type.timezone))
                  for c in table.columns if isinstance(c.type, DateTime)}

    def adapt(row: Mapping[str, Any]) -> dict[str, Any]:
        out = {k: (converters[k](v) if k in converters else v) for k, v in row.items()}
        for name in deferred:
            out[name] = None
        return out
    return adapt


def _empty_target(conn: Connection, target: MetaData, plans: list[TablePlan], replace: bool,
                  db: DatabaseUrl) -> int:
    counts = {p.name: count(conn, target.tables[p.name]) for p in plans}
    filled = {name: n for name, n in counts.items() if n}
    if filled and not replace:
        sample = ", ".join(f"{name} {n}" for name, n in list(filled.items())[:4])
        raise DbToolError(f"the target database {db} already holds data ({sum(filled.values())} rows: {sample}"
                          f"{', …' if len(filled) > 4 else ''}); add --replace to empty it first", USAGE)
    for p in reversed(plans):
        if filled.get(p.name):
            conn.execute(target.tables[p.name].delete())
    return sum(filled.values())


def _copy_table(source: Connection, target: Connection, src: Table, dst: Table, table_plan: TablePlan,
                batch_size: int) -> TableDigest:
    table_digest = TableDigest(src.c.keys())
    adapt = _row_adapter(dst, table_plan.deferred, target.dialect.name == "sqlite")
    for rows in stream(source, src, batch_size):
        table_digest.add_all(rows)
        target.execute(dst.insert(), [adapt(row) for row in rows])
    return table_digest


def _set_deferred(source: Connection, target: Connection, src: Table, dst: Table, table_plan: TablePlan,
                  batch_size: int) -> None:
    """Second pass for self-references and cycles: now every row exists, set the deferred columns."""
    keys = [c.name for c in src.primary_key.columns]
    statement = select(*[src.c[k] for k in keys], *[src.c[d] for d in table_plan.deferred]).where(
        or_(*[src.c[d].is_not(None) for d in table_plan.deferred]))
    update = dst.update().where(and_(*[dst.c[k] == bindparam(f"key_{k}") for k in keys])).values(
        {d: bindparam(f"new_{d}") for d in table_plan.deferred})
    result = source.execution_options(yield_per=batch_size).execute(statement)
    for part in result.mappings().partitions():
        target.execute(update, [{**{f"key_{k}": r[k] for k in keys},
                                 **{f"new_{d}": r[d] for d in table_plan.deferred}} for r in part])


def _reset_sequences(conn: Connection, target: MetaData) -> None:
    """PostgreSQL: serial/identity sequences continue after the highest copied id."""
    for table in target.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": f'"{table.name}"', "c": keys[0].name}).scalar()
        if sequence:
            highest = conn.execute(select(func.max(keys[0]))).scalar()
            conn.execute(text("SELECT setval(CAST(:s AS regclass), :v, false)"),
                         {"s": sequence, "v": int(highest or 0) + 1})


def copy_database(source_url: str, target_url: str, replace: bool = False, batch_size: int = BATCH_SIZE,
                  progress: Progress | None = None) -> CopyReport:
    """Copy every application table from source to target and verify counts and checksums.

    The target is brought to the current schema first; it must be empty unless ``replace``. Everything
    (emptying, copying, verifying) happens in one transaction on the target: an error or a table that
    does not verify leaves the target as it was. A SQLite target file that did not exist is removed again.
    """
    source, target = parse_url(source_url, "source database"), parse_url(target_url, "target database")
    if source.same_database(target):
        raise DbToolError(f"source and target are the same database ({source})", USAGE)
    note = progress or (lambda _message: None)
    new_file = target.is_sqlite and not target.sqlite_path.exists()
    src_engine = engines.open_source(source)
    dst_engine = None
    try:
        engines.require_head(src_engine, source, "source database")
        dst_engine = engines.open_target(target)
        with dst_engine.connect() as conn:
            existing = data_table_names(conn)
        engines.prepare_target(dst_engine, target, existing)
        report = CopyReport(str(source), str(target))
        with src_engine.connect() as sconn, sconn.begin(), dst_engine.connect() as tconn:
            _copy_all(sconn, tconn, source, target, replace, batch_size, note, report)
        return report
    except SQLAlchemyError as exc:  # reading a schema, a lost connection: before anything was written
        if dst_engine is not None:
            dst_engine.dispose()
        if new_file:
            _remove_sqlite(target.sqlite_path)
        raise DbToolError(f"the copy from {source} to {target} failed: {connection_problem(exc)}; "
                          f"the target is unchanged") from None
    except BaseException:
        if dst_engine is not None:
            dst_engine.dispose()
        if new_file:
            _remove_sqlite(target.sqlite_path)
        raise
    finally:
        src_engine.dispose()
        if dst_engine is not None:
            dst_engine.dispose()


def _copy_all(sconn: Connection, tconn: Connection, source: DatabaseUrl, target: DatabaseUrl, replace: bool,
              batch_size: int, note: Progress, report: CopyReport) -> None:
    src_meta = reflect(sconn, data_table_names(sconn))
    dst_meta = reflect(tconn, data_table_names(tconn))
    tconn.rollback()  # end the reading transaction: the copy has its own
    problems = compare_schemas(src_meta, dst_meta)
    if problems:
        raise DbToolError(f"source and target schemas differ: {'; '.join(problems)}")
    try:
        plans = plan(src_meta)
    except ValueError as exc:
        raise DbToolError(f"cannot copy: {exc}") from None
    current = "while emptying the target"
    try:
        with tconn.begin() as transaction:
            report.replaced_rows = _empty_target(tconn, dst_meta, plans, replace, target)
            digests = {}
            for p in plans:
                current = f"at table {p.name}"
                note(f"Copying {p.name}…")
                digests[p.name] = _copy_table(sconn, tconn, src_meta.tables[p.name], dst_meta.tables[p.name],
                                              p, batch_size)
            for p in (p for p in plans if p.deferred):
                current = f"at table {p.name}"
                _set_deferred(sconn, tconn, src_meta.tables[p.name], dst_meta.tables[p.name], p, batch_size)
            current = "while verifying"
            for p in plans:
                note(f"Verifying {p.name}…")
                rows, sha = digest(tconn, dst_meta.tables[p.name], batch_size)
                copied = digests[p.name]
                report.tables.append(TableReport(p.name, copied.count, rows, copied.hexdigest(), sha))
            if not all(t.ok for t in report.tables):
                transaction.rollback()
                return
            current = "while committing"
            if tconn.dialect.name == "postgresql":
                _reset_sequences(tconn, dst_meta)
    except SQLAlchemyError as exc:
        raise DbToolError(f"the copy stopped {current}: {connection_problem(exc)}; "
                          f"the target {target} is unchanged") from None
    except (ValueError, TypeError) as exc:  # a value that cannot be read or written as its column's type
        raise DbToolError(f"the copy stopped {current}: {exc}; the target {target} is unchanged") from None
    report.committed = True


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
