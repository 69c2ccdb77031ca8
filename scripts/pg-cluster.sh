#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A private PostgreSQL 15 cluster for development and tests: in DIR, on 127.0.0.1:PORT, with a
# database `hearth`; nothing system-wide. initdb refuses root, so as root the cluster belongs
# to the `postgres` user (runuser); otherwise to the caller.
#
#   scripts/pg-cluster.sh start DIR [PORT]   # prints the connection URL on stdout
#   scripts/pg-cluster.sh stop DIR
#   scripts/pg-cluster.sh restart DIR        # same port; for crash tests
#   scripts/pg-cluster.sh replica PRIMARY_DIR DIR [PORT]   # a streaming replica of a running
#                                            # cluster (pg_basebackup); prints its URL
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start|stop|restart|replica DIR [PORT]}
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
replica)
  # A hot standby of the cluster in PRIMARY_DIR (given as DIR here), streaming from it: in the
  # third argument's folder, on the fourth's port.
  primary=$(cd "$dir" && pwd)
  target=${3:?usage: pg-cluster.sh replica PRIMARY_DIR DIR [PORT]}
  rport=${4:-55433}
  pport=$(sed -n 's/^port = //p' "$primary/data/postgresql.conf" | tail -1)
  mkdir -p "$target"
  target=$(cd "$target" && pwd)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$target"
  as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$pport" -U hearth -D "$target/data" -R -X stream -c fast \
    >"$target/basebackup.log" 2>&1 || { cat "$target/basebackup.log" >&2; exit 1; }
  as_owner bash -c "printf '%s\n' \"port = $rport\" \"unix_socket_directories = '$target'\" \"hot_standby = on\" >> '$target/data/postgresql.conf'"
  as_owner "$bin/pg_ctl" -D "$target/data" -l "$target/server.log" -w -t 60 start >/dev/null \
    || { cat "$target/server.log" >&2; exit 1; }
  echo "postgresql://hearth@127.0.0.1:$rport/hearth"
  ;;
*) echo "pg-cluster: unknown command $cmd" >&2; exit 2 ;;
esac
