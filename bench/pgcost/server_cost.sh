#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The other half of a push's work: hearth-server's own instructions for each entry it applies
# (HTTP, JSON, the record model's checks, hashing, libpq), counted by callgrind while one device
# pushes 300 entries of each kind in pushes of 100, as bench_sync's devices do. With
# pg_write_cost.sh's PostgreSQL count this gives the whole push's CPU work per entry, which
# callgrind counts the same however busy the host is (docs/benchmarks.md, "Issue 13, sixth
# session"). Needs valgrind (Debian's package).
#
#   bench/pgcost/server_cost.sh SERVER_BINARY [SERVER_BINARY...]
#
# Kinds as in pg_write_cost.sh: a person created, a visit to a person created (no location, no
# photo: a visit the review rules flag), a person's field updated.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$here/common.sh"

# PUSHES pushes of 100 entries of KIND, seqs FROM.. (and ids from them): the JSON bodies, one a
# line. Updates each change the parent's employer from what the one before left (the first from
# the seq PREVIOUS's value, or none): an update that conflicts would cost more.
bodies() {
  python3 - "$1" "$2" "$3" "${4:-}" <<'EOF'
import json, sys
kind, first, pushes, previous = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
old = '电子厂 %s' % previous if previous else ''
for p in range(pushes):
    entries = []
    for seq in range(first + 100 * p, first + 100 * (p + 1)):
        hlc = str((1700000000000 + seq) << 16)
        if kind == 'person':
            e = {'entity': 'person', 'entity_id': 'cost-person-%d' % seq, 'op': 'create',
                 'payload': {'name': '测试%d' % seq, 'area_code': '510321100001', 'phone': '13800000001',
                             'status': 'away', 'work_city': '广州'}}
        elif kind == 'visit':
            e = {'entity': 'visit', 'entity_id': 'cost-visit-%d' % seq, 'op': 'create',
                 'payload': {'person_id': 'cost-parent', 'kind': 'home', 'visited_at': 1700000000000 + seq,
                             'utc_offset_min': 480, 'visitors': ['王芳'], 'cash_fen': 20000, 'notes': '第 %d 次走访' % seq,
                             'location': {'status': 'none', 'reason': 'no_fix'}}}
        else:
            e = {'entity': 'person', 'entity_id': 'cost-parent', 'op': 'update',
                 'payload': {'fields': {'employer': {'old': old, 'new': '电子厂 %d' % seq}}}}
            old = '电子厂 %d' % seq
        e.update({'seq': seq, 'created_at': 1700000000000 + seq, 'hlc': hlc})
        entries.append(e)
    print(json.dumps({'entries': entries}, ensure_ascii=False))
EOF
}

for server in "$@"; do
  cost_cluster "$server"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out.%p" "$server" --database "$url" \
    --listen "127.0.0.1:$port" --workers 1 "${photos[@]}" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$port/v1/enrol" && break; sleep 0.5; done
  token=$(curl -s -H 'content-type: application/json' -d '{"user":"cost","password":"cost-password","first_seq":1000}' \
          "http://127.0.0.1:$port/v1/enrol" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  push() { curl -s -m 600 -H "authorization: Bearer $token" -H 'content-type: application/json' --data-binary @- \
           "http://127.0.0.1:$port/v1/push" | python3 -c '
import json, sys
r = json.load(sys.stdin)
bad = [x for x in r.get("results", []) if x.get("status") != "applied"]
sys.exit("server_cost: %d entries not applied: %s" % (len(bad), bad[:1]) if bad or "results" not in r else 0)'; }
  # Warm-up: the parent every visit and update names, and a push of each kind (statements
  # prepared, caches filled), outside the count. One worker: one connection, warmed.
  echo '{"entries":[{"seq":1000,"entity":"person","entity_id":"cost-parent","op":"create","created_at":1700000000001,"hlc":"111411200000000000","payload":{"name":"测试","area_code":"510321100001","status":"away"}}]}' | push
  seq=1001
  for kind in person visit update; do bodies "$kind" "$seq" 1 | push; seq=$((seq + 100)); done
  updated=$((seq - 1)) # the warm-up's last update
  echo "$server"
  for kind in person visit update; do
    # (callgrind_control exits 0 whatever happened: it says "OK." when it did)
    callgrind_control --zero "$pid" 2>&1 | grep 'OK\.' >/dev/null || { echo "server_cost: callgrind_control --zero failed" >&2; exit 1; }
    bodies "$kind" "$seq" 3 "$([ "$kind" = update ] && echo "$updated")" | while IFS= read -r body; do printf '%s' "$body" | push; done
    seq=$((seq + 300))
    before=$(find "$work" -name "cg.out.$pid.*" | wc -l)
    callgrind_control --dump="$kind" "$pid" 2>&1 | grep 'OK\.' >/dev/null || { echo "server_cost: callgrind_control --dump failed" >&2; exit 1; }
    [ "$(find "$work" -name "cg.out.$pid.*" | wc -l)" -gt "$before" ] || { echo "server_cost: no new dump for $kind" >&2; exit 1; }
    dump=$(ls -t "$work"/cg.out."$pid".* | head -1)
    grep -q "^desc: Trigger: .*$kind" "$dump" || { echo "server_cost: the newest dump is not $kind's" >&2; exit 1; }
    total=$(grep -m1 '^totals:\|^summary:' "$dump" | awk '{print $2}')
    printf '  %-7s %9d instructions an entry (server)\n' "$kind" $((total / 300))
  done
  conflicts=$(as_pg "$bin/psql" "$url" -qtAc "SELECT count(*) FROM conflicts")
  [ "$conflicts" = 0 ] || { echo "server_cost: $conflicts updates conflicted (they should not)" >&2; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  bash "$src/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null
done
