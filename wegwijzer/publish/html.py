"""Render the document model to one standalone HTML file (style inline, no scripts, no external resources).

The same HTML is the source of the PDF (:mod:`wegwijzer.publish.pdf`): its print style sets the A4
pages, running headers, page numbers and the table of contents' page references.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from wegwijzer.publish.document import Document
from wegwijzer.web.filters import FILTERS
from wegwijzer.web.i18n import LANGUAGES, Labeller, translations

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "web" / "templates"
TEMPLATE = "publish_infobundel.html"
STYLESHEET = Path(__file__).parent / "infobundel.css"


@cache
def environment() -> Environment:
    """A Jinja environment of its own (autoescape on), with the site's tested filters."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


@cache
def stylesheet() -> Markup:
    """The document's CSS (our own file, never user data), to inline in ``<style>``."""
    return Markup(STYLESHEET.read_text(encoding="utf-8"))


def render_html(document: Document, lang: str = "nl", base_url: str = "", generated_at: datetime | None = None) -> str:
    """The document as one HTML page in ``lang`` (labels translated; the data stays Dutch)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    gettext = translations(lang)
    return environment().get_template(TEMPLATE).render(
        doc=document, lang=lang, base_url=base_url.rstrip("/"), generated_at=generated_at, css=stylesheet(),
        _=gettext.gettext, gettext=gettext.gettext, ngettext=gettext.ngettext, label=Labeller(lang),
    )
