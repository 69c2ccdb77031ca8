#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# How long schema 21's step (the report month of every live counted record, and the county
# index rebuilt) and 22's hold `records` at province scale: a private cluster migrated to 20 by
# an older build, 2.36 million records written in bulk around the triggers (1.3 M visits,
# 760,000 services, 300,000 certificates, as bench_console's province), then the newer build
# migrates it, timed (docs/scaling.md, "Upgrades").
#
#   bench/pgcost/migrate_cost.sh SERVER_AT_20 SERVER_AT_22_OR_LATER
set -euo pipefail
old=${1:?usage: migrate_cost.sh SERVER_AT_20 NEWER_SERVER}
new=${2:?usage: migrate_cost.sh SERVER_AT_20 NEWER_SERVER}
src=$(cd "$(dirname "$0")/../.." && pwd)
cd "$src"
dir=$(mktemp -d); chmod 777 "$dir"
trap 'bash scripts/pg-cluster.sh stop "$dir/pg" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
port=$((20000 + RANDOM % 20000))
url=$(bash scripts/pg-cluster.sh start "$dir/pg" "$port")
"$old" --database "$url" --migrate-to 20 admin devices >/dev/null
psql=$(ls /usr/lib/postgresql/*/bin/psql | head -1)
$psql "$url" -qAt -v ON_ERROR_STOP=1 <<'SQL'
ALTER TABLE records DISABLE TRIGGER USER;
INSERT INTO records (entity, id, county, scope, body, content_hash)
SELECT 'visit', 'bv-' || s, '5101' || lpad((s % 183)::text, 2, '0'), '5101' || lpad((s % 183)::text, 2, '0') || '001' || lpad((s % 50)::text, 3, '0'),
       jsonb_build_object('person_id', 'bp-' || (s % 5000), 'kind', 'home', 'visited_at', 1767196800000 + (s::bigint * 7919 % 31536000) * 1000,
         'utc_offset_min', 480, 'cash_fen', (s % 5) * 10000, 'goods', jsonb_build_array(jsonb_build_object('item', '大米', 'quantity', 1 + s % 3)),
         'location', jsonb_build_object('status', 'fix', 'latitude', 29.4, 'longitude', 104.4, 'accuracy_m', 8),
         'photos', jsonb_build_array(jsonb_build_object('hash', md5(s::text), 'thumb_hash', md5((-s)::text))), 'created_at', 1767196800000), 1
  FROM generate_series(1, 1300000) s;
INSERT INTO records (entity, id, county, scope, body, content_hash)
SELECT 'service', 'bs-' || s, 'bench-point-' || (s % 183), 'bench-point-' || (s % 183), jsonb_build_object('at', 1767196800000 + (s::bigint * 7919 % 31536000) * 1000,
       'utc_offset_min', 480, 'category', 'water', 'count', 1 + s % 3), 1 FROM generate_series(1, 760000) s;
INSERT INTO records (entity, id, county, scope, body, content_hash)
SELECT 'certificate', 'bc-' || s, '5101' || lpad((s % 183)::text, 2, '0'), '5101' || lpad((s % 183)::text, 2, '0') || '001', jsonb_build_object('kind', 'id_card',
       'outcome', 'done', 'at', 1767196800000 + (s::bigint * 7919 % 31536000) * 1000, 'utc_offset_min', 480), 1 FROM generate_series(1, 300000) s;
ALTER TABLE records ENABLE TRIGGER USER;
VACUUM ANALYZE records;
SQL
echo "records: $($psql "$url" -qAt -c 'SELECT count(*) FROM records')"
start=$(date +%s%N)
"$new" --database "$url" admin devices >/dev/null
end=$(date +%s%N)
echo "migrated from 20 to $($psql "$url" -qAt -c "SELECT max(version) FROM schema_version") in $(( (end - start) / 1000000 )) ms;" \
     "records with a report month: $($psql "$url" -qAt -c "SELECT count(*) FROM records WHERE report_month IS NOT NULL")"
