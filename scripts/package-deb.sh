#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Linux packages: hearth_VERSION_ARCH.deb (app, hearthctl, desktop entry) and
# hearth-server_VERSION_ARCH.deb (server, systemd unit, configuration) in DIR (default
# build/packages), from an optimised build (preset release). Install with
#   sudo apt install ./build/packages/hearth_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/packages}
bash scripts/setup-deps.sh
cmake --preset release -DHEARTH_BUILD_TESTS=OFF -DHEARTH_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release
cpack --config build/release/CPackConfig.cmake -G DEB -B "$out"
rm -rf "$out/_CPack_Packages"
ls -1 "$out"/*.deb
