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
mkdir -p "$out"
HEARTH_SCREENSHOT_QUERY=${HEARTH_SCREENSHOT_QUERY:-建} build/dev/app/hearth --store "$store/s" --screenshots "$out" "$@"
