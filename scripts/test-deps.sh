#!/usr/bin/env bash
# System dependencies of the browser tests (tests/browser): Debian's Chromium, driven by Playwright
# (which downloads no browser), and axe-core from npm (package.json / package-lock.json); and the
# libraries and fonts WeasyPrint needs for the published PDF (docs/publishing.md); PostgreSQL's client tools.
# Installs what is missing (apt-get needs root); prints what to install otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if [ ! -f node_modules/axe-core/axe.min.js ] && ! command -v npm >/dev/null; then
  packages+=(npm)
fi
# WeasyPrint (the published infobundle PDF): Pango/HarfBuzz from Debian and free fonts.
ldconfig -p | grep 'libpango-1\.0\.so\.0' >/dev/null || packages+=(libpango-1.0-0)
ldconfig -p | grep 'libpangoft2-1\.0\.so\.0' >/dev/null || packages+=(libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/liberation ] || packages+=(fonts-liberation)
[ -d /usr/share/fonts/truetype/dejavu ] || packages+=(fonts-dejavu-core)
# PostgreSQL client tools: pg_isready/psql (scripts/test-postgres.sh), pg_dump/pg_restore (`wegwijzer db backup`).
command -v pg_dump >/dev/null && command -v pg_isready >/dev/null || packages+=(postgresql-client)
if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages for the browser tests: ${packages[*]} (sudo apt-get install ${packages[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
