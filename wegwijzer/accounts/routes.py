"""The account pages, combined in one router (included by ``wegwijzer.web.routes``)."""

from __future__ import annotations

from fastapi import APIRouter

from wegwijzer.accounts import routes_account, routes_admin, routes_login, routes_mail

router = APIRouter(include_in_schema=False)
for module in (routes_login, routes_account, routes_mail, routes_admin):
    router.include_router(module.router)
