"""API use cases: the HSDS lists and look-ups over the cached catalog, and the match.

Filters combine with AND. ``search`` uses the search package (its ranking and Dutch analysis);
without ``search`` lists keep the directory order (the infobundle's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, overload

from sqlalchemy.orm import Session

from wegwijzer.api.catalog import Catalog, Row, aware, catalog
from wegwijzer.api.schemas import MatchRequest, OrganizationsQuery, ServiceFilters, TaxonomyTermsQuery
from wegwijzer.caching import RESULTS, digest
from wegwijzer.search.analysis import fold
from wegwijzer.search.schemas import SearchFilters
from wegwijzer.search.services import index_state, plan_query, rank

ORG_TEXT = ("name", "alternate_name", "description")


class NotFound(LookupError):
    """No record with this id; the message is Dutch."""


class InvalidRequest(ValueError):
    """A request the parameters' types allow but the domain refuses; the message is Dutch."""

    def __init__(self, message_nl: str, loc: tuple[str, ...] = ("query",)) -> None:
        super().__init__(message_nl)
        self.message_nl = message_nl
        self.loc = loc


def ranked_service_ids(session: Session, query: str) -> list[str]:
    """Every service matching ``query``, best first, as the search package ranks them (no snippets)."""
    state = index_state(session)
    plan = plan_query(query, state)
    return list(dict.fromkeys(rank(session, state, plan, SearchFilters(), state.size, "index").ids))


def _has_words(text: str | None) -> bool:
    return bool(text and fold(text).strip())


def service_ids(session: Session, cat: Catalog, q: ServiceFilters) -> list[str]:
    """The ids of the services passing every filter, in rank order (search) or directory order; kept
    per state of the data (:mod:`wegwijzer.caching`), so paging through one search ranks it once.
    The list is shared: do not change it."""
    question = ("service_ids", q.search, q.taxonomy_term_id, q.taxonomy_id, q.organization_id, q.modified_after)
    return RESULTS.answer(session, question, lambda: _service_ids(session, cat, q))


def _service_ids(session: Session, cat: Catalog, q: ServiceFilters) -> list[str]:
    ids: Iterable[str] = ranked_service_ids(session, q.search or "") if _has_words(q.search) else cat.service_ids
    term = str(q.taxonomy_term_id) if q.taxonomy_term_id else None
    taxonomy = str(q.taxonomy_id) if q.taxonomy_id else None
    org = str(q.organization_id) if q.organization_id else None
    after = aware(q.modified_after) if q.modified_after else None
    if not (term or taxonomy or org or after):
        return [sid for sid in ids if sid in cat.services]
    out = []
    for sid in ids:
        full = cat.services.get(sid)
        if full is None:
            continue
        if term and term not in cat.service_terms[sid]:
            continue
        if taxonomy and taxonomy not in cat.service_taxonomies[sid]:
            continue
        if org and full.get("organization_id") != org:
            continue
        if after and ((modified := cat.service_modified[sid]) is None or modified < after):
            continue
        out.append(sid)
    return out


class Rows(Sequence[Row]):
    """The rows of ``ids``, each made when it is read: a page of a long result costs that page only."""

    def __init__(self, ids: Sequence[str], row: Callable[[str], Row],
                 encoded: Callable[[str], bytes] | None = None) -> None:
        self._ids = ids
        self._row = row
        self._encoded = encoded

    def encoded(self, index: slice) -> list[bytes] | None:
        """The JSON of the rows in ``index``, kept per record by the catalog (None: not kept for this kind)."""
        if self._encoded is None:
            return None
        return [self._encoded(sid) for sid in self._ids[index]]

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._row(sid) for sid in self._ids[index]]
        return self._row(self._ids[index])


MINIMAL = ("id", "name", "status", "last_modified")


def list_services(session: Session, q: ServiceFilters, minimal: bool = False) -> Sequence[Row]:
    if minimal and q.full:
        raise InvalidRequest("minimal en full sluiten elkaar uit; kies er één", ("query", "minimal"))
    cat = catalog(session)
    ids = service_ids(session, cat, q)
    if minimal:
        return Rows(ids, lambda s: {k: cat.services_list[s][k] for k in MINIMAL if k in cat.services_list[s]})
    kind = "services" if q.full else "services_list"
    return Rows(ids, getattr(cat, kind).__getitem__, lambda sid: cat.encoded(kind, sid))


def get_service(session: Session, sid: str) -> Row:
    found = catalog(session).services.get(sid)
    if found is None:
        raise NotFound(f"Geen dienst met id {sid}.")
    return found


def list_organizations(session: Session, q: OrganizationsQuery) -> list[Row]:
    cat = catalog(session)
    oids = list(cat.organization_ids)
    if _has_words(q.search):
        oids = _organizations_matching(session, cat, q.search or "")
    if q.full or q.full_service:
        return [cat.organization_with_services(o, q.full_service) for o in oids]
    return [cat.organizations_list[o] for o in oids]


def _organizations_matching(session: Session, cat: Catalog, query: str) -> list[str]:
    """Organisations whose name or description holds every word of the query, then the
    organisations of the services the search finds (in their rank order)."""
    named = _text_filter((cat.organizations_list[o] for o in cat.organization_ids), query, ORG_TEXT)
    found = ranked_service_ids(session, query)
    via_services = [cat.services[s]["organization_id"] for s in found if s in cat.services]
    return list(dict.fromkeys([*(o["id"] for o in named), *via_services]))


def get_organization(session: Session, oid: str, full_service: bool) -> Row:
    cat = catalog(session)
    if oid not in cat.organizations:
        raise NotFound(f"Geen organisatie met id {oid}.")
    return cat.organization_with_services(oid, full_service)


def _text_filter(rows: Iterable[Row], query: str | None, fields: tuple[str, ...]) -> list[Row]:
    rows = list(rows)
    if not _has_words(query):
        return rows
    words = fold(query or "").split()
    return [r for r in rows if all(w in fold(" ".join(str(r.get(f, "")) for f in fields)) for w in words)]


def list_taxonomies(session: Session, query: str | None) -> list[Row]:
    return _text_filter(catalog(session).taxonomies.values(), query, ("name", "description"))


def get_taxonomy(session: Session, tid: str) -> Row:
    found = catalog(session).taxonomies.get(tid)
    if found is None:
        raise NotFound(f"Geen taxonomie met id {tid}.")
    return found


def list_taxonomy_terms(session: Session, q: TaxonomyTermsQuery) -> list[Row]:
    rows: Iterable[Row] = catalog(session).terms.values()
    if q.taxonomy_id:
        rows = [r for r in rows if r.get("taxonomy_id") == str(q.taxonomy_id)]
    if q.parent_id:
        rows = [r for r in rows if r.get("parent_id") == str(q.parent_id)]
    if q.top_only:
        rows = [r for r in rows if not r.get("parent_id")]
    return _text_filter(rows, q.search, ("name", "code", "description"))


def get_taxonomy_term(session: Session, tid: str) -> Row:
    found = catalog(session).terms.get(tid)
    if found is None:
        raise NotFound(f"Geen taxonomieterm met id {tid}.")
    return found


def list_service_at_locations(session: Session, q: ServiceFilters, postcode: str | None) -> list[Row]:
    """Service-at-locations of the services passing the filters (in their order), by postcode."""
    cat = catalog(session)
    wanted = {sid: i for i, sid in enumerate(service_ids(session, cat, q))}
    code = (postcode or "").strip()
    sals = [s for s in cat.sal_ids if cat.sal_service[s] in wanted and (not code or code in cat.sal_postcodes[s])]
    sals.sort(key=lambda s: wanted[cat.sal_service[s]])  # stable: keeps location order within a service
    source = cat.sals if q.full else cat.sals_list
    return [source[s] for s in sals]


def get_service_at_location(session: Session, sal_id: str) -> Row:
    found = catalog(session).sals.get(sal_id)
    if found is None:
        raise NotFound(f"Geen dienst-op-locatie met id {sal_id}.")
    return found


def run_match(session: Session, body: MatchRequest) -> dict[str, Any]:
    """The JSON of ``wegwijzer match --json`` for this profile; raises ProfileError on bad values."""
    from wegwijzer.match.profile import build_profile
    from wegwijzer.match.services import Matcher

    profile = build_profile(
        text=body.text,
        age=body.age,
        level=body.level,
        stream=body.stream,
        needs=body.needs,
        asker=body.asker,
        school_language=body.school_language,
        municipality=body.municipality,
    )
    cat = catalog(session)

    def answer() -> dict[str, Any]:
        return cat.matcher(lambda: Matcher.from_session(session)).run(profile, limit=body.limit).to_json()

    if profile.text:  # a description is never kept, not even in memory (and it hardly ever repeats)
        return answer()
    return RESULTS.answer(session, ("match", digest(profile), body.limit), answer)
