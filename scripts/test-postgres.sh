#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests: trust auth, listening only on 127.0.0.1, fsync on.
#
#   scripts/test-postgres.sh start DIR PORT   # creates DIR if needed, starts the server, prints its URL
#   scripts/test-postgres.sh stop DIR         # stops it (no error if it is not running)
#
#   export MITWIRKEN_TEST_PG_URL=$(scripts/test-postgres.sh start /tmp/mw-pg 55432)
#
# Only the URL goes to stdout; progress and errors go to stderr, the server log to DIR/server.log.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

# Runs a command as the cluster owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  as_owner "$PG_BIN/pg_ctl" status -D "$1" >/dev/null 2>&1
}

# The port the running server listens on (line 4 of postmaster.pid).
running_port() {
  sed -n 4p "$1/postmaster.pid"
}

url_for_port() {
  echo "postgresql://postgres@127.0.0.1:$1/postgres"
}

wait_until_ready() {
  local port=$1
  for _ in $(seq 1 300); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres; then
      return 0
    fi
    sleep 0.1
  done
  echo "PostgreSQL on port $port did not become ready within 30 s" >&2
  return 1
}

start() {
  local dir=$1 port=$2
  [[ $port =~ ^[0-9]+$ ]] || { echo "PORT must be a number: $port" >&2; exit 2; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)

  if [[ -f $dir/PG_VERSION ]] && is_running "$dir"; then
    port=$(running_port "$dir")
    wait_until_ready "$port"
    url_for_port "$port"
    return 0
  fi

  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "the postgres user cannot write to $dir (check the permissions of its parent directories)" >&2
      exit 1
    fi
  fi
  chmod 700 "$dir"

  if [[ ! -f $dir/PG_VERSION ]]; then
    if [[ -n $(ls -A "$dir") ]]; then
      echo "$dir is neither empty nor a PostgreSQL cluster" >&2
      exit 1
    fi
    as_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir.initdb.log" 2>&1 || {
      cat "$dir.initdb.log" >&2
      exit 1
    }
    rm -f "$dir.initdb.log"
    cat >>"$dir/postgresql.conf" <<EOF

# scripts/test-postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
max_connections = 200
logging_collector = off
log_min_messages = warning
log_min_error_statement = panic
log_checkpoints = off
EOF
  fi

  # The port is given at start, so the same cluster can be started on another port.
  if ! as_owner "$PG_BIN/pg_ctl" start -D "$dir" -w -t 60 -l "$dir/server.log" -o "-p $port" >/dev/null; then
    echo "PostgreSQL failed to start; the end of $dir/server.log:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
  fi
  wait_until_ready "$port"
  url_for_port "$port"
}

stop() {
  local dir=$1
  if [[ -f $dir/PG_VERSION ]] && is_running "$dir"; then
    as_owner "$PG_BIN/pg_ctl" stop -D "$dir" -m fast -w >/dev/null
  fi
}

[[ $# -ge 1 ]] || usage
case $1 in
  start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
