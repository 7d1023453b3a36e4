"""The editorial website pages, one module per page group, combined in one router.

- ``routes_suggest``: "Meld een wijziging" (``/wijziging``), for everyone;
- ``routes_edit``: editing when signed in (``/bewerken``) and the conflict page of an outdated save;
- ``routes_review``: the review queue for redacteurs (``/redactie``);
- ``routes_record``: history, revert, "nagekeken" and the beheerder's direct-edit switch on the record pages.

Editorial errors become responses in one place: :class:`wegwijzer.editorial.routes_common.EditorialRoute`.
"""

from __future__ import annotations

from fastapi import APIRouter

from wegwijzer.editorial import routes_edit, routes_record, routes_review, routes_suggest

router = APIRouter(include_in_schema=False)
for module in (routes_suggest, routes_edit, routes_review, routes_record):
    router.include_router(module.router)
