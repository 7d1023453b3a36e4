"""Search state: one row whose random token every write to search_document replaces (triggers)

The in-memory search index of a process is valid as long as the token is the one it was built at;
checking that is one primary-key read instead of aggregating over search_document. The token is
random (not a counter) so a rolled-back change followed by another change never repeats a token.
SQLite has row triggers only; PostgreSQL uses statement triggers (one update per statement).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "search_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO search_state (id, token) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for event in EVENTS:
            op.execute(f"CREATE TRIGGER search_state_{event.lower()} AFTER {event} ON search_document BEGIN "
                       f"UPDATE search_state SET token = random() WHERE id = 1; END")
        return
    op.execute("CREATE FUNCTION search_state_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "UPDATE search_state SET token = floor(random() * 9007199254740991)::bigint WHERE id = 1; "
               "RETURN NULL; END $$")
    op.execute("CREATE TRIGGER search_state_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
               "ON search_document FOR EACH STATEMENT EXECUTE FUNCTION search_state_touch()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS search_state_{event.lower()}")
    else:
        op.execute("DROP TRIGGER IF EXISTS search_state_touch ON search_document")
        op.execute("DROP FUNCTION IF EXISTS search_state_touch()")
    op.drop_table("search_state")
