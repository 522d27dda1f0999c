#!/usr/bin/env bash
# Load benchmarks of the hot paths (docs/benchmarks.md has the figures and how to read them):
#
#   bench/run.sh                 # all four: sign-sqlite, sign-postgres, page, procedure
#   bench/run.sh sign-sqlite     # POST /api/v1/petitions/{id}/signatures, durable on SQLite
#   bench/run.sh sign-postgres   # the same on a throw-away local PostgreSQL (scripts/test-postgres.sh)
#   bench/run.sh page            # GET /{tenant}/petitionen/{id}, 1,000 keep-alive connections, on SQLite
#   bench/run.sh procedure       # GET /{tenant}/verfahren/{id} against nginx serving the same bytes as a static
#                                # file, PROCEDURE_CONNECTIONS (64) keep-alive connections each, one after the other
#   bench/run.sh pages           # every kind of public page (start, overviews, tenant pages, lists, details, feeds,
#                                # /healthz) against nginx serving the same bytes: one table row per page kind with
#                                # both rates and their ratio (PAGES_DURATION seconds each, default 10)
#
# Each scenario builds the binary (RelWithDebInfo), creates a fresh database with the demo data, starts
# `mitwirken serve --rate-limits off` on loopback and measures with wrk. The load generator runs on the same
# machine and competes with the server for the CPU.
#
# Settings: BUILD (build directory, default build), DURATION (seconds per measurement, default 20),
# PORT (default 18180), PG_PORT (default 18181), SIGN_CONNECTIONS (default 64), PAGE_CONNECTIONS (default 1000),
# WRK_THREADS (default 2), WORKERS / IO_THREADS (passed to serve; its defaults if unset), BENCH_KEEP=1 (keep the
# databases, mails and server logs in /tmp/mw-bench.*).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
DURATION=${DURATION:-20}
PORT=${PORT:-18180}
PG_PORT=${PG_PORT:-18181}
SIGN_CONNECTIONS=${SIGN_CONNECTIONS:-64}
PAGE_CONNECTIONS=${PAGE_CONNECTIONS:-1000}
PROCEDURE_CONNECTIONS=${PROCEDURE_CONNECTIONS:-64}
NGINX_PORT=${NGINX_PORT:-18182}
WRK_THREADS=${WRK_THREADS:-2}
SCENARIOS=("$@")
PAGES_DURATION=${PAGES_DURATION:-10}
[[ ${#SCENARIOS[@]} -eq 0 ]] && SCENARIOS=(sign-sqlite sign-postgres page pages)

WORK=$(mktemp -d /tmp/mw-bench.XXXXXX)
chmod 755 "$WORK"  # the PostgreSQL cluster inside belongs to the postgres user when run as root
SERVER_PID=""
NGINX_PID=""
PG_DIR=""

cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n $NGINX_PID ]]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  if [[ -n $PG_DIR ]]; then "$ROOT/scripts/test-postgres.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; fi
  if [[ -n ${BENCH_KEEP:-} ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }

ensure_tools() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null
  fi
  if [[ " ${SCENARIOS[*]} " == *" procedure "* || " ${SCENARIOS[*]} " == *" pages "* ]] && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    log "installing nginx"
    apt-get install -y nginx-light >/dev/null 2>&1 || apt-get install -y nginx >/dev/null
  fi
  # 1,000 connections need as many descriptors in wrk and in the server.
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
}

build() {
  log "building $BUILD/mitwirken (RelWithDebInfo)"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target mitwirken >/dev/null
}

machine() {
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%FT%TZ)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
}

# start_server DB_URL: loads the demo data into DB_URL and serves it on PORT.
start_server() {
  local db=$1
  "$BUILD/mitwirken" --db "$db" --resources "$ROOT" demo >"$WORK/demo.log" 2>&1
  # wrk opens up to 1,000 connections from one address: no per-peer connection cap.
  local args=(--db "$db" --resources "$ROOT" serve --listen "127.0.0.1:$PORT" --rate-limits off
              --max-connections-per-ip 0 --no-access-log
              --mail "dir:$WORK/mail" --static-dir "$BUILD/static")
  [[ -n ${WORKERS:-} ]] && args+=(--workers "$WORKERS")
  [[ -n ${IO_THREADS:-} ]] && args+=(--io-threads "$IO_THREADS")
  "$BUILD/mitwirken" "${args[@]}" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "the server did not become ready:"; cat "$WORK/server.log" >&2
  exit 1
}

stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

# The id of the demo petition of Stadt Grimma.
petition_id() {
  curl -fsS "http://127.0.0.1:$PORT/api/v1/petitions?tenant=grimma" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2
}

# count_signatures DB_URL: pending signatures stored (durable ones: the server was asked for nothing else).
count_signatures() {
  local sql="SELECT COUNT(*) FROM petition_signature WHERE email_normalized LIKE '%@bench.example'"
  case $1 in
    postgres*) psql -qtA "$1" -c "$sql" ;;
    *) sqlite3 "$1" "$sql" ;;
  esac
}

# sign DB_URL LABEL
sign() {
  local db=$1 label=$2
  start_server "$db"
  local id
  id=$(petition_id)
  log "$label: $SIGN_CONNECTIONS connections, ${DURATION}s, petition $id"
  BENCH_RUN=warm wrk -t"$WRK_THREADS" -c"$SIGN_CONNECTIONS" -d3s -s "$ROOT/bench/sign.lua" \
    "http://127.0.0.1:$PORT/api/v1/petitions/$id/signatures" >/dev/null
  local before
  before=$(count_signatures "$db")
  echo "== $label: POST /api/v1/petitions/$id/signatures (-t$WRK_THREADS -c$SIGN_CONNECTIONS -d${DURATION}s)"
  BENCH_RUN=run wrk -t"$WRK_THREADS" -c"$SIGN_CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/sign.lua" \
    "http://127.0.0.1:$PORT/api/v1/petitions/$id/signatures"
  stop_server
  echo "stored during the run: $(( $(count_signatures "$db") - before )) signatures"
}

page() {
  local db=$WORK/page.db
  start_server "$db"
  local id
  id=$(petition_id)
  local url="http://127.0.0.1:$PORT/grimma/petitionen/$id"
  log "page: $PAGE_CONNECTIONS connections, ${DURATION}s, $url"
  wrk -t"$WRK_THREADS" -c"$PAGE_CONNECTIONS" -d3s "$url" >/dev/null
  echo "== page: GET /grimma/petitionen/$id (-t$WRK_THREADS -c$PAGE_CONNECTIONS -d${DURATION}s)"
  wrk -t"$WRK_THREADS" -c"$PAGE_CONNECTIONS" -d"${DURATION}s" --latency "$url"
  stop_server
}

# start_nginx: nginx (Debian's defaults: one worker per CPU, sendfile, keep-alive) serving $WORK/nginx/root on
# NGINX_PORT.
start_nginx() {
  mkdir -p "$WORK/nginx/root" "$WORK/nginx/tmp"
  cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  types { text/html html; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/root;
  }
}
NGINX
  local nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  "$nginx_bin" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  NGINX_PID=$!
  sleep 0.5
}

stop_nginx() {
  kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""
}

# rate URL CONNECTIONS SECONDS: requests per second wrk reaches (after a 2 s warm-up), and whether any answer was not
# 2xx (wrk's "Non-2xx" line) as a second word.
rate() {
  wrk -t"$WRK_THREADS" -c"$2" -d2s "$1" >/dev/null
  local out
  out=$(wrk -t"$WRK_THREADS" -c"$2" -d"$3s" "$1")
  local rps
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then echo "$rps non-2xx"; else echo "$rps ok"; fi
}

# Every kind of public page an anonymous visitor sees, each against nginx serving the bytes mitwirken answered, with
# the same wrk settings, in one run: per row nginx, then mitwirken. Ratio = mitwirken / nginx.
pages() {
  local db=$WORK/pages.db
  start_server "$db"
  local base="http://127.0.0.1:$PORT"
  local procedure petition
  procedure=$(curl -fsS "$base/api/v1/procedures?tenant=grimma" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  petition=$(curl -fsS "$base/api/v1/petitions?tenant=grimma" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  local kinds=(
    "health|/healthz"
    "start page|/"
    "overview of procedures|/verfahren"
    "overview, filtered|/verfahren?type=bimschg"
    "overview, full-text search|/verfahren?q=Windenergie"
    "tenant page|/grimma"
    "tenant's procedures|/grimma/verfahren"
    "procedure|/grimma/verfahren/$procedure"
    "tenant's petitions|/grimma/petitionen"
    "petition|/grimma/petitionen/$petition"
    "procedures feed (Atom)|/verfahren.atom"
    "petitions feed (Atom)|/grimma/petitionen/feed.atom"
    "login form|/anmelden"
    "legal page|/impressum"
  )
  mkdir -p "$WORK/nginx/root"
  local index=0 kind path
  for entry in "${kinds[@]}"; do
    path=${entry#*|}
    curl -fsS "$base$path" -o "$WORK/nginx/root/p$index.html" || { log "GET $path failed"; exit 1; }
    index=$((index + 1))
  done
  # Both servers stay up; each row measures nginx and then mitwirken right after it, so that a change in the load of
  # a shared machine during the run touches both figures of a row alike (the idle server costs nothing meanwhile).
  start_nginx
  echo "== pages: anonymous GETs, mitwirken against nginx serving the same bytes (-t$WRK_THREADS" \
    "-c$PROCEDURE_CONNECTIONS -d${PAGES_DURATION}s each, load average $(cut -d' ' -f1 /proc/loadavg))"
  printf '| %-28s | %-34s | %7s | %11s | %9s | %5s |\n' "page kind" "path" "bytes" "mitwirken/s" "nginx/s" "ratio"
  printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..30})" "$(printf -- '-%.0s' {1..36})" "---------" \
    "-------------" "-----------" "-------"
  index=0
  for entry in "${kinds[@]}"; do
    kind=${entry%%|*}
    path=${entry#*|}
    local ours theirs
    theirs=$(rate "http://127.0.0.1:$NGINX_PORT/p$index.html" "$PROCEDURE_CONNECTIONS" "$PAGES_DURATION")
    ours=$(rate "$base$path" "$PROCEDURE_CONNECTIONS" "$PAGES_DURATION")
    local note=""
    [[ ${ours#* } != ok ]] && note=" (non-2xx answers)"
    printf '| %-28s | %-34s | %7d | %11d | %9d | %5s |%s\n' "$kind" "$path" \
      "$(wc -c <"$WORK/nginx/root/p$index.html")" "${ours%% *}" "${theirs%% *}" \
      "$(awk -v a="${ours%% *}" -v b="${theirs%% *}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$note"
    index=$((index + 1))
  done
  stop_nginx
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_server
}

# The procedure page against nginx: the same bytes (the page as an anonymous visitor gets it) served as a static
# file by nginx (Debian's defaults: one worker per CPU, sendfile, keep-alive), both measured with the same wrk
# settings in the same run, one after the other.
procedure() {
  local db=$WORK/procedure.db
  start_server "$db"
  local id
  id=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/procedures?tenant=grimma" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  local url="http://127.0.0.1:$PORT/grimma/verfahren/$id"
  mkdir -p "$WORK/nginx/root" "$WORK/nginx/tmp"
  curl -fsS "$url" -o "$WORK/nginx/root/page.html"
  start_nginx
  local static="http://127.0.0.1:$NGINX_PORT/page.html"
  log "procedure: $(wc -c <"$WORK/nginx/root/page.html") bytes, $PROCEDURE_CONNECTIONS connections, ${DURATION}s each"
  wrk -t"$WRK_THREADS" -c"$PROCEDURE_CONNECTIONS" -d3s "$static" >/dev/null
  echo "== nginx: GET /page.html, the same $(wc -c <"$WORK/nginx/root/page.html") bytes (-t$WRK_THREADS -c$PROCEDURE_CONNECTIONS -d${DURATION}s)"
  wrk -t"$WRK_THREADS" -c"$PROCEDURE_CONNECTIONS" -d"${DURATION}s" --latency "$static"
  stop_nginx
  wrk -t"$WRK_THREADS" -c"$PROCEDURE_CONNECTIONS" -d3s "$url" >/dev/null
  echo "== procedure: GET /grimma/verfahren/$id (-t$WRK_THREADS -c$PROCEDURE_CONNECTIONS -d${DURATION}s)"
  wrk -t"$WRK_THREADS" -c"$PROCEDURE_CONNECTIONS" -d"${DURATION}s" --latency "$url"
  stop_server
}

ensure_tools
build
machine
for scenario in "${SCENARIOS[@]}"; do
  case $scenario in
    sign-sqlite) sign "$WORK/sign.db" sign-sqlite ;;
    sign-postgres)
      PG_DIR=$WORK/pg
      pg_url=$("$ROOT/scripts/test-postgres.sh" start "$PG_DIR" "$PG_PORT")
      sign "$pg_url" sign-postgres
      "$ROOT/scripts/test-postgres.sh" stop "$PG_DIR" >/dev/null
      PG_DIR=""
      ;;
    page) page ;;
    procedure) procedure ;;
    pages) pages ;;
    *) log "unknown scenario $scenario (sign-sqlite, sign-postgres, page, procedure, pages)"; exit 2 ;;
  esac
done
