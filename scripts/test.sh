#!/usr/bin/env bash
# Builds the test build and runs the whole test suite (make test calls it after the assets):
#   build        one build for every suite, with AddressSanitizer and UndefinedBehaviorSanitizer (-O1 -g1, CMake
#                option MW_SANITIZE=ON) in $MW_TEST_BUILD (default build-asan): one compile of the code instead of an
#                optimised one plus a sanitizer one, so CI stays well inside its time. The tests' own code gets ASan
#                only and the executables are not PIE (CMakeLists.txt says why: compile time and process start)
#   ctest        unit, storage and HTTP integration tests on SQLite and on a throw-away PostgreSQL cluster that this
#                script starts on a loopback port and stops again; any ASan or UBSan report (leaks included) fails
#   browser      core flows and every page in headless Chromium against the same (sanitized) server binary:
#                axe-core, Nu Html Checker, headers, screenshots (scripts/browser-tests.sh); a memory error or UB
#                report in a server's log fails the test file
#   fuzz         every libFuzzer target for a bounded time (5–20 s each, scaled to what is left of the run's
#                budget, see fuzz_budget), known crashes replayed (scripts/fuzz.sh)
# Every suite runs even when an earlier one failed; the script fails if any suite failed or ran no test, and ends
# with each suite's time, the failed tests by name (one line each, with the first line of the reason where the log
# has one), and one line per suite and a total, each "NAME: N passed, N failed". CI shows only the end of the
# output, so the names of what failed are there rather than only in the logs.
#
# MW_SUITES chooses suites (default "ctest browser fuzz"), e.g. MW_SUITES="ctest browser"; extra arguments go to
# ctest (e.g. scripts/test.sh -L http). The demo's optimised build (make demo, build/) is not used here.
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD=${MW_TEST_BUILD:-build-asan}
PG_DIR=${MW_TEST_PG_DIR:-$BUILD/test-postgres}
# As root the cluster runs as the postgres user (test-postgres.sh), which cannot enter a checkout below a private
# home such as /root: then the cluster lives below /tmp, one per checkout.
if [[ -z ${MW_TEST_PG_DIR:-} && $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$(realpath -m "$BUILD")"; then
  PG_DIR=/tmp/mitwirken-test-postgres-$(pwd | sha256sum | cut -c1-12)
fi
PG_PORT=${MW_TEST_PG_PORT:-55432}
JOBS=${JOBS:-$(nproc)}
read -r -a suites <<<"${MW_SUITES:-ctest browser fuzz}"
ctest_args=("$@")

# Every sanitizer finding is fatal: UBSan stops at the first report, ASan reports leaks at exit. What libraries keep
# for the life of the process on purpose (fontconfig's font cache) is not reported.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0

url=$(scripts/test-postgres.sh start "$PG_DIR" "$PG_PORT")
trap 'scripts/test-postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true' EXIT
export MITWIRKEN_TEST_PG_URL="$url"
export MITWIRKEN_REQUIRE_PG=1

mkdir -p "$BUILD/test-logs"
timings=()
started=$SECONDS
echo "== build: $BUILD (ASan + UBSan, -O1 -g1)"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
      -DMW_SANITIZE=ON >/dev/null
if ! cmake --build "$BUILD" -j"$JOBS" >"$BUILD/test-logs/build.txt" 2>&1; then
  tail -n 40 "$BUILD/test-logs/build.txt" >&2
  echo "build: failed (whole log: $BUILD/test-logs/build.txt)"
  echo "total: 0 passed, 1 failed"
  exit 1
fi
timings+=("build $((SECONDS - started)) s")
summary=()
failures=()
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
  if ((status != 0)); then
    note=", FAILED (log: $log)"
    local failure
    while IFS= read -r failure; do failures+=("$name: $failure"); done < <(failed_tests "$name" "$log" | head -n 12)
  fi
  local retried
  while IFS= read -r retried; do failures+=("$retried"); done < <(grep -E "^ctest: passed only on a second try" "$log" | head -n 12)
  timings+=("$name $((SECONDS - started)) s$note")
}

# The names of a suite's failed tests, one a line, from its log; for ctest with the first gtest failure message.
failed_tests() {
  local name=$1 log=$2
  case $name in
    ctest)
      local raw="$BUILD/test-logs/ctest-raw.txt" test
      sed -n '/The following tests FAILED:/,$ s/^[[:space:]]*[0-9]* - \(.*\) (.*)$/\1/p' "$raw" | sed 's/ *# GetParam.*//' |
        while IFS= read -r test; do
          # gtest prints "file:line: Failure" and the expectation on the next lines; the first two say what broke.
          local why
          why=$(awk -v t="[ RUN      ] ${test}" 'index($0, t) == 1 {on = 1} on && /: Failure$/ {getline a; getline b;
                 print $0 " " a " " b; exit}' "$raw" | tr -s ' ' | cut -c1-200)
          echo "$test${why:+ — $why}"
        done ;;
    browser) grep -E '^[[:space:]]*✖ ' "$log" | sed -E 's/^[[:space:]]*✖ //' | sort -u ;;
    fuzz) grep -E '^fuzz [^:]+: FAILED' "$log" | sed -E 's/^fuzz //' | sort -u ;;
  esac
}

ctest_suite() {
  echo "SQLite and PostgreSQL at $url; ASan + UBSan"
  local status=0 raw="$BUILD/test-logs/ctest-raw.txt"
  # Instrumented code is 2-3x slower than an optimised build: a generous timeout per test. A test that fails runs
  # once more: one that then passes is not counted as failed but named at the end of the output ("passed only on a
  # second try", its first failure in the log), so that an intermittent fault is seen and fixed, not hidden.
  ctest --test-dir "$BUILD" --output-on-failure -j2 --timeout 900 --repeat until-pass:2 "${ctest_args[@]}" 2>&1 |
    tee "$raw" || status=$?
  local counts
  counts=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$raw" | tail -1)
  read -r failed total <<<"${counts:-0 0}"
  if grep -q -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$raw"; then
    echo "ctest: sanitizer reports found (search $raw for AddressSanitizer, LeakSanitizer or 'runtime error')"
    status=1
  fi
  local test
  while IFS= read -r test; do
    if ! sed -n '/The following tests FAILED:/,$p' "$raw" | grep -qF -- " - $test "; then
      echo "ctest: passed only on a second try: $test (the first failure is in $raw)"
    fi
  done < <(sed -n -E 's/^.*Test +#[0-9]+: ([^ ]+) .*\*\*\*(Failed|Timeout|Exception).*$/\1/p' "$raw" | sort -u)
  echo "ctest: $((total - failed)) passed, $failed failed"
  return "$status"
}

# Fuzzing time per target scaled to what is left of the run's budget (MW_TEST_BUDGET seconds from the start, default
# 40 minutes: CI must end within 45 from a cold clone): 20 s a target when there is time, down to 5 s when the build
# and the other suites took it. Every target still builds, replays its known crashes and fuzzes. MW_FUZZ_SECONDS set
# by the caller wins.
fuzz_budget() {
  [[ -z ${MW_FUZZ_SECONDS:-} ]] || return 0
  local targets rounds left per_target
  targets=$(find fuzz -maxdepth 1 -name '*_fuzzer.cpp' | wc -l)
  rounds=$(((targets + 1) / 2))  # two targets at a time
  left=$((${MW_TEST_BUDGET:-2400} - (SECONDS - started) - 60))  # a minute for building the targets
  per_target=$((rounds > 0 ? left / rounds : 20))
  ((per_target <= 20)) || per_target=20
  ((per_target >= 5)) || per_target=5
  export MW_FUZZ_SECONDS=$per_target
  echo "fuzz: $per_target s per target ($((SECONDS - started)) s of the ${MW_TEST_BUDGET:-2400} s budget used)"
}

for suite in "${suites[@]}"; do
  case $suite in
    ctest) run_suite ctest ctest_suite ;;
    browser) run_suite browser scripts/browser-tests.sh ;;
    fuzz) fuzz_budget; run_suite fuzz scripts/fuzz.sh ;;
    *) echo "unknown suite $suite (ctest, browser, fuzz)" >&2; exit 2 ;;
  esac
done

echo
echo "== durations"
printf '  %s\n' "${timings[@]}"
if ((${#failures[@]} > 0)); then
  echo "== failed (and passed only on a second try)"
  printf '  %s\n' "${failures[@]}"
fi
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "total: $total_passed passed, $total_failed failed"
exit "$overall"
