"""``wegwijzer serve``: the website and the HSDS API, served by uvicorn with one or more workers.

On first start with an empty database the bundled infobundle is imported (once, before any worker
starts), so a fresh install serves real data. Logs are one structured line per request (method, path,
status, duration) with the process id of the worker; uvicorn shuts down gracefully on SIGINT/SIGTERM
(open requests finish first).

With ``--workers N`` (or ``WEGWIJZER_WORKERS``) above 1, uvicorn's supervisor starts N processes that
each build the app from the settings (the factory ``wegwijzer.app:create_app``) and share the listening
socket. Everything that must agree between them lives in the database (login sessions, login throttling,
the suggestion rate limit, search demand) or is derived from the settings (CSRF tokens are an HMAC under
``WEGWIJZER_SECRET_KEY``); the caches of each process are keyed by the data's fingerprint, read from the
database on every request; rendered PDFs are shared on disk (``<home>/cache/publish``). The scheduled link
check runs in this parent process only, so once per interval, not once per worker.

SQLite: the database file is switched to WAL mode (readers never wait for the writer; writers take turns,
waiting up to the busy timeout), with one worker as with several. Several workers on one SQLite file are
allowed, for a single machine; PostgreSQL is the database for a network-wide deployment (docs/deploy.md).
"""

from __future__ import annotations

import logging
import logging.config
import sys
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from wegwijzer.cli.common import CliError, open_database
from wegwijzer.config import Settings, get_settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Organization

logger = logging.getLogger("wegwijzer.serve")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s pid=%(process)d %(message)s"
APP_FACTORY = "wegwijzer.app:create_app"
#: uvicorn restarts a worker that does not answer its supervisor's ping within this time. Its default
#: (5 s) is shorter than a worker's start on a busy 2-core machine (the spawned process imports the CLI
#: and the app first), which made workers restart in a loop before they ever served.
WORKER_HEALTHCHECK_SECONDS = 60


def log_config(level: int = logging.INFO) -> dict[str, Any]:
    """One line per event on stderr: time, level, logger, process id and a key=value message.

    Handed to uvicorn, which applies it in every worker process too."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"format": LOG_FORMAT}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"}},
        "root": {"level": logging.getLevelName(level), "handlers": ["stderr"]},
    }


def configure_logging(level: int = logging.INFO) -> None:
    logging.config.dictConfig(log_config(level))


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


def prepare_sqlite(database: Database, workers: int) -> None:
    """Switch a SQLite file to WAL mode (readers never wait for the writer); with several workers,
    refuse an in-memory database (one per process) and a file that cannot use WAL."""
    name = make_url(database.url).database or ""
    if name in ("", ":memory:") or name.startswith("file::memory:"):
        if workers > 1:
            raise CliError(f"--workers {workers} needs a database every worker can open: an in-memory SQLite "
                           "database exists once per process. Use a SQLite file, PostgreSQL, or --workers 1.", 2)
        return
    with database.engine.connect() as conn:
        mode = str(conn.exec_driver_sql("PRAGMA journal_mode=WAL").scalar() or "")
    if mode.lower() == "wal":
        logger.info("event=sqlite_wal workers=%s", workers)
    elif workers > 1:
        raise CliError(f"--workers {workers}: cannot switch the SQLite database {name} to WAL mode (it stays "
                       f"in {mode or 'an unknown'} mode; a network file system?). Use --workers 1 or PostgreSQL.")
    else:
        logger.warning("event=sqlite_not_wal mode=%s", mode)


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        problems = "; ".join(f"WEGWIJZER_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
                             for e in exc.errors())
        raise CliError(f"invalid setting: {problems}", 2) from None


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        min=1, max=64, help="Worker processes (default: WEGWIJZER_WORKERS, else 1).")] = None,
    proxy_headers: Annotated[bool | None, typer.Option(
        "--proxy-headers/--no-proxy-headers",
        help="Take the client address and scheme from X-Forwarded-For/-Proto sent by a trusted proxy "
             "(default: WEGWIJZER_PROXY_HEADERS).")] = None,
    forwarded_allow_ips: Annotated[str | None, typer.Option(
        help="Comma-separated proxy addresses whose forwarded headers are trusted "
             "(default: WEGWIJZER_FORWARDED_ALLOW_IPS, 127.0.0.1).")] = None,
) -> None:
    """Serve the website and the HSDS API (imports the bundled data on first start)."""
    import uvicorn  # noqa: PLC0415 - keeps the other commands light

    configure_logging()
    settings = _settings()
    settings.check_secrets()  # once, with a clear message, before any worker starts (not a traceback per worker)
    count = workers or settings.workers
    database = open_database()
    if settings.is_sqlite:
        prepare_sqlite(database, count)
    ensure_data(database)
    from wegwijzer.editorial.freshness_links import start_schedule  # noqa: PLC0415

    options: dict[str, Any] = {
        "host": host, "port": port, "log_config": log_config(), "access_log": False,
        "proxy_headers": settings.proxy_headers if proxy_headers is None else proxy_headers,
        "forwarded_allow_ips": forwarded_allow_ips or settings.forwarded_allow_ips,
    }
    if count == 1:
        from wegwijzer.app import create_app  # noqa: PLC0415

        target: Any = create_app(settings=settings, database=database)
    else:
        database.dispose()  # the workers open their own connections; the parent keeps none idle
        target, options["factory"], options["workers"] = APP_FACTORY, True, count
        options["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK_SECONDS
    schedule = start_schedule(database, settings)  # WEGWIJZER_LINKCHECK_INTERVAL_HOURS > 0 only; this process only
    logger.info("event=serving url=http://%s:%s/ workers=%s proxy_headers=%s", host, port, count,
                options["proxy_headers"])
    try:
        uvicorn.run(target, **options)
    finally:
        if schedule is not None:
            schedule.stop()


if __name__ == "__main__":  # ``python -m wegwijzer.cli.serve`` (also used by the tests): the full CLI's error handling
    from wegwijzer.cli.main import app  # noqa: PLC0415

    sys.argv[1:1] = ["serve"]
    app()
