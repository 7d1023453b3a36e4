"""Has the directory changed? One token for the caches of every process (migration 0008).

Every write to a directory table (the HSDS records, their ``metadata`` history, ``import_run``)
replaces the random token of the single ``data_state`` row, by database triggers, on SQLite and
PostgreSQL alike, whoever writes: a worker, the command line, an import. A cache built at one token
is valid while the token is the same, so checking costs one primary-key read per request; with
several worker processes each sees another's change on its next request.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BigInteger, Column, Integer, Select, Table, Text, cast, func, literal, select
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Base, ImportRun, Metadata, Organization, Service, TaxonomyTerm

#: the table as migration 0008 creates it (not an HSDS object: never exported or copied)
DATA_STATE = Table(
    "data_state", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("token", BigInteger, nullable=False),
)


#: the transaction-local settings in which PostgreSQL's triggers remember that this transaction has
#: already replaced a token (migration 0008)
DATA_SETTING = "wegwijzer.data_state_xact"
SEARCH_SETTING = "wegwijzer.search_state_xact"


def token_query(session: Session, table: Table, setting: str) -> Select[Any]:
    """The token of ``table``'s row and, on PostgreSQL, whether this very transaction has written
    (its first write replaced the token; later writes in it leave the token as it is)."""
    written: Any = literal(False)
    if session.get_bind().dialect.name == "postgresql":
        written = func.current_setting(setting, True) == cast(func.txid_current_if_assigned(), Text)
    return select(table.c.token, written).where(table.c.id == 1)


def token_value(token: Any, written_here: bool) -> tuple[Any, ...]:
    """What the caches compare. Inside a transaction that has written (PostgreSQL), a value never seen
    before or after: what it reads is not committed, and more writes in it would not change the
    token, so nothing may be kept under it or taken from a cache."""
    if written_here:
        return ("written-here", uuid.uuid4().hex)
    return ("token", token)


def data_token(session: Session) -> tuple[Any, ...]:
    """A value that changes whenever the directory does: the token of the state row or, without that
    row (a database whose row was deleted), counts and newest dates of the history and import runs."""
    row = session.execute(token_query(session, DATA_STATE, DATA_SETTING)).first()
    if row is not None:
        return token_value(row[0], bool(row[1]))
    meta = session.execute(select(func.count(), func.max(Metadata.last_action_date)).select_from(Metadata)).one()
    runs = session.execute(select(func.count(), func.max(ImportRun.started_at)).select_from(ImportRun)).one()
    counts = [session.execute(select(func.count()).select_from(m)).scalar_one()
              for m in (Organization, Service, TaxonomyTerm)]
    return ("counts", *meta, *runs, *counts)


def last_changed(session: Session) -> Any:
    """When the directory last changed: the newest history (``metadata``) entry, None when there is none."""
    return session.execute(select(func.max(Metadata.last_action_date))).scalar_one()
