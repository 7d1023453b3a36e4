#!/usr/bin/env bash
# Prints the URL of a PostgreSQL server for the test suite's second run (WEGWIJZER_TEST_DATABASE_URL).
# Uses the server on 127.0.0.1:5432 when one answers (user postgres, trust authentication, as on the CI
# machines); otherwise installs Debian's PostgreSQL when missing and starts a private throw-away cluster
# (trust authentication, loopback only) on port 55432 under /tmp. Tests create and drop their own databases.
set -euo pipefail

if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 \
   && psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  echo "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
  exit 0
fi

PORT=55432
DATA=/tmp/wegwijzer-test-pg
if pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
  exit 0
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "No PostgreSQL server on 127.0.0.1:5432 and none installed: sudo apt-get install postgresql" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
as_owner=()
if [ "$(id -u)" -eq 0 ]; then  # initdb refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  as_owner=(runuser -u postgres --)
fi
rm -rf "$DATA"
mkdir -p "$DATA"
[ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
"${as_owner[@]}" "$bindir/initdb" -D "$DATA/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >&2
"${as_owner[@]}" "$bindir/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off -c max_connections=200" start >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
