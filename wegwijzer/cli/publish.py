"""``wegwijzer publish``: the infobundle regenerated from the live data, as PDF or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wegwijzer.cli.common import CliError, console, console_err, open_database
from wegwijzer.config import get_settings

app = typer.Typer(help="Publish the directory as documents.", no_args_is_help=True)


@app.command("infobundel")
def infobundel_command(
    out: Annotated[Path, typer.Option("--out", help="Bestand om te schrijven (bv. infobundel.pdf).")],
    fmt: Annotated[str, typer.Option("--format", help="pdf of html.")] = "pdf",
    lang: Annotated[str, typer.Option("--lang", help="Taal van de titels en labels: nl, fr of en.")] = "nl",
) -> None:
    """The infobundle from the database (with every editorial change): PDF (with the data attached) or HTML."""
    from wegwijzer.directory.hsds import Snapshot  # noqa: PLC0415 - keep `wegwijzer --help` fast
    from wegwijzer.publish.document import data_date  # noqa: PLC0415
    from wegwijzer.publish.pdf import PdfUnavailable, renderer  # noqa: PLC0415
    from wegwijzer.publish.services import PublishError, check_options, check_target, publication, write_atomic  # noqa: PLC0415
    from wegwijzer.web.filters import format_date  # noqa: PLC0415

    fmt, lang = fmt.strip().lower(), lang.strip().lower()
    settings = get_settings()
    try:
        check_options(fmt, lang)
        check_target(out)
    except PublishError as exc:
        raise CliError(str(exc), exit_code=exc.exit_code) from None
    db = open_database()
    with db.session() as session:
        snap = Snapshot.load(session)
    if not snap.by_id["organization"]:
        console_err.print("De gids is leeg: voer eerst `wegwijzer import` uit.", markup=False)
    try:
        with console_err.status("PDF maken…" if fmt == "pdf" else "HTML maken…"):
            result = publication(snap, fmt, renderer(settings.pdf_renderer), lang=lang, base_url=settings.base_url)
        write_atomic(out, result.content)
    except PdfUnavailable as exc:
        raise CliError(str(exc)) from None
    except PublishError as exc:
        raise CliError(str(exc), exit_code=exc.exit_code) from None
    doc = result.document
    console.print(f"Geschreven: {out}", markup=False)
    when = format_date(data_date(snap)) or "onbekend"
    console.print(f"{len(doc.fiches)} fiches, {doc.organization_count} organisaties, {doc.service_count} "
                  f"aanbodsvormen; stand van de gegevens: {when}.", markup=False)
