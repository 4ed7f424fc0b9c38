#!/usr/bin/env bash
# Runs the integration tests against a separate PostgreSQL server through DATABASE_URL, the path a
# deployment with an external database takes. Uses Debian's PostgreSQL 15 (the oldest we support).
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$BIN/postgres" ]; then
  echo "external-server tests: no PostgreSQL at $BIN, skipped"
  exit 0
fi
DIR=$(mktemp -d /tmp/renkou-extpg-XXXXXX)
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
cleanup() {
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
as_pg "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
echo "external-server tests on $("$BIN/postgres" --version) at port $PORT"
# The launcher and `renkou start` tests exercise the embedded server whatever DATABASE_URL says: not repeated here.
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres" npx vitest run int.test --exclude "**/launcher/**" --exclude "**/start.int.test.ts" --exclude "**/node_modules/**"
