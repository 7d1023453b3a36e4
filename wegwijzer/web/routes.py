"""The website's routes, one module per page group, combined in one router."""

from __future__ import annotations

from fastapi import APIRouter

from wegwijzer.accounts.routes import router as accounts_router
from wegwijzer.editorial.routes import router as editorial_router
from wegwijzer.editorial.routes_dashboard import router as dashboard_router
from wegwijzer.web import routes_directory, routes_match, routes_procedures, routes_search

router = APIRouter(include_in_schema=False)
for module in (routes_search, routes_match, routes_directory, routes_procedures):
    router.include_router(module.router)
router.include_router(accounts_router)  # login, account, user admin
router.include_router(dashboard_router)  # /redactie/overzicht: the editor's dashboard
router.include_router(editorial_router)  # /wijziging, /bewerken, /redactie (review queue), history, revert
