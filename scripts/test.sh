#!/usr/bin/env bash
# Runs the whole test suite: unit, storage and HTTP integration tests on SQLite and on a throw-away PostgreSQL
# cluster that this script starts on a loopback port and stops again. Expects a build in $BUILD (make test does it).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PG_DIR=${MW_TEST_PG_DIR:-$BUILD/test-postgres}
PG_PORT=${MW_TEST_PG_PORT:-55432}

url=$(scripts/test-postgres.sh start "$PG_DIR" "$PG_PORT")
trap 'scripts/test-postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true' EXIT
export MITWIRKEN_TEST_PG_URL="$url"
export MITWIRKEN_REQUIRE_PG=1

echo "== unit, storage and HTTP tests (SQLite and PostgreSQL at $url)"
ctest --test-dir "$BUILD" --output-on-failure -j2 --timeout 300
