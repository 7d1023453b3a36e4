"""Data state: one row whose random token every write to a directory table replaces (triggers)

The per-process caches of the directory (the website's loaded directory, the API's HSDS catalog,
the published files) are valid as long as this token is the one they were built at. Checking that
is one primary-key read per request, where it used to be counts and maxima over ``metadata``,
``import_run`` and the record tables (a full scan each, and the largest cost of a request at tens
of thousands of services). Same design as ``search_state`` (0007): a random token, so a rolled-back
change followed by another never repeats one; SQLite row triggers, PostgreSQL statement triggers.

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
    op.execute("CREATE FUNCTION data_state_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "UPDATE data_state SET token = floor(random() * 9007199254740991)::bigint WHERE id = 1; "
               "RETURN NULL; END $$")
    for table in TABLES:
        op.execute(f"CREATE TRIGGER data_state_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION data_state_touch()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS data_state_{table}_{event.lower()}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS data_state_touch ON {table}")
        op.execute("DROP FUNCTION IF EXISTS data_state_touch()")
    op.drop_table("data_state")
