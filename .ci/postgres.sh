#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and prints its admin URL.
# Installs Debian's postgresql package when the machine has no server yet.
# Usage: eval "$(bash .ci/postgres.sh start)"   ...   bash .ci/postgres.sh stop
set -euo pipefail
PORT="${PGTEST_PORT:-55432}"
DATA="${PGTEST_DATA:-/tmp/mentoring-pgtest}"

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$found" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$found"
}

# initdb and postgres refuse to run as root: run them as the package's own user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-start}" in
  start)
    BIN=$(bindir)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      mkdir -p "$DATA"
      [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
      as_owner "$BIN/initdb -D $DATA -U postgres --auth=trust --no-sync -E UTF8" > /dev/null
    fi
    # Durability is not what a test server is for: fsync off keeps a busy machine's suite fast.
    # A server already running on this folder (a second run on one machine) is used as it is.
    as_owner "$BIN/pg_ctl -D $DATA status" > /dev/null 2>&1 ||
    as_owner "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300' start" > /dev/null
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    BIN=$(bindir)
    as_owner "$BIN/pg_ctl -D $DATA -m fast stop" > /dev/null || true
    ;;
esac
