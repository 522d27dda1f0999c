#!/usr/bin/env bash
# Runs the whole test suite (make test builds first):
#   ctest        unit, storage and HTTP integration tests on SQLite and on a throw-away PostgreSQL cluster that this
#                script starts on a loopback port and stops again
#   browser      core flows and every page in headless Chromium: axe-core, Nu Html Checker, headers, screenshots
#                (scripts/browser-tests.sh)
#   fuzz         every libFuzzer target for a bounded time, known crashes replayed (scripts/fuzz.sh)
#   sanitizers   the ctest suite again in an ASan + UBSan build, build-asan/ (scripts/sanitize-tests.sh)
# Every suite runs even when an earlier one failed; the script fails if any suite failed or ran no test, and ends
# with one line per suite and a total, each "NAME: N passed, N failed".
#
# MW_SUITES chooses suites (default "ctest browser fuzz sanitizers"), e.g. MW_SUITES="ctest browser".
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
PG_DIR=${MW_TEST_PG_DIR:-$BUILD/test-postgres}
PG_PORT=${MW_TEST_PG_PORT:-55432}
read -r -a suites <<<"${MW_SUITES:-ctest browser fuzz sanitizers}"

url=$(scripts/test-postgres.sh start "$PG_DIR" "$PG_PORT")
trap 'scripts/test-postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true' EXIT
export MITWIRKEN_TEST_PG_URL="$url"
export MITWIRKEN_REQUIRE_PG=1

mkdir -p "$BUILD/test-logs"
summary=()
timings=()
total_passed=0
total_failed=0
overall=0

# Runs one suite, its output shown and kept in $BUILD/test-logs/NAME.txt. The suite's own last "NAME: N passed,
# N failed" line gives the counts.
run_suite() {
  local name=$1
  shift
  local log="$BUILD/test-logs/$name.txt" started=$SECONDS status=0
  echo
  echo "== $name"
  "$@" 2>&1 | tee "$log" || status=$?
  local line passed failed
  line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1 || true)
  passed=$(sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/' <<<"$line")
  failed=$(sed -E 's/^[a-z]+: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
  passed=${passed:-0}
  failed=${failed:-0}
  if [[ -z $line || $passed -eq 0 && $failed -eq 0 ]]; then
    echo "$name: ran no test"
    status=1
    failed=1
  elif ((status != 0 && failed == 0)); then
    failed=1  # the suite failed outside a test (build, set-up, sanitizer report)
  fi
  ((status == 0)) || overall=1
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$name: $passed passed, $failed failed")
  local note=""
  if ((status != 0)); then note=", FAILED (log: $log)"; fi
  timings+=("$name $((SECONDS - started)) s$note")
}

ctest_suite() {
  echo "SQLite and PostgreSQL at $url"
  local status=0
  ctest --test-dir "$BUILD" --output-on-failure -j2 --timeout 300 2>&1 | tee "$BUILD/test-logs/ctest-raw.txt" || status=$?
  local counts
  counts=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$BUILD/test-logs/ctest-raw.txt" | tail -1)
  read -r failed total <<<"${counts:-0 0}"
  echo "ctest: $((total - failed)) passed, $failed failed"
  return "$status"
}

for suite in "${suites[@]}"; do
  case $suite in
    ctest) run_suite ctest ctest_suite ;;
    browser) run_suite browser scripts/browser-tests.sh ;;
    fuzz) run_suite fuzz scripts/fuzz.sh ;;
    sanitizers) run_suite sanitizers scripts/sanitize-tests.sh ;;
    *) echo "unknown suite $suite (ctest, browser, fuzz, sanitizers)" >&2; exit 2 ;;
  esac
done

echo
echo "== durations"
printf '  %s\n' "${timings[@]}"
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "total: $total_passed passed, $total_failed failed"
exit "$overall"
