"""Which main-navigation entry a page belongs to (``aria-current``)."""

from __future__ import annotations

import pytest

from wegwijzer.web.rendering import nav_current


@pytest.mark.parametrize(("path", "current"), [
    ("/", "/"),
    ("/zoeken", "/zoeken"),
    ("/diensten/abc", "/zoeken"),
    ("/organisaties/abc", "/zoeken"),
    ("/wegwijzer/resultaat", "/wegwijzer"),
    ("/procedures/melding", "/procedures"),
    ("/overzicht", "/overzicht"),
    ("/redactie", ""),
    ("/redactie/overzicht", ""),
    ("/account", ""),
    ("/inloggen", ""),
    ("/wijziging", ""),
    ("/zoekenxyz", ""),
])
def test_navigation_marks_only_the_section_a_page_belongs_to(path: str, current: str) -> None:
    assert nav_current(path) == current
