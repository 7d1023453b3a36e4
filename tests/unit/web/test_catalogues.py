"""Every UI string of the website (templates and marked Python strings) has a French and an English
translation, and every placeholder survives translation."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "wegwijzer" / "web" / "locale"
METHOD_MAP = [
    ("wegwijzer/web/**.py", "python"),
    ("wegwijzer/accounts/**.py", "python"),
    ("wegwijzer/editorial/**.py", "python"),
    ("wegwijzer/publish/**.py", "python"),
    ("wegwijzer/insight/**.py", "python"),
    ("wegwijzer/web/templates/*.html", "jinja2"),
]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


@cache
def ui_strings() -> dict[str, str]:
    """msgid -> where it was found."""
    out: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(str(ROOT), METHOD_MAP, keywords=KEYWORDS):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            out.setdefault(msgid, f"{filename}:{lineno}")
    return out


@cache
def catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_the_extraction_finds_the_ui_strings() -> None:
    assert len(ui_strings()) > 150
    assert "Zoeken" in ui_strings()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_ui_string_is_translated(lang: str) -> None:
    cat = catalogue(lang)
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in ui_strings().items()
                     if not ((entry := cat.get(msgid)) and entry.string))
    assert not missing, f"{len(missing)} strings without a {lang} translation:\n" + "\n".join(missing[:40])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_translations_keep_their_placeholders(lang: str) -> None:
    wrong = []
    for entry in catalogue(lang):
        if not entry.id or not entry.string or isinstance(entry.id, tuple):
            continue
        if set(PLACEHOLDER.findall(entry.id)) != set(PLACEHOLDER.findall(entry.string)):
            wrong.append(f"{entry.id!r} -> {entry.string!r}")
    assert not wrong, "\n".join(wrong)
