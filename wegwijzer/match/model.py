"""Data shapes of the matcher: the case profile, the service view it reads, and its result.

The JSON form of :class:`MatchResult` is a public contract (shared docs/vocabulary.md,
"wegwijzer match"); other tools depend on it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROFILE_FIELDS = ("age", "level", "stream", "needs", "asker", "school_language", "municipality")


@dataclass
class Profile:
    """What we know of the young person and the asker. Every field is optional."""

    age: int | None = None
    level: str | None = None  # onderwijsniveau slug
    stream: str | None = None  # studierichting slug
    needs: list[str] = field(default_factory=list)  # nood slugs
    asker: str | None = None  # doelgroep slug
    school_language: str | None = None  # onderwijstaal slug
    municipality: str | None = None  # gemeente slug
    text: str | None = None  # the free text, if any (not echoed in the JSON)
    from_text: dict[str, Any] = field(default_factory=dict)  # what was read from the text
    # usual ages of the school stage the text names when it gives no age ("zesde leerjaar" -> 11–12);
    # a ranking hint only, not echoed in the JSON
    age_band: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: getattr(self, key) for key in PROFILE_FIELDS}
        out["from_text"] = dict(self.from_text)
        return out


@dataclass(frozen=True)
class ServiceView:
    """One service as the matcher and search see it: flat, denormalised, read-only."""

    id: str
    name: str
    organization_id: str
    organization: str
    description: str = ""
    eligibility: str = ""  # eligibility_description (Doelgroep)
    application: str = ""  # application_process (Aanmelding)
    fees: str = ""
    minimum_age: float | None = None
    maximum_age: float | None = None
    facets: dict[str, frozenset[str]] = field(default_factory=dict)  # taxonomy -> slugs
    municipalities: frozenset[str] = frozenset()  # gemeente slugs of its locations
    free: bool | None = None  # True: a cost option of 0; False: a price; None: not stated
    fiche: str | None = None
    parent_organization: str | None = None

    def slugs(self, taxonomy: str) -> frozenset[str]:
        return self.facets.get(taxonomy, frozenset())


@dataclass
class Result:
    rank: int
    service_id: str
    service: str
    organization_id: str
    organization: str
    score: float
    eligibility: str  # "fits" | "unknown"
    reasons: list[str]
    route: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank, "service_id": self.service_id, "service": self.service,
            "organization_id": self.organization_id, "organization": self.organization,
            "score": round(self.score, 4), "eligibility": self.eligibility, "reasons": list(self.reasons),
            "route": self.route,
        }


@dataclass
class Excluded:
    service_id: str
    service: str
    organization: str
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"service_id": self.service_id, "service": self.service, "organization": self.organization,
                "reasons": list(self.reasons)}


@dataclass
class ProcedureRef:
    id: str
    title: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title}


@dataclass
class MatchResult:
    profile: Profile
    results: list[Result]
    excluded: list[Excluded]
    procedures: list[ProcedureRef]

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile.to_json(),
            "results": [r.to_json() for r in self.results],
            "excluded": [e.to_json() for e in self.excluded],
            "procedures": [p.to_json() for p in self.procedures],
        }
