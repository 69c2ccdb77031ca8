#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Android APK, on a machine with Qt for Android and the NDK (not these Debian machines:
# docs/platforms.md says what is checked here instead). Versions this was written for:
#   Qt 6.4.2 for Android arm64-v8a and the desktop Qt 6.4.2 of the same version (QT_HOST_PATH),
#   NDK r23b (23.1.7779620), SDK platform android-33 with build-tools 33.0.x, JDK 11,
#   SQLCipher 4.6.1, libsodium 1.0.18+ and ICU 72 built for arm64-v8a under HEARTH_ANDROID_DEPS.
#
#   QT_ANDROID=... QT_HOST_PATH=... ANDROID_SDK_ROOT=... ANDROID_NDK_ROOT=... \
#   HEARTH_ANDROID_DEPS=... [HEARTH_KEYSTORE=release.p12 HEARTH_KEYSTORE_PASS=...] \
#   bash scripts/android/build-apk.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${QT_ANDROID:?Qt 6.4.2 for Android, e.g. ~/Qt/6.4.2/android_arm64_v8a}"
: "${QT_HOST_PATH:?the desktop Qt 6.4.2, e.g. ~/Qt/6.4.2/gcc_64}"
: "${ANDROID_SDK_ROOT:?the Android SDK (platforms;android-33, build-tools;33.0.2)}"
: "${ANDROID_NDK_ROOT:?NDK r23b}"
: "${HEARTH_ANDROID_DEPS:?a prefix with SQLCipher, libsodium and ICU built for arm64-v8a (lib/pkgconfig inside)}"
for pc in sqlcipher libsodium; do
  [ -f "$HEARTH_ANDROID_DEPS/lib/pkgconfig/$pc.pc" ] || { echo "missing $pc.pc under $HEARTH_ANDROID_DEPS" >&2; exit 1; }
done

# The same checks ctest runs on Linux, first: a broken manifest or a call above API 29 fails here
# in seconds instead of in Gradle.
bash tests/platform/android/apicheck.sh "$PWD" build/android-check/api
bash tests/platform/android/manifestcheck.sh "$PWD" build/android-check/manifest

cmake --preset android-arm64
cmake --build --preset android-arm64 --target apk
apk=$(find build/android-arm64 -name '*-release-unsigned.apk' -o -name '*-release.apk' | head -n1)
[ -n "$apk" ] || { echo "no APK was produced" >&2; exit 1; }
if [ -n "${HEARTH_KEYSTORE:-}" ]; then
  zipalign -f -p 4 "$apk" build/android-arm64/hearth-aligned.apk
  apksigner sign --ks "$HEARTH_KEYSTORE" --ks-pass env:HEARTH_KEYSTORE_PASS \
    --out build/android-arm64/hearth.apk build/android-arm64/hearth-aligned.apk
  apksigner verify --min-sdk-version 29 build/android-arm64/hearth.apk
  echo "signed: build/android-arm64/hearth.apk"
else
  echo "unsigned: $apk (set HEARTH_KEYSTORE to sign)"
fi
