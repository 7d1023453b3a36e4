"""Keep ``search_document`` in sync with the directory (the adapter around the pure analyser).

:func:`reindex` rebuilds the rows of the given services (all when None) inside the caller's
transaction and writes only rows whose content hash changed, so re-importing the same document
leaves the index untouched. On SQLite, triggers mirror every write into the FTS5 table.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from wegwijzer.directory.models import (
    Address,
    Attribute,
    CostOption,
    Organization,
    Service,
    ServiceAtLocation,
)
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.search.analysis import STOPWORDS, Analyzer, tokens
from wegwijzer.search.concepts import concept_words
from wegwijzer.search.models import FACETS, TEXT_FIELDS, SearchDocument

TABLE = SearchDocument.__table__
ACTIVE = ("active",)


@dataclass
class ReindexStats:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


@dataclass(frozen=True)
class SourceService:
    """What the index reads of one service: its texts, facets, ages and costs."""

    id: str
    organization_id: str
    sort_order: int
    texts: dict[str, str]  # name, organization, description, eligibility, application
    facets: dict[str, frozenset[str]]
    municipalities: frozenset[str]
    min_age: float | None
    max_age: float | None
    free: bool | None


def facet_token(taxonomy: str, slug: str) -> str:
    """The synthetic index term of a facet value (``nood_spijbelen``): lets concepts hit tagged services."""
    return f"{taxonomy}_{slug}".replace("-", "_")


def _labels() -> dict[tuple[str, str], str]:
    return {(tax.name, term.code): term.name for tax in load_taxonomies() for term in tax.terms}


def build_row(svc: SourceService, analyzer: Analyzer, labels: dict[tuple[str, str], str]) -> dict[str, Any]:
    """The ``search_document`` row of one service (pure)."""
    row: dict[str, Any] = {"service_id": svc.id, "organization_id": svc.organization_id, "sort_order": svc.sort_order}
    for name in TEXT_FIELDS:
        if name != "taxonomy":
            row[name] = " ".join(analyzer.terms(svc.texts.get(name, "")))
    tax_terms: list[str] = []
    for taxonomy in sorted(svc.facets):
        for slug in sorted(svc.facets[taxonomy]):
            tax_terms.append(facet_token(taxonomy, slug))
            tax_terms += analyzer.terms(labels.get((taxonomy, slug), ""))
    row["taxonomy"] = " ".join(tax_terms)
    words = {w for text in svc.texts.values() for w in tokens(text)
             if len(w) > 2 and not w.isdigit() and w not in STOPWORDS}
    row["words"] = " ".join(sorted(words))
    for facet in FACETS:
        values = svc.municipalities if facet == "gemeente" else svc.facets.get(facet, frozenset())
        row[facet] = " ".join(sorted(values))
    row.update(min_age=svc.min_age, max_age=svc.max_age, free=svc.free)
    row["content_hash"] = hashlib.sha256(json.dumps(row, sort_keys=True).encode("utf-8")).hexdigest()
    return row


def load_sources(session: Session) -> list[SourceService]:
    """Every active service with what the index needs, in a handful of queries."""
    orgs = {r.id: (r.name, r.sort_order) for r in session.execute(
        select(Organization.id, Organization.name, Organization.sort_order))}
    facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for link_id, link_type, value in session.execute(
        select(Attribute.link_id, Attribute.link_type, Attribute.value)
    ):
        if link_type and value:
            facets[link_id][link_type].add(value)
    places: dict[str, set[str]] = defaultdict(set)
    for service_id, region in session.execute(
        select(ServiceAtLocation.service_id, Address.region)
        .join(Address, Address.location_id == ServiceAtLocation.location_id)
    ):
        if region:
            places[service_id].add(region)
    amounts: dict[str, list[float]] = defaultdict(list)
    for service_id, amount in session.execute(select(CostOption.service_id, CostOption.amount)):
        if service_id and amount is not None:
            amounts[service_id].append(float(amount))
    out = []
    rows = session.execute(select(Service).where(func.coalesce(Service.status, "active").in_(ACTIVE))).scalars()
    for svc in rows:
        org_name, org_order = orgs.get(svc.organization_id, ("", 0))
        known = amounts.get(svc.id)
        out.append(SourceService(
            id=svc.id, organization_id=svc.organization_id, sort_order=org_order * 10_000 + (svc.sort_order or 0),
            texts={"name": svc.name or "", "organization": org_name, "description": svc.description or "",
                   "eligibility": svc.eligibility_description or "", "application": svc.application_process or ""},
            facets={k: frozenset(v) for k, v in facets.get(svc.id, {}).items()},
            municipalities=frozenset(places.get(svc.id, ())),
            min_age=svc.minimum_age, max_age=svc.maximum_age,
            free=None if not known else all(a == 0 for a in known),
        ))
    return out


def index_analyzer(sources: Iterable[SourceService]) -> Analyzer:
    """The analyser whose compound lexicon is every word of the directory plus the concept file."""
    words = {w for svc in sources for text in svc.texts.values() for w in tokens(text)}
    return Analyzer(words | concept_words())


def reindex(session: Session, service_ids: Iterable[str] | None = None) -> ReindexStats:
    """Bring ``search_document`` up to date for these services (all when None), writing only changes."""
    sources = load_sources(session)
    analyzer = index_analyzer(sources)
    wanted = None if service_ids is None else set(service_ids)
    scope = [s for s in sources if wanted is None or s.id in wanted]
    labels = _labels()
    rows = {s.id: build_row(s, analyzer, labels) for s in scope}

    existing_query = select(TABLE.c.service_id, TABLE.c.content_hash)
    if wanted is not None:
        existing_query = existing_query.where(TABLE.c.service_id.in_(wanted))
    existing: dict[str, str] = {sid: h for sid, h in session.execute(existing_query)}
    generation = (session.execute(select(func.max(TABLE.c.generation))).scalar() or 0) + 1

    stats = ReindexStats()
    gone = [sid for sid in existing if sid not in rows]
    if gone:
        session.execute(delete(TABLE).where(TABLE.c.service_id.in_(gone)))
        stats.deleted = len(gone)
    new = [{**row, "generation": generation} for sid, row in rows.items() if sid not in existing]
    if new:
        session.execute(insert(TABLE), new)
        stats.inserted = len(new)
    changed = [
        {**row, "generation": generation, "b_service_id": sid}
        for sid, row in rows.items() if sid in existing and existing[sid] != row["content_hash"]
    ]
    if changed:
        values = {c.name: bindparam(c.name) for c in TABLE.c if c.name != "service_id"}
        session.execute(update(TABLE).where(TABLE.c.service_id == bindparam("b_service_id")).values(values), changed)
        stats.updated = len(changed)
    return stats
