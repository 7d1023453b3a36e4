"""Languages of the website: Dutch first, French and English through gettext catalogues.

The language comes from ``?lang=`` (remembered in a cookie), else from the cookie, else Dutch.
The data stays Dutch; the Dutch labels of the vocabulary's slugs are msgids in the catalogues,
so their translations live with the other UI strings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from wegwijzer.ingest.taxonomy import load_taxonomies

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "nl"
COOKIE = "wegwijzer_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark for translation only"
    """Mark a Dutch UI string for the catalogues; it is translated where it is shown."""
    return message


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang`` (a null catalogue, i.e. Dutch msgids, when missing)."""
    return Translations.load(str(LOCALE_DIR), [lang], domain="messages")


def choose_language(query_value: str | None, cookie_value: str | None) -> str:
    """The page language: the query parameter, else the cookie, else Dutch (unknown values ignored)."""
    for value in (query_value, cookie_value):
        if value and value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


@cache
def dutch_labels() -> dict[str, dict[str, str]]:
    """Taxonomy -> slug -> Dutch label, plus ``_taxonomy`` -> taxonomy -> Dutch label."""
    out: dict[str, dict[str, str]] = {"_taxonomy": {}}
    for tax in load_taxonomies():
        out["_taxonomy"][tax.name] = tax.label
        out[tax.name] = {term.code: term.name for term in tax.terms}
    return out


class Labeller:
    """Translated labels of slugs for one language (``label("nood", "spijbelen")``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.gettext = translations(lang).gettext

    def __call__(self, taxonomy: str, slug: str) -> str:
        dutch = dutch_labels().get(taxonomy, {}).get(slug)
        return self.gettext(dutch) if dutch else slug

    def taxonomy(self, taxonomy: str) -> str:
        dutch = dutch_labels()["_taxonomy"].get(taxonomy)
        return self.gettext(dutch) if dutch else taxonomy

    def options(self, taxonomy: str) -> list[tuple[str, str]]:
        """(slug, translated label) of every term, in vocabulary order."""
        return [(slug, self(taxonomy, slug)) for slug in dutch_labels().get(taxonomy, {})]
