"""The website's routes, one module per page group, combined in one router."""

from __future__ import annotations

from fastapi import APIRouter

from wegwijzer.web import routes_directory, routes_match, routes_procedures, routes_search

router = APIRouter(include_in_schema=False)
for module in (routes_search, routes_match, routes_directory, routes_procedures):
    router.include_router(module.router)
