"""Search index: search_document, and on SQLite an FTS5 table kept in sync by triggers

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_COLUMNS = ("name", "organization", "description", "eligibility", "application", "taxonomy")
# Terms are pre-analysed by the Dutch analyser; FTS5 only splits them (underscore joins
# synthetic facet terms such as nood_spijbelen).
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_'"


def upgrade() -> None:
    op.create_table(
        "search_document",
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Text(), nullable=False) for name in TEXT_COLUMNS],
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("fase", sa.Text(), nullable=False),
        sa.Column("onderwijsniveau", sa.Text(), nullable=False),
        sa.Column("nood", sa.Text(), nullable=False),
        sa.Column("doelgroep", sa.Text(), nullable=False),
        sa.Column("aanmeldroute", sa.Text(), nullable=False),
        sa.Column("gemeente", sa.Text(), nullable=False),
        sa.Column("min_age", sa.Float(), nullable=True),
        sa.Column("max_age", sa.Float(), nullable=True),
        sa.Column("free", sa.Boolean(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id"),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_document_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_generation"), ["generation"], unique=False)

    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL full text comes later; search falls back to the in-memory BM25 index
    cols = ", ".join(TEXT_COLUMNS)
    new = ", ".join(f"new.{c}" for c in TEXT_COLUMNS)
    op.execute(f"CREATE VIRTUAL TABLE search_fts USING fts5(service_id UNINDEXED, {cols}, "
               f'tokenize="{FTS_TOKENIZER}")')
    op.execute(f"CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
               f"INSERT INTO search_fts(service_id, {cols}) VALUES (new.service_id, {new}); END")
    op.execute("CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
               "DELETE FROM search_fts WHERE service_id = old.service_id; END")
    op.execute(f"CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
               f"DELETE FROM search_fts WHERE service_id = old.service_id; "
               f"INSERT INTO search_fts(service_id, {cols}) VALUES (new.service_id, {new}); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_document_ai", "search_document_ad", "search_document_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_document_generation"))
        batch_op.drop_index(batch_op.f("ix_search_document_organization_id"))
    op.drop_table("search_document")
