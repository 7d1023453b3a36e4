"""Gaps and overlaps: how many services fit each cell of the coverage matrices.

Pure: service views in, matrices out. A service *fits* a cell by the matcher's own rules
(:func:`wegwijzer.match.eligibility.check` on a :class:`~wegwijzer.match.model.Profile` built
for the cell), so the report says what the wegwijzer says:

* **need** — the service carries the need (its ``nood`` facet). The wegwijzer may list further
  offers below these that only mention the need's words in their text; they are not counted.
* **age band** — the service fits *some* age of the band: the matcher's age check passes for at
  least one whole age from the band's lowest to its highest (so a service for 16–25 counts for
  15–17, and a service that states no age counts everywhere, as the wegwijzer lists it with an
  "unknown" age). Hence a service can count in several bands.
* **level** — the matcher's level rule (with implied levels: DBSO in the 2nd/3rd graad, …);
  without a level every level is accepted.
* **phase** — the service names that phase (``fase`` facet); phase is not an eligibility rule.
* **school language** — the matcher's language rule (``onderwijstaal``; KANS/CLB-only routes
  serve the Dutch-language schools).
* **municipality** — the matcher never excludes by address (only an explicitly local service
  excludes other municipalities), so the municipality matrix counts *presence*: services with a
  location in the municipality, or local to it, that fit the level.

A cell is a **gap** with no service, **thin** with one, and an **overlap** with
:data:`OVERLAP_MIN` or more (see :func:`status`). A cell also says how many of its services fit
only because they state no age (``unknown``): the wegwijzer lists those below the ones that fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wegwijzer.match.eligibility import EXCLUDED, FITS, check
from wegwijzer.match.model import Profile, ServiceView

GAP, THIN, COVERED, OVERLAP = "gap", "thin", "covered", "overlap"
STATUSES = (GAP, THIN, COVERED, OVERLAP)
#: From this many services a cell counts as an overlap: then the offers for one need at one age
#: fill the wegwijzer's whole first result page (10 results), so an asker no longer sees them all
#: and several organisations are doing the same work. On the bundled data, without a phase filter,
#: the median cell holds about 12 services (55 of the 122 services state no age and so count in
#: every band); per phase the median is 9 (preventie), 6.5 (interventie) and 2 (compensatie).
#: 10 marks 43 %, 17 % and 2 % of those cells; 5 would mark 92 %, 74 % and 10 %, which says
#: nothing. ``wegwijzer report gaps --overlap N`` and ``/inzicht?overlap=N`` use another threshold.
OVERLAP_MIN = 10
MIN_OVERLAP, MAX_OVERLAP = 2, 100  # the thresholds one may choose
PHASES = ("preventie", "interventie", "compensatie")
LANGUAGES = ("nl", "fr")


@dataclass(frozen=True)
class AgeBand:
    key: str
    low: int
    high: int

    @property
    def ages(self) -> range:
        return range(self.low, self.high + 1)


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("6-11", 6, 11), AgeBand("12-14", 12, 14), AgeBand("15-17", 15, 17), AgeBand("18-24", 18, 24),
    AgeBand("25-30", 25, 30),
)


def band_of(age: int | None, bands: Sequence[AgeBand] = AGE_BANDS) -> str:
    """The key of the band holding ``age``; "" for no age or an age outside every band."""
    if age is None:
        return ""
    return next((band.key for band in bands if band.low <= age <= band.high), "")


def status(count: int, overlap_min: int = OVERLAP_MIN) -> str:
    """gap (0), thin (1), overlap (``overlap_min`` or more) or covered (in between)."""
    if count <= 0:
        return GAP
    if count == 1:
        return THIN
    return OVERLAP if count >= overlap_min else COVERED


@dataclass(frozen=True)
class Cell:
    row: str  # need or municipality slug
    column: str  # age band key, school language or phase
    service_ids: tuple[str, ...] = ()
    status: str = GAP  # see status()
    unknown: int = 0  # how many of the services fit only because they state no age
    age: int | None = None  # the age of the band at which most of these services fit (for links)

    @property
    def count(self) -> int:
        return len(self.service_ids)


def make_cell(row: str, column: str, service_ids: Iterable[str], overlap_min: int = OVERLAP_MIN,
              unknown: int = 0, age: int | None = None) -> Cell:
    ids = tuple(service_ids)
    return Cell(row, column, ids, status(len(ids), overlap_min), unknown, age)


@dataclass(frozen=True)
class Matrix:
    """Counts per (row, column), with the filters they were computed under."""

    kind: str  # "dekking" (need x age band), "taal" (need x school language), "gemeenten" (municipality x phase)
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    phase: str | None = None
    level: str | None = None
    overlap_min: int = OVERLAP_MIN
    extra: dict[str, int] = field(default_factory=dict)  # e.g. services without a place in Brussels

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def with_status(self, wanted: str) -> list[Cell]:
        """The cells of one status, row by row."""
        return [self.cells[(r, c)] for r in self.rows for c in self.columns if self.cells[(r, c)].status == wanted]

    def row_total(self, row: str) -> int:
        """Distinct services of a row over every column."""
        return len({sid for c in self.columns for sid in self.cells[(row, c)].service_ids})

    def column_total(self, column: str) -> int:
        return len({sid for r in self.rows for sid in self.cells[(r, column)].service_ids})


def fits(profile: Profile, view: ServiceView) -> bool:
    """The matcher's verdict is not "excluded" (it fits, or a criterion is unknown)."""
    return check(profile, view).status != EXCLUDED


def in_phase(view: ServiceView, phase: str | None) -> bool:
    return phase is None or phase in view.slugs("fase")


def _with_need(views: Iterable[ServiceView], need: str, phase: str | None) -> list[ServiceView]:
    return [v for v in views if need in v.slugs("nood") and in_phase(v, phase)]


def band_cell(views: Sequence[ServiceView], need: str, band: AgeBand, level: str | None = None,
              overlap_min: int = OVERLAP_MIN) -> Cell:
    """The services with ``need`` that fit some age of ``band`` (``views`` already filtered by phase)."""
    per_age: dict[int, list[str]] = {}
    fitting: set[str] = set()  # services that fit some age with every criterion known
    for age in band.ages:
        profile = Profile(age=age, level=level, needs=[need])
        verdicts = [(v.id, check(profile, v).status) for v in views]
        per_age[age] = [sid for sid, verdict in verdicts if verdict != EXCLUDED]
        fitting.update(sid for sid, verdict in verdicts if verdict == FITS)
    ids = {sid for found in per_age.values() for sid in found}
    best = max(band.ages, key=lambda age: (len(per_age[age]), -age))
    return make_cell(need, band.key, (v.id for v in views if v.id in ids), overlap_min,
                     unknown=len(ids - fitting), age=best)


def coverage_matrix(views: Sequence[ServiceView], needs: Sequence[str], *, phase: str | None = None,
                    level: str | None = None, bands: Sequence[AgeBand] = AGE_BANDS,
                    overlap_min: int = OVERLAP_MIN) -> Matrix:
    """Need x age band: the services with that need that fit an age of the band (and the level, phase)."""
    cells: dict[tuple[str, str], Cell] = {}
    for need in needs:
        candidates = _with_need(views, need, phase)
        for band in bands:
            cells[(need, band.key)] = band_cell(candidates, need, band, level, overlap_min)
    return Matrix("dekking", tuple(needs), tuple(b.key for b in bands), cells, phase, level, overlap_min)


def language_matrix(views: Sequence[ServiceView], needs: Sequence[str], *, phase: str | None = None,
                    level: str | None = None, languages: Sequence[str] = LANGUAGES,
                    overlap_min: int = OVERLAP_MIN) -> Matrix:
    """Need x school language: the services with that need that a pupil of that school may use."""
    cells: dict[tuple[str, str], Cell] = {}
    for need in needs:
        candidates = _with_need(views, need, phase)
        for lang in languages:
            profile = Profile(level=level, needs=[need], school_language=lang)
            cells[(need, lang)] = make_cell(need, lang, (v.id for v in candidates if fits(profile, v)),
                                            overlap_min)
    return Matrix("taal", tuple(needs), tuple(languages), cells, phase, level, overlap_min)


def present_in(view: ServiceView, municipality: str) -> bool:
    """A location of the service lies in the municipality, or the service is local to it."""
    return municipality in view.municipalities or municipality in view.slugs("gemeente")


def municipality_matrix(views: Sequence[ServiceView], municipalities: Sequence[str], *,
                        level: str | None = None, phases: Sequence[str] = PHASES,
                        overlap_min: int = OVERLAP_MIN) -> Matrix:
    """Municipality x phase: services present in the municipality (see :func:`present_in`) that fit
    the level by the matcher's rules (the region rule included)."""
    cells: dict[tuple[str, str], Cell] = {}
    for place in municipalities:
        profile = Profile(level=level, municipality=place)
        here = [v for v in views if present_in(v, place) and fits(profile, v)]
        for phase in phases:
            cells[(place, phase)] = make_cell(place, phase, (v.id for v in here if in_phase(v, phase)),
                                              overlap_min)
    wide = Profile(level=level)
    nowhere = sum(1 for v in views if fits(wide, v) and not any(present_in(v, m) for m in municipalities))
    return Matrix("gemeenten", tuple(municipalities), tuple(phases), cells, None, level, overlap_min,
                  {"without_municipality": nowhere})
