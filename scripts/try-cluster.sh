#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Tries the province setup on one machine (docs/scaling.md): a private PostgreSQL primary and its
# streaming replica, SERVERS hearth-server processes (pushes to the primary, protocol-2 pulls from
# the replica) and HAProxy in front of them on one loopback address. Prints the address and an
# administrator's command line, then waits; Ctrl-C stops everything.
#
#   scripts/try-cluster.sh [SERVERS=2] [PORT=18080]
set -euo pipefail
servers=${1:-2}
port=${2:-18080}
root=$(cd "$(dirname "$0")/.." && pwd)
server=${HEARTH_SERVER:-$root/build/dev/server/hearth-server}
[ -x "$server" ] || { echo "build first: bash scripts/build.sh" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "haproxy is missing: bash scripts/setup-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/hearth-cluster-XXXXXX)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  bash "$root/scripts/pg-cluster.sh" stop "$dir/replica" || true
  bash "$root/scripts/pg-cluster.sh" stop "$dir/primary" || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 0' INT TERM
primary=$(bash "$root/scripts/pg-cluster.sh" start "$dir/primary" $((port + 1)))
"$server" --database "$primary" admin devices >/dev/null   # the schema, before the replica copies it
replica=$(bash "$root/scripts/pg-cluster.sh" replica "$dir/primary" "$dir/replica" $((port + 2)))
backends=""
for i in $(seq 1 "$servers"); do
  "$server" --database "$primary" --replica "$replica" --photos "$dir/photos" --listen 127.0.0.1:$((port + 10 + i)) >"$dir/server$i.log" 2>&1 &
  pids+=($!)
  backends+="    server s$i 127.0.0.1:$((port + 10 + i)) check inter 500ms fall 2 rise 2"$'\n'
done
cat >"$dir/haproxy.cfg" <<CFG
global
    maxconn 1024
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 15s
    option redispatch
    retries 3
    retry-on conn-failure
frontend hearth
    bind 127.0.0.1:$port
    http-request deny deny_status 413 if { req.hdr_val(content-length) gt 8388608 }
    default_backend servers
backend servers
    balance roundrobin
    option httpchk GET /v1/health
$backends
CFG
haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
pids+=($!)
echo "hearth: http://127.0.0.1:$port ($servers server processes; primary $primary, replica $replica)"
echo "administer: $server --database $primary admin ..."
echo "logs: $dir; Ctrl-C stops everything"
wait
