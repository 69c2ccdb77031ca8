# SPDX-License-Identifier: GPL-3.0-or-later
# What pg_write_cost.sh and server_cost.sh share, sourced by both: a work directory removed at
# exit, and for each server build a private cluster it migrated, with one village and one cadre
# (`cost`, password `cost-password`). Needs `src` (the checkout) set by the caller.
command -v valgrind >/dev/null || { echo "$(basename "$0"): valgrind is missing (apt-get install valgrind)" >&2; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
trap 'bash "$src/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# cost_cluster SERVER: sets `url` (the cluster's), `port` (free, for the server) and `photos`
# (the server's photo option, when the build has one).
cost_cluster() {
  local server=$1
  rm -rf "$work/pg" "$work/areas" "$work"/cg.out* && mkdir -p "$work/areas" "$work/photos"
  url=$(bash "$src/scripts/pg-cluster.sh" start "$work/pg" "$(free_port)")
  printf 'code,name\n51,"四川省"\n' >"$work/areas/provinces.csv"
  printf 'code,name,provinceCode\n5103,"自贡市",51\n' >"$work/areas/cities.csv"
  printf 'code,name,cityCode,provinceCode\n510321,"荣县",5103,51\n' >"$work/areas/areas.csv"
  printf 'code,name,areaCode,provinceCode,cityCode\n510321100,"旭阳镇",510321,51,5103\n' >"$work/areas/streets.csv"
  printf 'code,name,streetCode,provinceCode,cityCode,areaCode\n510321100001,"一村",510321100,51,5103,510321\n' >"$work/areas/villages.csv"
  "$server" --database "$url" admin areas import "$work/areas" >/dev/null
  HEARTH_PASSWORD=cost-password "$server" --database "$url" admin user add cost --role cadre --scope 510321100001 </dev/null >/dev/null
  port=$(free_port)
  photos=(); "$server" --help 2>&1 | grep -q -- --photos && photos=(--photos "$work/photos")
  return 0
}
