#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the navigator's tests and benchmark, and prints ONE line on
# stdout for the caller to eval:
#
#   eval "$(bash scripts/ci-postgres.sh)"      # → exports nothing by itself; sets DATABASE_URL=postgres://…
#
# Everything else (progress, errors) goes to stderr so the eval stays clean. Debian/Ubuntu, run as root (CI) or as a
# user who can run the PostgreSQL binaries. The cluster lives in a temp dir and listens on 127.0.0.1 only, on a free
# port; stop it with:  pg_ctl -D "$PGDATA_DIR" stop   (the path is printed on stderr).
set -euo pipefail

say() { echo "ci-postgres: $*" >&2; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  if [ "$(id -u)" != "0" ]; then
    say "PostgreSQL is not installed and this is not root; install it with: sudo apt-get install -y postgresql"
    exit 1
  fi
  say "installing postgresql (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BINDIR=$(find_bindir || true)
  if [ -z "$BINDIR" ]; then
    say "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql/*/bin"
    exit 1
  fi
fi

# A free loopback port: ask the kernel for one.
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

BASE=$(mktemp -d /tmp/socialrx-pg.XXXXXX)
PGDATA_DIR="$BASE/data"
SOCKET_DIR="$BASE/run"
mkdir -p "$SOCKET_DIR"

# PostgreSQL refuses to run as root: use the postgres system user when we are root.
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$BASE" --shell /usr/sbin/nologin postgres
  chown -R postgres "$BASE"
  chmod 700 "$BASE"
  AS=(runuser -u postgres --)
else
  AS=()
fi

DB_USER=socialrx
DB_PASS=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
DB_NAME=socialrx_test
PWFILE="$BASE/pw"
printf '%s\n' "$DB_PASS" >"$PWFILE"
[ "$(id -u)" = "0" ] && chown postgres "$PWFILE"

say "initdb in $PGDATA_DIR (binaries: $BINDIR)"
"${AS[@]}" "$BINDIR/initdb" -D "$PGDATA_DIR" -U "$DB_USER" --pwfile="$PWFILE" -A scram-sha-256 -E UTF8 \
  --no-instructions >&2
rm -f "$PWFILE"

say "starting on 127.0.0.1:$PORT"
"${AS[@]}" "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$BASE/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKET_DIR -c max_connections=200 -c fsync=off" start >&2

PGPASSWORD="$DB_PASS" "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" "$DB_NAME" >&2

say "ready; data dir $PGDATA_DIR (stop: ${AS[*]} $BINDIR/pg_ctl -D $PGDATA_DIR stop)"
echo "DATABASE_URL=postgres://$DB_USER:$DB_PASS@127.0.0.1:$PORT/$DB_NAME"
