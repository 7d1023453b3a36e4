"""The API's JSON: compact UTF-8, and pages joined from records encoded once."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def page_bytes(page: dict[str, Any], contents: list[bytes]) -> bytes:
    """``dumps(page)`` where ``page["contents"]`` (its last key, as :func:`page_object` makes it) is given
    as the records' ready JSON: the same bytes, without encoding the records again."""
    head = {k: v for k, v in page.items() if k != "contents"}
    assert list(page)[-1] == "contents", "contents must be the page's last key"
    return dumps(head)[:-1] + b',"contents":[' + b",".join(contents) + b"]}"
