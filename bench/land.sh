#!/usr/bin/env bash
# Uncached renders on Land-scale data (issue #13 item 7; figures in docs/benchmarks.md, "Land scale"):
#
#   LAND_DB=/tmp/land.db bench/land.sh       # generates the data into LAND_DB unless it holds it already
#   LAND_DB=postgresql://… bench/land.sh
#
# Starts `mitwirken serve` on the database, logs in as the case worker of the tenant whose procedure has the most
# statements, and measures with wrk (WRK_THREADS threads, CONNECTIONS keep-alive connections, DURATION seconds each),
# always with that session cookie and with the server's page cache off (`serve --no-page-cache`), so that every
# request is rendered — the overview is otherwise kept for logged-in visitors too, with their header put in:
#   overview  /verfahren?type=…&status=…            the Land-wide overview with filters
#   search    /verfahren?q=…                         its text search over titles and descriptions
#   inbox     /{tenant}/verfahren/{id}/bearbeitung   the back-office inbox of the largest procedure
#   fulltext  …/bearbeitung?q=Lärm                   the inbox's German full-text search over its statements
#
# Each page also gets the server's CPU time per request over SEQUENTIAL requests one after the other (curl).
#
# Settings: BUILD (default build), PORT (default 18190), DURATION (default 15), CONNECTIONS (default 16),
# WRK_THREADS (default 2), SEQUENTIAL (default 200), WORKERS (passed to serve), PAGES (default "overview search inbox
# fulltext"). DURATION=0 gives the CPU figures alone.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LAND_DB=${LAND_DB:?LAND_DB: SQLite file or postgresql:// URL}
PORT=${PORT:-18190}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
SEQUENTIAL=${SEQUENTIAL:-200}
WORK=$(mktemp -d /tmp/mw-land.XXXXXX)
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "land: $*" >&2; }

sql() {
  case $LAND_DB in
    postgres*) psql -qtA "$LAND_DB" -c "$1" ;;
    *) sqlite3 "$LAND_DB" "$1" ;;
  esac
}

if [[ $(sql "SELECT COUNT(*) FROM tenant WHERE slug = 'nrw'" 2>/dev/null || echo 0) != 1 ]]; then
  log "generating the Land-scale data into $LAND_DB"
  /usr/bin/time -f "generation: %e s wall, %M KB max RSS" \
    "$BUILD/mitwirken" --db "$LAND_DB" --resources "$ROOT" demo --scale land 2>&1 | grep -v "applied migration"
fi

read -r TENANT PROCEDURE < <(sql "SELECT t.slug || ' ' || p.id FROM procedure p JOIN tenant t ON t.id = p.tenant_id
  ORDER BY (SELECT COUNT(*) FROM procedure_statement s WHERE s.procedure_id = p.id) DESC LIMIT 1")
STATEMENTS=$(sql "SELECT COUNT(*) FROM procedure_statement WHERE procedure_id = $PROCEDURE")

args=(--db "$LAND_DB" --resources "$ROOT" serve --listen "127.0.0.1:$PORT" --rate-limits off
      --max-connections-per-ip 0 --no-access-log --no-page-cache --mail "dir:$WORK/mail" --static-dir "$BUILD/static")
[[ -n ${WORKERS:-} ]] && args+=(--workers "$WORKERS")
"$BUILD/mitwirken" "${args[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

BASE=http://127.0.0.1:$PORT
JAR=$WORK/cookies
CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/anmelden" | grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "email=sachbearbeitung@$TENANT.example" \
  --data-urlencode "password=Demo-Passwort-2026" --data-urlencode "csrf=$CSRF" "$BASE/anmelden"
SESSION=$(awk '$6 == "mw_session" { print $7 }' "$JAR")
[[ -n $SESSION ]] || { log "login failed"; exit 1; }

sleep 5  # the jobs that run once at the start (backlogs, folds) before anything is measured
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%FT%TZ)"
echo "database: $LAND_DB; inbox of procedure $PROCEDURE ($TENANT, $STATEMENTS statements)"
# The server's CPU time (user + system, in clock ticks) from /proc: it barely moves with the machine's load, unlike
# the latencies, so it is the figure to judge a change by.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# On PostgreSQL the queries run in the database's processes: their CPU time too, when the cluster is on this machine
# (its postmaster and the backends it forked; the server's pooled connections stay open while it runs).
POSTMASTER=""
case $LAND_DB in
  postgres*)
    data_dir=$(sql "SHOW data_directory" 2>/dev/null || true)
    [[ -r $data_dir/postmaster.pid ]] && POSTMASTER=$(head -1 "$data_dir/postmaster.pid")
    ;;
esac
db_cpu_ticks() {
  local total=0 pid
  for pid in $POSTMASTER $(ps -o pid= --ppid "$POSTMASTER" 2>/dev/null); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
measure() {
  local name=$1 target=$2
  local status before after
  status=$(curl -s -o "$WORK/page" -w '%{http_code} %{size_download} %{time_total}' -H "Cookie: mw_session=$SESSION" "$BASE$target")
  echo "== $name: GET $target (one request: status, bytes, seconds: $status)"
  for _ in $(seq 20); do  # warm-up: the first requests of a fresh server read cold pages and compete with its start
    curl -s -o /dev/null -H "Cookie: mw_session=$SESSION" "$BASE$target"
  done
  local db_before=0 db_after=0
  [[ -n $POSTMASTER ]] && db_before=$(db_cpu_ticks)
  before=$(cpu_ticks)
  for _ in $(seq "$SEQUENTIAL"); do
    curl -s -o /dev/null -H "Cookie: mw_session=$SESSION" "$BASE$target"
  done
  after=$(cpu_ticks)
  [[ -n $POSTMASTER ]] && db_after=$(db_cpu_ticks)
  per_request() { awk -v t="$1" -v n="$SEQUENTIAL" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f ms", 1000 * t / hz / n }'; }
  echo "    server CPU per request over $SEQUENTIAL sequential requests: $(per_request $((after - before)))" \
    "${POSTMASTER:+(PostgreSQL processes: $(per_request $((db_after - db_before))))}"
  [[ $DURATION == 0 ]] && return
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: mw_session=$SESSION" "$BASE$target" |
    grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors"
}
wanted() { [[ " ${PAGES:-overview search inbox fulltext} " == *" $1 "* ]]; }
wanted overview && measure overview "/verfahren?type=baugb-3-2&status=evaluation"
wanted search && measure search "/verfahren?q=L%C3%A4rmaktionsplan"
wanted inbox && measure inbox "/$TENANT/verfahren/$PROCEDURE/bearbeitung"
wanted fulltext && measure fulltext "/$TENANT/verfahren/$PROCEDURE/bearbeitung?q=L%C3%A4rm"
true
