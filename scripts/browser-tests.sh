#!/usr/bin/env bash
# Browser tests: the core flows with mouse and keyboard, and a crawler that checks every page it can reach
# (axe-core WCAG 2.0/2.1 A+AA, Nu Html Checker, security headers) in Debian's headless Chromium driven by
# playwright-core. Each test file starts its own server ($BUILD/mitwirken) on a throw-away SQLite database with the
# demo data and stops it again. Screenshots, the checked HTML and server logs go to $BUILD/browser/.
#
#   scripts/browser-tests.sh                               # all of tests/browser/*.test.mjs
#   scripts/browser-tests.sh tests/browser/flows.test.mjs  # one file
#
# Needs a build in $BUILD (default build), the assets in $BUILD/static (scripts/build-assets.sh), the npm packages
# (npm ci), /usr/bin/chromium and java (scripts/bootstrap.sh installs both). Ends with "browser: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}

for need in "${MW_BINARY:-$BUILD/mitwirken}" "${MW_STATIC_DIR:-$BUILD/static}/vendor/kern/kern.min.css" "${MW_CHROMIUM:-/usr/bin/chromium}"; do
  if [[ ! -e $need ]]; then
    echo "browser-tests: $need is missing (make build assets, scripts/bootstrap.sh)" >&2
    exit 1
  fi
done
command -v java >/dev/null || { echo "browser-tests: java is missing (scripts/bootstrap.sh)" >&2; exit 1; }
if [[ ! -f node_modules/playwright-core/package.json || ! -f node_modules/axe-core/axe.min.js ||
      ! -f node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

files=("$@")
if ((${#files[@]} == 0)); then
  files=(tests/browser/*.test.mjs)
fi

# Servers write their pid here; whatever a crashed test file leaves running is ended on the way out.
MW_BROWSER_TMP=$(mktemp -d /tmp/mw-browser.XXXXXX)
export MW_BROWSER_TMP
cleanup() {
  for pid_file in "$MW_BROWSER_TMP"/*.pid; do
    [[ -f $pid_file ]] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  rm -rf "$MW_BROWSER_TMP"
}
trap cleanup EXIT

# Output of this run only: screenshots and checked HTML of an earlier run would mislead a reviewer.
rm -rf "$BUILD/browser/screenshots" "$BUILD/browser/html"
mkdir -p "$BUILD/browser"
log="$BUILD/browser/test-output.txt"
started=$SECONDS
status=0
# One file at a time: each has a server and a browser of its own, and the machine has two cores.
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" 2>&1 | tee "$log" || status=$?

passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$log" | tail -1)
echo "browser: screenshots in $BUILD/browser/screenshots, checked HTML in $BUILD/browser/html ($((SECONDS - started)) s)"
echo "browser: ${passed:-0} passed, ${failed:-0} failed"
if [[ -z $passed || $passed -eq 0 ]]; then
  echo "browser: no test ran" >&2
  exit 1
fi
exit "$status"
