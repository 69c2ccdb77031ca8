#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders every main page, phone and desktop, from a demo store (synthetic people in 荣县,
# from the area excerpt in tests/data/areas) into DIR (default build/screenshots).
# Run after scripts/build.sh. `--lang en` and other arguments go to hearth.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/screenshots}
shift || true
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
export HEARTH_PIN=258013
ctl=build/dev/app/hearthctl/hearthctl
$ctl --store "$store/s" init >/dev/null
$ctl --store "$store/s" areas import tests/data/areas >/dev/null
$ctl --store "$store/s" demo --county 510321 --households 300 --seed 7 >/dev/null
# The person the pages show: one whose visits carry the demo's photos. One thumbnail file is
# removed, as for a visit made on another device whose photo has not been fetched yet.
person=$($ctl --store "$store/s" visit list --json | python3 -c '
import json, sys
print(max(json.load(sys.stdin)["visits"], key=lambda v: len(v.get("photos", [])))["person_id"])')
name=$($ctl --store "$store/s" person show "$person" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["name"])')
thumb=$($ctl --store "$store/s" visit list --person "$person" --json | python3 -c '
import json, sys
print(max(json.load(sys.stdin)["visits"], key=lambda v: len(v.get("photos", [])))["photos"][-1]["thumb_hash"])')
rm -f "$store/s/media/${thumb:0:2}/$thumb.hm"
mkdir -p "$out"
HEARTH_SCREENSHOT_QUERY=${HEARTH_SCREENSHOT_QUERY:-$name} build/dev/app/hearth --store "$store/s" --screenshots "$out" "$@"
