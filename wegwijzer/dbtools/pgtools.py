"""Running PostgreSQL's client programs (pg_dump, pg_restore, psql) on a database URL.

The password never appears on a command line (other users can read those): it goes to the
program in ``PGPASSWORD``; everything else is a libpq connection string.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from wegwijzer.dbtools.errors import DbToolError
from wegwijzer.dbtools.urls import DatabaseUrl

#: seconds a client program waits for the server before giving up
CONNECT_TIMEOUT = "10"


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def conninfo(db: DatabaseUrl) -> str:
    """A libpq connection string for the URL, without the password."""
    url = db.url
    params: dict[str, str] = {"dbname": url.database or ""}
    if url.host:
        params["host"] = url.host
    if url.port:
        params["port"] = str(url.port)
    if url.username:
        params["user"] = url.username
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    return " ".join(f"{key}={_quote(value)}" for key, value in params.items())


def environment(db: DatabaseUrl) -> dict[str, str]:
    env = {**os.environ}
    if db.url.password:
        env["PGPASSWORD"] = str(db.url.password)
    return env


def tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a message saying how to get it."""
    found = shutil.which(name)
    if not found:
        raise DbToolError(f"{name} was not found: install the PostgreSQL client programs (Debian/Ubuntu: "
                          f"apt install postgresql-client; the same major version as the server or newer) "
                          "and make sure they are on PATH")
    return found


def stderr_summary(stderr: str, limit: int = 6) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    if not lines:
        return "no message"
    shown = lines[-limit:]
    return " | ".join(shown)


def run(args: list[str], db: DatabaseUrl, what: str, stdout: Path | None = None) -> str:
    """Run a client program; its output (or, with ``stdout``, nothing) on success; a DbToolError with its
    stderr on failure."""
    try:
        if stdout is None:
            done = subprocess.run(args, env=environment(db), capture_output=True, text=True, check=False)
        else:
            with stdout.open("wb") as handle:
                done = subprocess.run(args, env=environment(db), stdout=handle, stderr=subprocess.PIPE, check=False)
    except OSError as exc:
        raise DbToolError(f"{what}: cannot run {args[0]}: {exc}") from None
    if done.returncode != 0:
        err = done.stderr if isinstance(done.stderr, str) else done.stderr.decode("utf-8", "replace")
        raise DbToolError(f"{what} failed ({Path(args[0]).name} exit {done.returncode}): {stderr_summary(err)}")
    return done.stdout if isinstance(done.stdout, str) else ""


def archive_revision(pg_restore: str, archive: Path, db: DatabaseUrl) -> str | None:
    """The Alembic revision stored in a pg_dump archive (``None``: the archive has no alembic_version)."""
    script = run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(archive)], db,
                 f"reading {archive}")
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "alembic_version" in line:
            value = next(lines, "\\.").strip()
            return None if value == "\\." else value
    return None


#: Run first, in the same transaction as the restore: removes what is in schema public (tables, views,
#: sequences, functions, types; not what an extension owns), so that objects of a newer or half-finished
#: schema cannot survive the restore.
CLEAR_PUBLIC = """
CREATE SCHEMA IF NOT EXISTS public;
DO $wegwijzer$
DECLARE item record;
BEGIN
  FOR item IN SELECT matviewname AS name FROM pg_matviews WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP MATERIALIZED VIEW IF EXISTS public.%I CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT viewname AS name FROM pg_views WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP VIEW IF EXISTS public.%I CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND NOT EXISTS (
                SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS public.%I(%s) CASCADE', item.name, item.args);
  END LOOP;
  FOR item IN SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND NOT EXISTS (
                SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', item.name);
  END LOOP;
END
$wegwijzer$;
"""
