"""Editorial: suggestions, record versions, import baseline, organisation edit policy

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED = ("organization", "service", "location", "address", "contact", "phone", "schedule")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "suggestion",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("field_name", sa.String(length=64), nullable=False),
        sa.Column("original_value", sa.Text(), nullable=False),
        sa.Column("proposed_value", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("submitter_email", sa.Text(), nullable=True),
        sa.Column("submitted_by", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("applied_value", sa.Text(), nullable=True),
        sa.Column("conflict", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("import_run_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_record_id"), ["record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_client_key"), ["client_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_status"), ["status"], unique=False)
    op.create_table(
        "import_baseline",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("field_values", sa.Text(), nullable=False),
        sa.Column("import_run_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("record_id"),
    )
    op.create_table(
        "editorial_policy",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("direct_edit", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_by", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organization_id"),
    )


def downgrade() -> None:
    op.drop_table("editorial_policy")
    op.drop_table("import_baseline")
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_status"))
        batch_op.drop_index(batch_op.f("ix_suggestion_client_key"))
        batch_op.drop_index(batch_op.f("ix_suggestion_organization_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_record_id"))
    op.drop_table("suggestion")
    for table in reversed(VERSIONED):
        # A plain DROP COLUMN (SQLite >= 3.35): a batch copy would drop the parent tables and cascade.
        op.drop_column(table, "version")
