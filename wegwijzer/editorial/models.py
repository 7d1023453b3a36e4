"""Editorial tables: suggested changes, the import baseline and the per-organisation edit policy.

People are stored as the text HSDS ``metadata.updated_by`` uses (an e-mail, "anoniem" or
"import:<source>"), not as a foreign key to the accounts tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from wegwijzer.directory.models import Base, Id


class Suggestion(Base):
    """A proposed change of one field of one record, and what the reviewer decided."""

    __tablename__ = "suggestion"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(Id, index=True)
    organization_id: Mapped[str | None] = mapped_column(Id, index=True)
    field_name: Mapped[str] = mapped_column(String(64))
    original_value: Mapped[str] = mapped_column(Text, default="")
    proposed_value: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    submitter_email: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # web | api | import
    client_key: Mapped[str | None] = mapped_column(String(64), index=True)  # sha256 of the caller's key
    base_version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | accepted | rejected
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_note: Mapped[str] = mapped_column(Text, default="")
    applied_value: Mapped[str | None] = mapped_column(Text)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    import_run_id: Mapped[str | None] = mapped_column(Id)


class ImportBaseline(Base):
    """What the last import wrote into the editable fields of one record (JSON object of texts).

    A record without a baseline row was not in the last imported document.
    """

    __tablename__ = "import_baseline"
    record_id: Mapped[str] = mapped_column(Id, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    field_values: Mapped[str] = mapped_column(Text)
    import_run_id: Mapped[str | None] = mapped_column(Id)


class EditorialPolicy(Base):
    """Per organisation: may its partners edit its records directly (default: through the queue)."""

    __tablename__ = "editorial_policy"
    organization_id: Mapped[str] = mapped_column(
        Id, ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True)
    direct_edit: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_by: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
