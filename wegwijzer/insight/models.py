"""The search-demand table: one aggregated count per day and kind of question (not an HSDS object).

Deliberately coarse, so that it holds no personal data: no free text, no IP address, no user, no
time of day, no session; only vocabulary slugs, an age band, a result bucket and a count. Every
search or match adds one to exactly one row (an upsert), see :mod:`wegwijzer.insight.demand`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wegwijzer.directory.models import Base

#: every column of ``search_demand`` (a test keeps this list, and so the privacy promise, exact)
DEMAND_COLUMNS = ("day", "kind", "need", "age_band", "phase", "result_bucket", "count")


class SearchDemand(Base):
    """How many searches or matches of one kind found 0, 1–2 or 3+ offers on one day."""

    __tablename__ = "search_demand"
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # the UTC day
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "search" | "match"
    need: Mapped[str] = mapped_column(String(40), primary_key=True)  # a nood slug or ""
    age_band: Mapped[str] = mapped_column(String(8), primary_key=True)  # "6-11" … "25-30" or ""
    phase: Mapped[str] = mapped_column(String(16), primary_key=True)  # a fase slug or ""
    result_bucket: Mapped[str] = mapped_column(String(4), primary_key=True)  # "0" | "1-2" | "3+"
    count: Mapped[int] = mapped_column(Integer, default=0)
