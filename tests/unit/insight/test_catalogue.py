"""Every UI string of the insight package and its page has a French and an English translation
(the website's catalogue test reads wegwijzer/web, accounts and editorial; this one reads insight)."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir

from tests.unit.web.test_catalogues import KEYWORDS, ROOT, catalogue

METHOD_MAP = [("wegwijzer/insight/**.py", "python"), ("wegwijzer/web/templates/insight.html", "jinja2")]


def insight_strings() -> set[str]:
    found = extract_from_dir(str(ROOT), METHOD_MAP, keywords=KEYWORDS)
    return {m if isinstance(m, str) else m[0] for _f, _l, m, _c, _x in found if m}


def test_the_extraction_finds_the_insight_strings() -> None:
    strings = insight_strings()
    assert "Hiaten en overlappen in het aanbod" in strings  # the template
    assert "Aanbod per nood en leeftijdsgroep" in strings  # wegwijzer/insight/page.py


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_insight_string_is_translated(lang: str) -> None:
    cat = catalogue(lang)
    missing = sorted(m for m in insight_strings() if not ((entry := cat.get(m)) and entry.string))
    assert not missing, missing
