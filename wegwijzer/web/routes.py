"""The website's routes, one module per page group, combined in one router."""

from __future__ import annotations

from fastapi import APIRouter

from wegwijzer.accounts.routes import router as accounts_router
from wegwijzer.editorial.routes import router as editorial_router
from wegwijzer.editorial.routes_dashboard import router as dashboard_router
from wegwijzer.insight.routes import router as insight_router
from wegwijzer.publish import routes as publish_routes
from wegwijzer.publish import routes_opendata
from wegwijzer.web import routes_directory, routes_match, routes_procedures, routes_search

router = APIRouter(include_in_schema=False)
router.include_router(publish_routes.router)  # the infobundle PDF/HTML; before /organisaties/{id}
for module in (routes_search, routes_match, routes_directory, routes_procedures):
    router.include_router(module.router)
router.include_router(accounts_router)  # login, account, user admin
router.include_router(dashboard_router)  # /redactie/overzicht: the editor's dashboard
router.include_router(editorial_router)  # /wijziging, /bewerken, /redactie (review queue), history, revert
router.include_router(routes_opendata.router)  # /open-data: the HSDS datapackage, JSON and NDJSON downloads
router.include_router(insight_router)  # /inzicht: gaps and overlaps, search demand (public aggregates)
