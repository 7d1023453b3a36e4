"""Data state: one row whose random token every write to a directory table replaces (triggers)

The per-process caches of the directory (the website's loaded directory, the API's HSDS catalog,
the published files) are valid as long as this token is the one they were built at. Checking that
is one primary-key read per request, where it used to be counts and maxima over ``metadata``,
``import_run`` and the record tables (a full scan each, and the largest cost of a request at tens
of thousands of services). Same design as ``search_state`` (0007): a random token, so a rolled-back
change followed by another never repeats one; SQLite row triggers, PostgreSQL statement triggers that
change the token once per transaction (see ``_touch``; the same now for ``search_state``).

The tables are the HSDS directory, its ``metadata`` history and ``import_run``; accounts, sessions,
suggestions and counters are not directory data and do not change the token.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

EVENTS = ("INSERT", "UPDATE", "DELETE")
TABLES = (
    "address", "attribute", "contact", "cost_option", "funding", "import_run", "language", "location",
    "metadata", "organization", "phone", "program", "required_document", "schedule", "service",
    "service_area", "service_at_location", "taxonomy", "taxonomy_term",
)


def upgrade() -> None:
    op.create_table(
        "data_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO data_state (id, token) VALUES (1, random())")
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"CREATE TRIGGER data_state_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
                           f"UPDATE data_state SET token = random() WHERE id = 1; END")
        return
    op.execute("INSERT INTO data_state (id, token) VALUES (1, floor(random() * 9007199254740991)::bigint)")
    op.execute(_touch("data_state_touch", "data_state", "wegwijzer.data_state_xact"))
    op.execute(_touch("search_state_touch", "search_state", "wegwijzer.search_state_xact", replace=True))
    for table in TABLES:
        op.execute(f"CREATE TRIGGER data_state_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION data_state_touch()")


def _touch(function: str, table: str, setting: str, replace: bool = False) -> str:
    """A PostgreSQL trigger function that gives ``table`` a new token once per transaction: its first
    write. Updating the one row at every statement made a bulk load (one statement per row) create
    one row version per statement that the same transaction cannot prune, each update walking the
    chain: minutes instead of seconds at 10k services. A transaction-local setting remembers the
    transaction that already did it. Readers never see a transaction's writes before it commits, and
    the caches read the token before the data, so one new token per transaction is enough."""
    return (f"CREATE {'OR REPLACE ' if replace else ''}FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN "
            f"IF current_setting('{setting}', true) IS DISTINCT FROM txid_current()::text THEN "
            f"PERFORM set_config('{setting}', txid_current()::text, true); "
            f"UPDATE {table} SET token = floor(random() * 9007199254740991)::bigint WHERE id = 1; "
            f"END IF; RETURN NULL; END $$")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS data_state_{table}_{event.lower()}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS data_state_touch ON {table}")
        op.execute("DROP FUNCTION IF EXISTS data_state_touch()")
        op.execute("CREATE OR REPLACE FUNCTION search_state_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "UPDATE search_state SET token = floor(random() * 9007199254740991)::bigint WHERE id = 1; "
                   "RETURN NULL; END $$")  # as migration 0007 made it
    op.drop_table("data_state")
