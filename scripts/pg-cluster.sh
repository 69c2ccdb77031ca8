#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A private PostgreSQL 15 cluster for development and tests: in DIR, on 127.0.0.1:PORT, with a
# database `hearth`; nothing system-wide. initdb refuses root, so as root the cluster belongs
# to the `postgres` user (runuser); otherwise to the caller.
#
#   scripts/pg-cluster.sh start DIR [PORT]   # prints the connection URL on stdout
#   scripts/pg-cluster.sh stop DIR
#   scripts/pg-cluster.sh restart DIR        # same port; for crash tests
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start|stop|restart DIR [PORT]}
dir=${2:?usage: pg-cluster.sh start|stop|restart DIR [PORT]}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL server binaries not found (package postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    # postgres must reach DIR: let it traverse (x, not list) a private temporary parent.
    d=$(dirname "$dir")
    while [ "$d" != "/" ]; do
      [ -n "$(find "$d" -maxdepth 0 -perm -o+x)" ] || chmod o+x "$d"
      d=$(dirname "$d")
    done
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -U hearth --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Loopback only, socket inside DIR, durable commits (the tests kill things).
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
CONF
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  p=$(sed -n 's/^port = //p' "$dir/data/postgresql.conf" | tail -1)
  as_owner "$bin/psql" -h 127.0.0.1 -p "$p" -U hearth -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = 'hearth'" | grep -q 1 \
    || as_owner "$bin/createdb" -h 127.0.0.1 -p "$p" -U hearth hearth
  echo "postgresql://hearth@127.0.0.1:$p/hearth"
  ;;
stop)
  dir=$(cd "$dir" && pwd)
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
restart)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 60 restart >/dev/null
  ;;
*) echo "pg-cluster: unknown command $cmd" >&2; exit 2 ;;
esac
