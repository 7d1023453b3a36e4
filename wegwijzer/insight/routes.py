"""``/inzicht``: gaps and overlaps in the offer, and the questions that found little (public: aggregates
only), with a CSV download per chart."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from wegwijzer.insight.coverage import MAX_OVERLAP, MIN_OVERLAP, OVERLAP_MIN
from wegwijzer.insight.page import demand_view, matrix_view
from wegwijzer.insight.services import CoverageReport, coverage_report, demand_csv, demand_summary, matrix_csv
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.i18n import Labeller
from wegwijzer.web.rendering import language, render

router = APIRouter()
DEFAULT_DAYS = 365
MAX_DAYS = 3650


@dataclass(frozen=True)
class Filters:
    phase: str | None
    level: str | None
    overlap: int
    days: int


def read_filters(request: Request) -> Filters:
    """The GET parameters (bad values: a Dutch 422 page)."""
    params.check_language(request)
    return Filters(
        phase=params.slug(request, "fase", "fase"),
        level=params.slug(request, "onderwijsniveau", "onderwijsniveau"),
        overlap=params.integer(request, "overlap", MIN_OVERLAP, MAX_OVERLAP, default=OVERLAP_MIN) or OVERLAP_MIN,
        days=params.integer(request, "dagen", 1, MAX_DAYS, default=DEFAULT_DAYS) or DEFAULT_DAYS,
    )


def _report(request: Request, filters: Filters) -> CoverageReport:
    with request.app.state.db.session() as session:
        views = directory(session).views
    return coverage_report(views, filters.phase, filters.level, filters.overlap)


@router.get("/inzicht", response_class=HTMLResponse)
def insight_page(request: Request) -> HTMLResponse:
    filters = read_filters(request)
    report = _report(request, filters)
    request.app.state.demand.flush()  # this worker's counts not yet written (the others write within seconds)
    with request.app.state.db.session() as session:
        summary = demand_summary(session, filters.days)
    label = Labeller(language(request))
    return render(request, "insight.html", {
        "filters": filters, "default_overlap": OVERLAP_MIN,
        "matrices": [matrix_view(m, label) for m in (report.coverage, report.language, report.municipalities)],
        "without_municipality": report.municipalities.extra.get("without_municipality", 0),
        "demand": demand_view(summary, label),
    })


def _csv(body: str, name: str) -> Response:
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/inzicht/dekking.csv")
def coverage_csv(request: Request) -> Response:
    return _csv(matrix_csv(_report(request, read_filters(request)).coverage), "dekking.csv")


@router.get("/inzicht/taal.csv")
def language_csv(request: Request) -> Response:
    return _csv(matrix_csv(_report(request, read_filters(request)).language), "taal.csv")


@router.get("/inzicht/gemeenten.csv")
def municipalities_csv(request: Request) -> Response:
    return _csv(matrix_csv(_report(request, read_filters(request)).municipalities), "gemeenten.csv")


@router.get("/inzicht/vraag.csv")
def demand_download(request: Request) -> Response:
    filters = read_filters(request)
    request.app.state.demand.flush()
    with request.app.state.db.session() as session:
        return _csv(demand_csv(demand_summary(session, filters.days)), "vraag.csv")
