#!/usr/bin/env bash
# The whole test suite on both database backends: once on SQLite files and once on PostgreSQL
# (WEGWIJZER_TEST_DATABASE_URL, from scripts/test-postgres.sh), the two runs side by side (one per core).
# WEGWIJZER_TEST_BACKENDS="sqlite" or "postgresql" runs one of them; extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."

backends=${WEGWIJZER_TEST_BACKENDS:-"sqlite postgresql"}
logs=$(mktemp -d /tmp/wegwijzer-tests.XXXXXX)
pids=()
names=()
for backend in $backends; do
  case "$backend" in
    sqlite) url="" ;;
    postgresql) url=$(bash scripts/test-postgres.sh) || exit 1 ;;
    *) echo "Unknown backend in WEGWIJZER_TEST_BACKENDS: $backend (sqlite, postgresql)" >&2; exit 2 ;;
  esac
  echo "== pytest on $backend${url:+ ($url)}: log in $logs/$backend.log"
  WEGWIJZER_TEST_DATABASE_URL="$url" .venv/bin/pytest -q -p no:cacheprovider --durations=25 --basetemp="$logs/tmp-$backend" \
    "$@" >"$logs/$backend.log" 2>&1 &
  pids+=($!)
  names+=("$backend")
done

status=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then result="passed"; else result="FAILED"; status=1; fi
  echo
  echo "================ ${names[$i]}: $result ================"
  cat "$logs/${names[$i]}.log"
done
rm -rf "$logs"/tmp-*
exit $status
