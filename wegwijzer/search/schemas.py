"""Search in and out: filters, one hit, the response (JSON-ready via ``to_json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Facets with slug filters (AND across facets, OR within one), in display order.
SLUG_FACETS = ("fase", "onderwijsniveau", "nood", "doelgroep", "aanmeldroute", "gemeente")
# Age bands for the age facet: (key, lowest age, highest age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-5", 0, 5), ("6-11", 6, 11), ("12-14", 12, 14), ("15-17", 15, 17), ("18-25", 18, 25), ("26+", 26, 120),
)
HIGHLIGHT = ("«", "»")


@dataclass(frozen=True)
class SearchFilters:
    fase: tuple[str, ...] = ()
    onderwijsniveau: tuple[str, ...] = ()
    nood: tuple[str, ...] = ()
    doelgroep: tuple[str, ...] = ()
    aanmeldroute: tuple[str, ...] = ()
    gemeente: tuple[str, ...] = ()
    age: int | None = None  # must fall in the service's range; an unknown range passes
    free: bool | None = None  # True: only free services; False: only paying ones

    def slugs(self, facet: str) -> tuple[str, ...]:
        return tuple(getattr(self, facet))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {f: list(self.slugs(f)) for f in SLUG_FACETS if self.slugs(f)}
        if self.age is not None:
            out["age"] = self.age
        if self.free is not None:
            out["free"] = self.free
        return out


@dataclass
class SearchHit:
    service_id: str
    service: str
    organization_id: str
    organization: str
    score: float
    snippet: str  # plain text with the matched words between « and »; escape before rendering
    min_age: float | None = None
    max_age: float | None = None
    free: bool | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "service_id": self.service_id, "service": self.service,
            "organization_id": self.organization_id, "organization": self.organization,
            "score": round(self.score, 4), "snippet": self.snippet,
            "min_age": self.min_age, "max_age": self.max_age, "free": self.free, "facets": self.facets,
        }


@dataclass
class SearchResponse:
    query: str
    filters: SearchFilters
    terms: list[str]  # the analysed query terms searched (after correction and expansion)
    corrections: dict[str, str]  # typed word -> corrected word
    suggestion: str | None  # the corrected query ("bedoelde u …"), None if nothing was corrected
    total: int
    page: int
    per_page: int
    results: list[SearchHit]
    facets: dict[str, dict[str, int]]  # facet -> value -> count (plus "age" bands and "free")
    backend: str = "index"  # "index" (the default ranking, every backend), "bm25" (BM25F), "none" (no text)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query, "filters": self.filters.to_json(), "terms": self.terms,
            "corrections": self.corrections, "suggestion": self.suggestion,
            "total": self.total, "page": self.page, "per_page": self.per_page, "pages": self.pages,
            "results": [r.to_json() for r in self.results], "facets": self.facets,
        }
