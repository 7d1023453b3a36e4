"""PDF rendering behind a small protocol: WeasyPrint (HTML + CSS to PDF), or none.

WeasyPrint needs system libraries (Pango, HarfBuzz, fontconfig; Debian: libpango-1.0-0,
libpangoft2-1.0-0, and a free font such as fonts-liberation or fonts-dejavu-core). When they are
missing, rendering raises :class:`PdfUnavailable` with a one-line message instead of a traceback.
``WEGWIJZER_PDF_RENDERER=off`` chooses the null renderer, which always says so.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

MISSING_PACKAGE = ("PDF maken is niet mogelijk: het Python-pakket WeasyPrint ontbreekt "
                   "(pip install weasyprint).")
MISSING_LIBRARIES = ("PDF maken is niet mogelijk: de systeembibliotheken van WeasyPrint ontbreken "
                     "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation; "
                     "zie scripts/test-deps.sh).")
SWITCHED_OFF = "PDF maken staat uit op deze server (WEGWIJZER_PDF_RENDERER=off)."


class PdfUnavailable(RuntimeError):
    """No PDF can be made here; the message (Dutch, one line) says why and what to install."""


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF (PDF "EmbeddedFiles")."""

    name: str
    data: bytes
    description: str = ""
    created: datetime | None = None


class PdfRenderer(Protocol):
    def render(self, html: str, attachments: Sequence[Attachment] = ()) -> bytes:
        """The PDF of a standalone HTML document (no external resources), with the attachments."""
        ...


def _refuse_fetch(url: str) -> Any:
    raise ValueError(f"external resources are not loaded: {url[:80]}")


def load_weasyprint() -> Any:
    """The ``weasyprint`` module, or :class:`PdfUnavailable` when it or its libraries are missing."""
    try:
        import weasyprint  # noqa: PLC0415 - optional at run time: loads native libraries on import
    except ImportError as exc:
        if exc.name == "weasyprint":
            raise PdfUnavailable(MISSING_PACKAGE) from None
        raise PdfUnavailable(MISSING_LIBRARIES) from None
    except OSError:  # cffi: "cannot load library 'libpango-1.0-0'"
        raise PdfUnavailable(MISSING_LIBRARIES) from None
    return weasyprint


class WeasyPrintRenderer:
    """HTML + CSS (print media) to PDF; the document's own data only, nothing fetched from outside."""

    def render(self, html: str, attachments: Sequence[Attachment] = ()) -> bytes:
        weasy = load_weasyprint()
        fetcher_class = getattr(weasy, "URLFetcher", None)
        fetcher = fetcher_class(allowed_protocols={"data"}) if fetcher_class else _refuse_fetch
        files = []
        for item in attachments:
            extra = {"created": item.created, "modified": item.created} if item.created else {}
            files.append(weasy.Attachment(file_obj=io.BytesIO(item.data), name=item.name,
                                          description=item.description or None, url_fetcher=fetcher, **extra))
        try:
            document = weasy.HTML(string=html, url_fetcher=fetcher, media_type="print")
            return bytes(document.write_pdf(attachments=files))
        except OSError as exc:  # a library that fails only when used (fonts, cairo)
            raise PdfUnavailable(f"{MISSING_LIBRARIES} ({exc})") from None


class NoPdfRenderer:
    """The null renderer: PDF switched off (the HTML format still works)."""

    def __init__(self, reason: str = SWITCHED_OFF) -> None:
        self.reason = reason

    def render(self, html: str, attachments: Sequence[Attachment] = ()) -> bytes:
        raise PdfUnavailable(self.reason)


def renderer(name: str = "weasyprint") -> PdfRenderer:
    """The renderer chosen in the settings (``pdf_renderer``): ``weasyprint`` or ``off``."""
    if name == "off":
        return NoPdfRenderer()
    if name == "weasyprint":
        return WeasyPrintRenderer()
    raise ValueError(f"unknown PDF renderer {name!r}")
