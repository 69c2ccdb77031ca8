#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Android's public API file (api/current.txt, API 29) from Debian's source package
# android-platform-frameworks-base, through apt with a private configuration (a deb-src entry
# for bookworm main on the mirror this machine already uses); the system's apt is not touched.
#
#   fetch-api.sh CACHE_DIR      -> prints the path of current.txt (cached after the first run)
#
# apt checks the download against the signed Sources index, as for any package.
set -euo pipefail
cache=${1:?usage: fetch-api.sh CACHE_DIR}
out=$cache/api-29/current.txt
if [ -s "$out" ]; then
  echo "$out"
  exit 0
fi
mkdir -p "$cache/apt/etc" "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial" "$cache/src"

uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '{print $2}' | grep -v security | grep -i debian | head -n1 || true)
if [ -z "$uri" ]; then
  uri=$(grep -hsE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' \
          | grep -i debian | head -n1 || true)
fi
[ -n "$uri" ] || { echo "fetch-api: cannot find the Debian mirror in apt's sources" >&2; exit 1; }
printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
  "$uri" > "$cache/apt/etc/hearth-src.sources"

apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$cache/apt/etc"
          -o "Dir::State::Lists=$cache/apt/lists" -o "Dir::Cache=$cache/apt/cache" -qq)
# As root, apt would hand the download to its sandbox user, who cannot write into this cache.
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update >&2
(cd "$cache/src" && apt-get "${apt_opts[@]}" source --download-only android-platform-frameworks-base >&2)
tarball=$(ls "$cache"/src/android-platform-frameworks-base_*.orig.tar.* | head -n1)
mkdir -p "$cache/api-29"
tar --no-same-owner -xf "$tarball" -C "$cache/src" api/current.txt
mv "$cache/src/api/current.txt" "$out"
rm -rf "$cache/src" "$cache/apt/cache"
head -n1 "$out" | grep -q 'Signature format' || { echo "fetch-api: $out is not an API file" >&2; exit 1; }
echo "$out"
