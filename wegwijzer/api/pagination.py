"""The HSDS Page object over an ordered list of objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wegwijzer.api.schemas import DEFAULT_PER_PAGE


def page_object(items: Sequence[Any], page: int, per_page: int | None) -> dict[str, Any]:
    """One page of ``items`` as HSDS Page. A page past the end is empty, not an error.

    ``total_pages`` is at least 1 (an empty result is one empty page), so first/last stay meaningful.
    """
    size_wanted = per_page or DEFAULT_PER_PAGE
    total = len(items)
    total_pages = max(1, -(-total // size_wanted))
    start = (page - 1) * size_wanted
    contents = list(items[start : start + size_wanted]) if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
