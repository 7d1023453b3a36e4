"""Read use cases over the directory: listing and finding records."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Organization, Service
from wegwijzer.text import fold as base_fold


@dataclass
class OrgSummary:
    id: str
    name: str
    fiche: str | None
    parent: str | None
    services: int


@dataclass
class Found:
    kind: str  # "organization" | "service"
    id: str
    name: str
    organization: str | None = None


def fold(text: str) -> str:
    return base_fold(text).strip()


def list_organizations(session: Session) -> list[OrgSummary]:
    per_org = select(Service.organization_id, func.count()).group_by(Service.organization_id)
    counts = dict(session.execute(per_org).all())
    orgs = session.execute(select(Organization).order_by(Organization.sort_order)).scalars().all()
    names = {o.id: o.name for o in orgs}
    return [
        OrgSummary(o.id, o.name, o.source_fiche, names.get(o.parent_organization_id or ""), counts.get(o.id, 0))
        for o in orgs
    ]


def find(session: Session, query: str) -> list[Found]:
    """Records whose id starts with ``query``, or whose name equals it, or else contains it (accent-blind)."""
    q = fold(query)
    if not q:
        return []
    orgs = session.execute(select(Organization).order_by(Organization.sort_order)).scalars().all()
    org_names = {o.id: o.name for o in orgs}
    services = session.execute(select(Service).order_by(Service.sort_order)).scalars().all()
    candidates = [Found("organization", o.id, o.name) for o in orgs]
    candidates += [Found("service", s.id, s.name, org_names.get(s.organization_id)) for s in services]
    for test in (
        lambda f: f.id == q,
        lambda f: len(q) >= 8 and f.id.startswith(q),
        lambda f: fold(f.name) == q,
        lambda f: f.organization is not None and fold(f"{f.organization} {f.name}") == q,
        lambda f: q in fold(f.name),
        lambda f: f.organization is not None and q in fold(f"{f.organization} {f.name}"),
    ):
        hits = [f for f in candidates if test(f)]
        if hits:
            orgs_first = [h for h in hits if h.kind == "organization"]
            return orgs_first if len(orgs_first) == 1 else hits
    return []
