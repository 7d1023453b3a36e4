"""Text folding shared by the importer, search, matcher and evaluation."""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents: ``Oriëntering`` -> ``orientering`` (NFKD, combining marks removed)."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def fold_words(text: str, keep: str = "") -> str:
    """Folded words separated by single spaces; other characters (except ``keep``) become spaces."""
    pattern = f"[^a-z0-9{re.escape(keep)}]+"
    return " ".join(re.sub(pattern, " ", fold(text)).split())
