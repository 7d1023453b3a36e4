"""Freshness tables: the stored results of the link checker (not an HSDS object).

One row per checked URL, updated in place by every run (``wegwijzer links check`` or the
schedule in ``wegwijzer serve``). Which records use a URL is not stored: it is read from the
directory when a report is made, so a changed website never leaves a stale link behind.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wegwijzer.directory.models import Base, Id


class LinkCheck(Base):
    """The latest check of one website address, with its failure streak."""

    __tablename__ = "link_check"
    id: Mapped[str] = mapped_column(Id, primary_key=True)  # uuid5 of the URL (stable)
    url: Mapped[str] = mapped_column(Text, unique=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(32))  # a code, see wegwijzer.editorial.linkcheck.REASONS
    final_url: Mapped[str | None] = mapped_column(Text)
    last_checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_seen_broken: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
