"""Has the directory changed? One token for the caches of every process (migration 0008).

Every write to a directory table (the HSDS records, their ``metadata`` history, ``import_run``)
replaces the random token of the single ``data_state`` row, by database triggers, on SQLite and
PostgreSQL alike, whoever writes: a worker, the command line, an import. A cache built at one token
is valid while the token is the same, so checking costs one primary-key read per request; with
several worker processes each sees another's change on its next request.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Column, Integer, Table, func, select
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Base, ImportRun, Metadata, Organization, Service, TaxonomyTerm

#: the table as migration 0008 creates it (not an HSDS object: never exported or copied)
DATA_STATE = Table(
    "data_state", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("token", BigInteger, nullable=False),
)


def data_token(session: Session) -> tuple[Any, ...]:
    """A value that changes whenever the directory does: the token of the state row or, without that
    row (a database whose row was deleted), counts and newest dates of the history and import runs."""
    row = session.execute(select(DATA_STATE.c.token).where(DATA_STATE.c.id == 1)).first()
    if row is not None:
        return ("token", row[0])
    meta = session.execute(select(func.count(), func.max(Metadata.last_action_date)).select_from(Metadata)).one()
    runs = session.execute(select(func.count(), func.max(ImportRun.started_at)).select_from(ImportRun)).one()
    counts = [session.execute(select(func.count()).select_from(m)).scalar_one()
              for m in (Organization, Service, TaxonomyTerm)]
    return ("counts", *meta, *runs, *counts)


def last_changed(session: Session) -> Any:
    """When the directory last changed: the newest history (``metadata``) entry, None when there is none."""
    return session.execute(select(func.max(Metadata.last_action_date))).scalar_one()
