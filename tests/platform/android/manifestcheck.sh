#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# AndroidManifest.xml and platforms/android/res as Android's build would take them (ctest:
# android_manifest): aapt2 links them against Android's framework resources (API 29), the
# linked manifest says what DESIGN.md §13 promises, two broken variants are refused, and the
# result aligns, signs and verifies with a throwaway key (zipalign, apksigner).
#
#   manifestcheck.sh SOURCE_DIR WORK_DIR
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
framework=/usr/share/android-framework-res/framework-res.apk
manifest=$src/platforms/android/AndroidManifest.xml
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"

aapt2 compile --dir "$src/platforms/android/res" -o "$work/res.zip" || fail "resources do not compile"
link() { aapt2 link -I "$framework" --manifest "$1" -o "$2" "$work/res.zip"; }
link "$manifest" "$work/hearth.apk" || fail "the manifest does not link against API 29"
echo "ok: manifest and resources link against $(basename "$framework")"

tree=$(aapt2 dump xmltree --file AndroidManifest.xml "$work/hearth.apk")
attr() { grep -E "android:$1\(0x[0-9a-f]+\)=$2\b" <<<"$tree" >/dev/null; }
attr allowBackup false || fail "allowBackup is not false: the store could go to a cloud backup"
attr usesCleartextTraffic false || fail "cleartext traffic is not refused"
attr minSdkVersion 29 || fail "minSdkVersion is not 29, the level the Java is checked against"

expected="ACCESS_COARSE_LOCATION ACCESS_FINE_LOCATION ACCESS_NETWORK_STATE CAMERA INTERNET POST_NOTIFICATIONS RECEIVE_BOOT_COMPLETED"
actual=$(grep -A1 'E: uses-permission' <<<"$tree" | grep -oE 'android\.permission\.[A-Z_]+' | sed 's/android.permission.//' \
           | sort -u | tr '\n' ' ' | sed 's/ $//')
[ "$actual" = "$expected" ] || fail "permissions are [$actual], expected [$expected]"
echo "ok: permissions $actual"

# Each permission in the source has its reason in a comment right above it.
awk '/<uses-permission/ { if (prev !~ /-->\s*$/) { print FILENAME ":" NR ": no reason above"; bad=1 } }
     NF { prev=$0 } END { exit bad }' "$manifest" || fail "a permission without its reason"
echo "ok: every permission has its reason"

section() { awk -v name="$1" '$0 ~ "E: " { keep = ($0 ~ "E: " name) } keep' <<<"$tree"; }
section service | grep -q 'BIND_JOB_SERVICE' || fail "the sync job service is not limited to the job scheduler"
section service | grep -qE 'exported\(0x[0-9a-f]+\)=false' || fail "the sync job service is exported"
section provider | grep -qE 'exported\(0x[0-9a-f]+\)=false' || fail "the capture provider is exported"
section provider | grep -qE 'grantUriPermissions\(0x[0-9a-f]+\)=true' || fail "the capture provider cannot grant the camera app"
echo "ok: the job service and the capture provider are private"

# The check can fail: a missing resource, and an attribute newer than API 29.
sed 's#@drawable/ic_launcher#@drawable/no_such_icon#' "$manifest" > "$work/broken1.xml"
if link "$work/broken1.xml" "$work/broken1.apk" 2>"$work/broken1.log"; then fail "a missing icon linked"; fi
grep -q 'no_such_icon' "$work/broken1.log" || fail "the missing icon was refused for another reason"
sed 's#android:allowBackup="false"#android:allowBackup="false" android:dataExtractionRules="@xml/network_security_config"#' \
  "$manifest" > "$work/broken2.xml"
if link "$work/broken2.xml" "$work/broken2.apk" 2>"$work/broken2.log"; then fail "an API 31 attribute linked against API 29"; fi
grep -q 'dataExtractionRules' "$work/broken2.log" || fail "the API 31 attribute was refused for another reason"
echo "ok: a missing resource and an API 31 attribute are refused"

# Align, sign and verify, as the release build does (with a throwaway key here).
if command -v zipalign >/dev/null && command -v apksigner >/dev/null && command -v keytool >/dev/null; then
  zipalign -f -p 4 "$work/hearth.apk" "$work/hearth-aligned.apk"
  keytool -genkeypair -keystore "$work/throwaway.p12" -storetype PKCS12 -storepass hearth-test -alias hearth \
    -keyalg EC -groupname secp256r1 -validity 2 -dname "CN=Hearth test" >/dev/null 2>&1
  apksigner sign --ks "$work/throwaway.p12" --ks-pass pass:hearth-test --out "$work/hearth-signed.apk" \
    "$work/hearth-aligned.apk"
  apksigner verify --min-sdk-version 29 "$work/hearth-signed.apk" || fail "apksigner does not verify the signed APK"
  echo "ok: aligned, signed (v2/v3) and verified"
else
  echo "note: zipalign/apksigner/keytool absent, signing not tried"
fi
echo "android_manifest: passed"
