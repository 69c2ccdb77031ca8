#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Linux packages (ctest: deb_packages): build them with CPack, check their dependencies are
# real Debian packages this machine has, install both into a scratch root with dpkg, run
# `hearth --self-test`, `hearthctl --version` and `hearth-server --help` from the installed
# paths, check the desktop entry and the systemd unit, then remove and purge and find nothing
# left behind.
#
#   debtest.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=${1:?build dir}
work=${2:?work dir}
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/debs" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
app=$(ls "$work"/debs/hearth_*.deb)
server=$(ls "$work"/debs/hearth-server_*.deb)
echo "built: $(basename "$app") $(du -k "$app" | cut -f1) KiB, $(basename "$server") $(du -k "$server" | cut -f1) KiB"

# Every dependency is a package this machine has installed, in a version that satisfies it.
constraint='\(([<>=]+) ([^)]+)\)'
for deb in "$app" "$server"; do
  dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//' | while IFS= read -r dep; do
    [ -n "$dep" ] || continue
    ok=0
    IFS='|' read -ra alternatives <<<"$dep"
    for alt in "${alternatives[@]}"; do
      name=$(awk '{print $1}' <<<"$alt")
      have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null | awk '$3 == "installed" {print $4}')
      [ -n "$have" ] || continue
      if [[ $alt =~ $constraint ]]; then
        op=${BASH_REMATCH[1]}; version=${BASH_REMATCH[2]}
        case $op in ">=") op=ge ;; "<=") op=le ;; ">>") op=gt ;; "<<") op=lt ;; "=") op=eq ;; esac
        dpkg --compare-versions "$have" "$op" "$version" && ok=1
      else
        ok=1
      fi
    done
    [ "$ok" = 1 ] || fail "$(basename "$deb") depends on '$dep', which this machine does not satisfy"
  done
done
echo "ok: every dependency is an installed Debian package"

root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg_root() { dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root \
                   --log="$work/dpkg.log" "$@"; }
dpkg_root -i "$app" "$server" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }
[ "$(dpkg --root="$root" -l hearth hearth-server | grep -c '^ii')" = 2 ] || fail "not both installed"
echo "ok: installed into a scratch root"

export QT_QPA_PLATFORM=offscreen
"$root/usr/bin/hearth" --self-test >"$work/selftest.log" 2>&1 || { cat "$work/selftest.log" >&2; fail "hearth --self-test"; }
"$root/usr/bin/hearthctl" --version | grep -q . || fail "hearthctl --version printed nothing"
"$root/usr/bin/hearth-server" --help | grep -q 'Hearth sync server' || fail "hearth-server --help"
echo "ok: hearth --self-test, hearthctl --version, hearth-server --help from the installed paths"

desktop=$root/usr/share/applications/org.hearth.field.desktop
grep -q '^Name\[zh_CN\]=暖心走访$' "$desktop" || fail "the desktop entry has no Chinese name"
grep -q '^Icon=org.hearth.field$' "$desktop" || fail "the desktop entry's icon"
[ -s "$root/usr/share/icons/hicolor/scalable/apps/org.hearth.field.svg" ] || fail "no icon"
python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" \
  "$root/usr/share/icons/hicolor/scalable/apps/org.hearth.field.svg" || fail "the icon is not well-formed SVG"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate"
fi
unit=$root/usr/lib/systemd/system/hearth-server.service
grep -q '^ExecStart=/usr/bin/hearth-server \$HEARTH_SERVER_OPTIONS$' "$unit" || fail "the unit's ExecStart"
grep -q '^User=hearth$' "$unit" || fail "the unit runs as root"
if command -v systemd-analyze >/dev/null && systemd-analyze --help | grep -q -- '--root'; then
  # The scratch root has no systemd of its own (no sysinit.target): only the unit's own lines count.
  systemd-analyze verify --root="$root" /usr/lib/systemd/system/hearth-server.service >"$work/verify.log" 2>&1 || true
  if grep -E 'hearth-server.service:[0-9]+:|Unknown (key|section)|not absolute' "$work/verify.log"; then
    fail "systemd-analyze verify found errors in the unit"
  fi
fi
opts=$(sed -n 's/^HEARTH_SERVER_OPTIONS="\(.*\)"$/\1/p' "$root/etc/hearth/hearth-server.conf")
for option in $opts; do
  case $option in --*) "$root/usr/bin/hearth-server" --help | grep -q -- "$option" || fail "the configuration uses $option, which hearth-server does not know" ;; esac
done
grep -qx '/etc/hearth/hearth-server.conf' "$root/var/lib/dpkg/info/hearth-server.conffiles" \
  || fail "the configuration is not a conffile"
echo "ok: desktop entry, icon, systemd unit and configuration"

dpkg_root -r hearth hearth-server >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r failed"; }
[ -f "$root/etc/hearth/hearth-server.conf" ] || fail "removing (not purging) dropped the administrator's configuration"
[ ! -e "$root/usr/bin/hearth" ] && [ ! -e "$root/usr/bin/hearth-server" ] || fail "binaries left after removal"
dpkg_root -P hearth hearth-server >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg -P failed"; }
left=$(cd "$root" && find . -path ./var/lib/dpkg -prune -o ! -type d -print)
[ -z "$left" ] || fail "left behind after purge: $left"
echo "ok: removed (configuration kept) and purged (nothing left)"
echo "deb_packages: passed"
