"""Marking Dutch UI strings of the accounts for the translation catalogues (``wegwijzer/web/locale``)."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark for translation only"
    """Mark a Dutch message for extraction; the website translates it where it is shown."""
    return message
