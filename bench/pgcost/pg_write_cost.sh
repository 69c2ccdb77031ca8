#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# PostgreSQL's instructions for each statement a push runs, counted by callgrind: deterministic,
# where a timed rate on a shared 2-core machine varies 2-3x from one minute to the next
# (docs/benchmarks.md, "Issue 13, fourth session"). Needs valgrind (Debian's package).
#
#   bench/pgcost/pg_write_cost.sh SERVER_BINARY [SERVER_BINARY...]
#
# For each hearth-server build: a private cluster migrated by that build; one device pushes a
# person, a visit and a person's update while PostgreSQL logs them (the statements and their
# parameters exactly as that build sends them); then a stand-alone backend replays each kind
# under callgrind, in push-sized transactions with the batch's flush: 100 and 400 statements,
# the difference over 300 is one statement's instructions (start-up cancels out).
# PGCOST_KEEP=DIR keeps each run's callgrind output there (callgrind_annotate --inclusive=yes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$here/common.sh"

for server in "$@"; do
  cost_cluster "$server"
  "$server" --database "$url" --listen "127.0.0.1:$port" "${photos[@]}" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/v1/enrol" && break; sleep 0.2; done
  token=$(curl -s -H 'content-type: application/json' -d '{"user":"cost","password":"cost-password","first_seq":7000}' \
          "http://127.0.0.1:$port/v1/enrol" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  push() { curl -s -H "authorization: Bearer $token" -H 'content-type: application/json' --data-binary "$1" \
           "http://127.0.0.1:$port/v1/push" >/dev/null; }
  push '{"entries":[{"seq":7000,"entity":"person","entity_id":"cost-parent","op":"create","created_at":1700000000001,"hlc":"111400000000065536","payload":{"name":"测试","area_code":"510321100001","status":"away"}}]}'
  as_pg "$bin/psql" "$url" -qtAc "ALTER SYSTEM SET log_statement = 'all'" >/dev/null
  as_pg "$bin/psql" "$url" -qtAc "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5
  : >"$work/pg/server.log"
  push '{"entries":[{"seq":7001,"entity":"person","entity_id":"cost-person-7001","op":"create","created_at":1700000000002,"hlc":"111400000000131072","payload":{"name":"测试1","area_code":"510321100001","phone":"13800000001","status":"away","work_city":"广州"}},
    {"seq":7002,"entity":"visit","entity_id":"cost-visit-7002","op":"create","created_at":1700000000003,"hlc":"111400000000196608","payload":{"person_id":"cost-parent","kind":"home","visited_at":1700000000003,"utc_offset_min":480,"visitors":["王芳"],"cash_fen":20000,"notes":"第 3 次走访","location":{"status":"none","reason":"no_fix"}}},
    {"seq":7003,"entity":"person","entity_id":"cost-parent","op":"update","created_at":1700000000004,"hlc":"111400000000262144","payload":{"fields":{"employer":{"old":"","new":"电子厂 7003"}}}}]}'
  sleep 0.5
  cp "$work/pg/server.log" "$work/statements.log"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  as_pg "$bin/psql" "$url" -qtAc "ALTER SYSTEM RESET log_statement" >/dev/null
  bash "$src/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null
  echo "$server"
  for kind in person visit update; do
    counts=()
    for n in 100 400; do
      python3 "$here/replay.py" "$work/statements.log" "$kind" "$n" >"$work/replay.sql"
      chmod a+r "$work/replay.sql"; chmod a+rwx "$work"
      as_pg valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin/postgres" --single -D "$work/pg/data" \
        -c synchronous_commit=off hearth <"$work/replay.sql" >"$work/replay.out" 2>"$work/replay.err"
      if grep -q ERROR "$work/replay.err"; then grep -m3 ERROR "$work/replay.err" >&2; exit 1; fi
      counts+=("$(grep -o 'Collected : [0-9]*' "$work/replay.err" | awk '{print $3}')")
      [ -n "${PGCOST_KEEP:-}" ] && mkdir -p "$PGCOST_KEEP" && cp "$work/cg.out" "$PGCOST_KEEP/$(basename "$server").$kind.$n.out"
    done
    printf '  %-7s %9d instructions a statement\n' "$kind" $(((counts[1] - counts[0]) / 300))
  done
done
