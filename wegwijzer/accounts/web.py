"""Wiring the accounts into the app: the middleware, the login redirect and the startup checks."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from wegwijzer.accounts.deps import LoginRequired
from wegwijzer.accounts.middleware import PRIVATE, AccountsMiddleware


async def _to_login(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(exc.location, status_code=303, headers={"Cache-Control": PRIVATE})


def install_accounts(app: FastAPI) -> None:
    """Call in ``create_app`` before the edge middleware is added (so that it stays outermost)."""
    app.state.settings.check_secrets()
    app.add_exception_handler(LoginRequired, _to_login)
    app.add_middleware(AccountsMiddleware)
