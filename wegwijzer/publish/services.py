"""Publishing the infobundle: the document from the live data, rendered to HTML or PDF, written atomically.

The CLI (``wegwijzer publish infobundel``) and the website (``/infobundel.pdf``) call these.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.publish.document import Document, build_document
from wegwijzer.publish.embedded import ATTACHMENT_NAME, DESCRIPTION, payload, payload_bytes
from wegwijzer.publish.html import render_html
from wegwijzer.publish.pdf import Attachment, PdfRenderer
from wegwijzer.text import fold
from wegwijzer.web.i18n import LANGUAGES

FORMATS: dict[str, str] = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
BASENAME = "infobundel-schooluitval-brussel"


class PublishError(Exception):
    """A problem for the user (Dutch, one line); ``status`` for the web, ``exit_code`` for the CLI."""

    def __init__(self, message: str, status: int = 400, exit_code: int = 1) -> None:
        super().__init__(message)
        self.status = status
        self.exit_code = exit_code


@dataclass(frozen=True)
class Publication:
    content: bytes
    media_type: str
    filename: str
    document: Document


def check_options(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise PublishError(f"ongeldig formaat '{fmt}'; toegelaten: {', '.join(FORMATS)}", exit_code=2)
    if lang not in LANGUAGES:
        raise PublishError(f"ongeldige taal '{lang}'; toegelaten: {', '.join(LANGUAGES)}", exit_code=2)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:60] or "fiche"


def filename_for(document: Document, fmt: str, lang: str = "nl") -> str:
    """"infobundel-schooluitval-brussel-2026-11-28.pdf"; one fiche: "fiche-4-pbd-go.pdf"."""
    suffix = "" if lang == "nl" else f"-{lang}"
    if not document.complete and document.fiches:
        fiche = document.fiches[0]
        number = f"{fiche.number.replace('.', '-')}-" if fiche.number else ""
        return f"fiche-{number}{slug(fiche.organization.name)}{suffix}.{fmt}"
    day = f"-{document.data_date.date().isoformat()}" if document.data_date else ""
    return f"{BASENAME}{day}{suffix}.{fmt}"


def publication(snap: Snapshot, fmt: str, renderer: PdfRenderer | None = None, lang: str = "nl",
                base_url: str = "", organization_id: str | None = None,
                now: datetime | None = None) -> Publication:
    """The infobundle (or one organisation's fiche) as HTML or PDF; a PDF carries ``wegwijzer-hsds.json``.

    Raises :class:`~wegwijzer.publish.pdf.PdfUnavailable` when no PDF can be made here.
    """
    check_options(fmt, lang)
    if organization_id is not None and organization_id not in snap.by_id["organization"]:
        raise PublishError("Deze organisatie bestaat niet (meer).", status=404)
    now = now or datetime.now(UTC)
    document = build_document(snap, organization_id)
    html = render_html(document, lang=lang, base_url=base_url, generated_at=now)
    if fmt == "html":
        content = html.encode("utf-8")
    else:
        if renderer is None:
            raise ValueError("a PDF needs a renderer")
        data = payload(snap, organization_id, generated_at=now, data_date=document.data_date)
        attachment = Attachment(ATTACHMENT_NAME, payload_bytes(data), DESCRIPTION, created=now)
        content = renderer.render(html, [attachment])
    return Publication(content, FORMATS[fmt], filename_for(document, fmt, lang), document)


def check_target(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if path.is_dir():
        raise PublishError(f"{path} is een map; geef een bestandsnaam op.")
    parent = path.parent
    if not parent.is_dir():
        raise PublishError(f"de map {parent} bestaat niet.")
    if not os.access(parent, os.W_OK):
        raise PublishError(f"geen schrijfrechten in de map {parent}.")


def write_atomic(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder and rename: never a half-written file."""
    check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PublishError(f"kan niet schrijven in {path.parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)  # mkstemp makes it 0600
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PublishError(f"kan {path} niet schrijven: {exc.strerror}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
