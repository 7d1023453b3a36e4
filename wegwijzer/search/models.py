"""The search index table: one row per service, its fields pre-analysed into terms.

``search_document`` is derived data, rebuilt by :func:`wegwijzer.search.index.reindex` from the
directory tables. The term columns hold space-separated terms produced by the Dutch analyser, so
every backend searches the same terms with the same in-memory scoring (:mod:`wegwijzer.search.state`);
on SQLite an FTS5 table is also kept in sync by triggers (migration 0002). ``search_state`` holds one
row whose token every write to ``search_document`` replaces (triggers, migration 0007), so a process
knows cheaply when its in-memory index is stale. Both have their own metadata (not the HSDS ``Base``)
so that directory snapshots and exports never see them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from wegwijzer.directory.models import Service

# Analysed text fields, in FTS5 column order (after service_id), with their BM25 weight.
TEXT_FIELDS: dict[str, float] = {
    "name": 4.0,
    "organization": 2.0,
    "description": 1.0,
    "eligibility": 1.0,
    "application": 0.5,
    "taxonomy": 1.5,
}
# Facet columns: space-separated slugs of the service's taxonomy attributes (gemeente: its locations).
FACETS = ("fase", "onderwijsniveau", "nood", "doelgroep", "aanmeldroute", "gemeente")


class SearchBase(DeclarativeBase):
    pass


class SearchDocument(SearchBase):
    __tablename__ = "search_document"
    service_id: Mapped[str] = mapped_column(
        String(36), ForeignKey(Service.__table__.c.id, ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[str] = mapped_column(String(36), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # analysed terms per field
    name: Mapped[str] = mapped_column(Text, default="")
    organization: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    application: Mapped[str] = mapped_column(Text, default="")
    taxonomy: Mapped[str] = mapped_column(Text, default="")
    # distinct folded surface words: the lexicon for compounds and the vocabulary for typos
    words: Mapped[str] = mapped_column(Text, default="")
    # filters
    fase: Mapped[str] = mapped_column(Text, default="")
    onderwijsniveau: Mapped[str] = mapped_column(Text, default="")
    nood: Mapped[str] = mapped_column(Text, default="")
    doelgroep: Mapped[str] = mapped_column(Text, default="")
    aanmeldroute: Mapped[str] = mapped_column(Text, default="")
    gemeente: Mapped[str] = mapped_column(Text, default="")
    min_age: Mapped[float | None] = mapped_column(Float)
    max_age: Mapped[float | None] = mapped_column(Float)
    free: Mapped[bool | None] = mapped_column(Boolean)
    # change detection: a hash of everything above, and the reindex generation that last wrote the row
    content_hash: Mapped[str] = mapped_column(String(64))
    generation: Mapped[int] = mapped_column(Integer, default=0, index=True)


class SearchState(SearchBase):
    """One row (id 1): a random token replaced by triggers on every write to ``search_document``."""

    __tablename__ = "search_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[int] = mapped_column(BigInteger, default=0)
