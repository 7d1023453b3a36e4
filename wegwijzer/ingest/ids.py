"""Stable identifiers: uuid5 from natural keys, so a re-import updates instead of duplicating."""

from __future__ import annotations

import re
import unicodedata
import uuid

NAMESPACE = uuid.UUID("6f1c2a4e-5b0d-5e8a-9c3f-1d2e3f4a5b6c")


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated: 'Tracé Brussel vzw' -> 'trace-brussel-vzw'."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def stable_id(kind: str, *parts: object) -> str:
    """A uuid5 string for a record of ``kind`` identified by ``parts``."""
    key = ":".join([kind, *(str(p) for p in parts)])
    return str(uuid.uuid5(NAMESPACE, key))
