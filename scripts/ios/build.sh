#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The iOS app, on a Mac with Xcode 14+ and Qt 6.4.2 for iOS (not these Debian machines:
# docs/platforms.md). SQLCipher 4.6.1 and libsodium built for iphoneos under HEARTH_IOS_DEPS
# (their own Xcode builds; SQLCipher with CommonCrypto).
#
#   QT_IOS=~/Qt/6.4.2/ios HEARTH_IOS_DEPS=... HEARTH_TEAM_ID=... bash scripts/ios/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${QT_IOS:?Qt 6.4.2 for iOS}"
: "${HEARTH_IOS_DEPS:?a prefix with SQLCipher and libsodium for iphoneos (lib/pkgconfig inside)}"
: "${HEARTH_TEAM_ID:?the Apple development team that signs the app}"
export PKG_CONFIG_LIBDIR=$HEARTH_IOS_DEPS/lib/pkgconfig
"$QT_IOS/bin/qt-cmake" -S . -B build/ios -G Xcode \
  -DHEARTH_BUILD_TESTS=OFF -DHEARTH_BUILD_BENCH=OFF \
  -DCMAKE_FIND_ROOT_PATH="$HEARTH_IOS_DEPS" \
  -DCMAKE_XCODE_ATTRIBUTE_DEVELOPMENT_TEAM="$HEARTH_TEAM_ID"
cmake --build build/ios --config Release -- -sdk iphoneos -allowProvisioningUpdates
