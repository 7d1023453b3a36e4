"""``wegwijzer serve``: the website and the HSDS API, served by uvicorn.

On first start with an empty database the bundled infobundle is imported, so a fresh install
serves real data. Logs are one structured line per request (method, path, status, duration);
uvicorn shuts down gracefully on SIGINT/SIGTERM (open requests finish first).
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from sqlalchemy import func, select

from wegwijzer.config import get_settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Organization

logger = logging.getLogger("wegwijzer.serve")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(level: int = logging.INFO) -> None:
    """One line per event on stderr: time, level, logger and a key=value message."""
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)


def ensure_data(database: Database) -> bool:
    """Import the bundled infobundle when the database holds no organisation; True if it did."""
    with database.session() as session:
        count = session.execute(select(func.count()).select_from(Organization)).scalar_one()
    if count:
        return False
    from wegwijzer.ingest.services import bundled_document, import_path  # noqa: PLC0415 - only when needed

    document = bundled_document()
    logger.info("event=first_start_import source=%s", document.name)
    summary = import_path(database, document)
    logger.info("event=import_done organizations=%s services=%s", summary.organizations, summary.services)
    return True


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the website and the HSDS API (imports the bundled data on first start)."""
    import uvicorn  # noqa: PLC0415 - keeps the other commands light

    from wegwijzer.app import create_app  # noqa: PLC0415

    configure_logging()
    settings = get_settings()
    database = Database.from_settings(settings)
    ensure_data(database)
    app = create_app(settings=settings, database=database)
    from wegwijzer.editorial.freshness_links import start_schedule  # noqa: PLC0415

    schedule = start_schedule(database, settings)  # WEGWIJZER_LINKCHECK_INTERVAL_HOURS > 0 only
    logger.info("event=serving url=http://%s:%s/", host, port)
    try:
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, proxy_headers=False)
    finally:
        if schedule is not None:
            schedule.stop()


if __name__ == "__main__":  # ``python -m wegwijzer.cli.serve`` (also used by the tests)
    typer.run(serve_command)
