#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Android shell's Java against Android's real public API (ctest: android_api_level).
#
#   apicheck.sh SOURCE_DIR WORK_DIR
#
# 1. Stubs of API 29 (Debian's api/current.txt) plus platforms/android/api-overlay.txt.
# 2. All of platforms/android/src compiles against them, warnings as errors.
# 3. A call above API 29 that is not in the overlay (wrongcall/WrongCall.java) is rejected.
# 4. Every overlay symbol ("// since N") is called only right after a `SDK_INT >= N` check.
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

api=$(bash "$src/scripts/android/fetch-api.sh" "$work/cache") || fail "could not fetch Android's API file (needs Debian's archive)"
overlay=$src/platforms/android/api-overlay.txt
generator=$src/scripts/android/apistubs.py
key=$(cat "$api" "$overlay" "$generator" | sha256sum | cut -c1-16)
jar=$work/android-29-stubs-$key.jar
if [ ! -s "$jar" ]; then
  rm -rf "$work/stubs" "$work"/android-29-stubs-*.jar
  python3 "$generator" "$api" "$work/stubs/src" --overlay "$overlay"
  find "$work/stubs/src" -name '*.java' > "$work/stubs/list"
  javac --release 8 -nowarn -encoding UTF-8 -d "$work/stubs/classes" @"$work/stubs/list" \
    || fail "the generated stubs do not compile"
  jar cf "$jar" -C "$work/stubs/classes" .
  rm -rf "$work/stubs"
fi
echo "stubs: $(jar tf "$jar" | grep -c "\.class$") classes from $(head -c 40 "$api" | head -n1)"

mapfile -t production < <(find "$src/platforms/android/src" -name '*.java' | sort)
[ ${#production[@]} -gt 0 ] || fail "no production Java found"
rm -rf "$work/production"
javac --release 8 -Xlint:all,-options -Werror -encoding UTF-8 -cp "$jar" -d "$work/production" "${production[@]}" \
  || fail "platforms/android/src does not compile against Android API 29"
echo "ok: ${#production[@]} production classes compile against API 29 (+ overlay)"

rm -rf "$work/wrongcall"
if out=$(javac --release 8 -encoding UTF-8 -cp "$jar" -d "$work/wrongcall" \
           "$src/tests/platform/android/wrongcall/WrongCall.java" 2>&1); then
  fail "a call to an API 30 method compiled against the API 29 stubs"
fi
grep -q 'getAttributionTag' <<<"$out" || fail "the wrong call failed for another reason: $out"
echo "ok: an API 30 call is rejected"

checked=0
while IFS= read -r line; do
  name=$(sed -E 's/.* ([A-Za-z0-9_]+)\(.*/\1/' <<<"$line")
  level=$(sed -E 's/.*since ([0-9]+).*/\1/' <<<"$line")
  for file in "${production[@]}"; do
    while IFS=: read -r number _; do
      [ -n "$number" ] || continue
      start=$((number > 3 ? number - 3 : 1))
      guard=$(sed -n "${start},${number}p" "$file" | grep -oE 'SDK_INT >= [0-9]+' | tail -n1 | awk '{print $3}')
      [ -n "$guard" ] && [ "$guard" -ge "$level" ] \
        || fail "$(basename "$file"):$number calls $name (API $level) without SDK_INT >= $level just before it"
      checked=$((checked + 1))
    done < <(grep -nE "\.${name}\(" "$file" || true)
  done
done < <(grep -E '^\s+(method|ctor) .*// since [0-9]+' "$overlay")
[ "$checked" -gt 0 ] || fail "no overlay symbol is used: the guard check checked nothing"
echo "ok: $checked call(s) above API 29 behind their version checks"
echo "android_api_level: passed"
