#!/usr/bin/env bash
# The unit, storage and HTTP integration tests (ctest) once more, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (CMake option MW_SANITIZE=ON) in their own build folder. Any ASan or UBSan report,
# memory leaks included, fails the test it happens in.
#
#   scripts/sanitize-tests.sh              # configure + build $MW_ASAN_BUILD (default build-asan), run ctest there
#   scripts/sanitize-tests.sh -L http      # extra arguments go to ctest
#
# PostgreSQL: uses MITWIRKEN_TEST_PG_URL when set (scripts/test.sh exports it); otherwise starts a throw-away
# cluster of its own (scripts/test-postgres.sh) on port $MW_ASAN_PG_PORT (default 55433) and stops it again.
# Ends with "sanitizers: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
ASAN_BUILD=${MW_ASAN_BUILD:-build-asan}
JOBS=${JOBS:-2}

# Every sanitizer finding is fatal: UBSan stops at the first report, ASan reports leaks at exit.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
# What libraries keep for the life of the process on purpose (fontconfig's font cache) is not reported.
export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0

started=$SECONDS
echo "== sanitizers: building $ASAN_BUILD (ASan + UBSan)"
cmake -S . -B "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMW_SANITIZE=ON >/dev/null
cmake --build "$ASAN_BUILD" -j"$JOBS" >"$ASAN_BUILD/build.log" 2>&1 || {
  tail -n 40 "$ASAN_BUILD/build.log" >&2
  echo "sanitizers: the build failed (whole log: $ASAN_BUILD/build.log)" >&2
  exit 1
}
built=$SECONDS
echo "sanitizers: built in $((built - started)) s"

if [[ -z ${MITWIRKEN_TEST_PG_URL:-} ]]; then
  pg_dir=$ASAN_BUILD/test-postgres
  MITWIRKEN_TEST_PG_URL=$(scripts/test-postgres.sh start "$pg_dir" "${MW_ASAN_PG_PORT:-55433}")
  trap 'scripts/test-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
fi
export MITWIRKEN_TEST_PG_URL
export MITWIRKEN_REQUIRE_PG=1

log="$ASAN_BUILD/ctest-output.txt"
status=0
# Instrumented code is 2-3x slower: a longer timeout than the plain run.
ctest --test-dir "$ASAN_BUILD" --output-on-failure -j"$JOBS" --timeout 900 "$@" 2>&1 | tee "$log" || status=$?

total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log" | tail -1)
failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
total=${total:-0}
failed=${failed:-0}
if grep -q -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log"; then
  echo "sanitizers: reports found (search $log for AddressSanitizer, LeakSanitizer or 'runtime error')"
  status=1
fi
echo "sanitizers: ctest in $((SECONDS - built)) s"
echo "sanitizers: $((total - failed)) passed, $failed failed"
if ((total == 0)); then
  echo "sanitizers: no test ran" >&2
  exit 1
fi
exit "$status"
