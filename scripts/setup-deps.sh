#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Hearth needs from Debian's packages, and nothing else.
# Idempotent: when everything is present it only checks, in well under a second.
# Works as root, through sudo otherwise; never prompts.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake g++ ninja-build pkg-config git
  # Qt 6.4 (bookworm)
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-positioning-dev libqt6positioning6-plugins qt6-multimedia-dev qt6-httpserver-dev qt6-websockets-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qtquick-dialogs qml6-module-qttest qml6-module-qtpositioning
  qml6-module-qtmultimedia qml6-module-qtqml
  qt6-qpa-plugins
  # the sync server: PostgreSQL 15 (tests start a private cluster) and its client library;
  # zlib for compressed sync bodies
  postgresql libpq-dev zlib1g-dev
  # several server processes on one address, over a replica (tests/server/tst_cluster.cpp)
  haproxy
  # its HTTP layer: Boost.Beast (header-only, in libboost-dev) over OpenSSL; openssl makes the
  # test CA
  libboost-dev libssl-dev openssl
  # storage and crypto
  libsodium-dev
  # the supervisors' console (server/console): TOTP second factor (RFC 6238), its enrolment QR
  # code, XLSX reports; tests read the XLSX back with openpyxl and drive Debian's chromium
  liboath-dev libqrencode-dev libxlsxwriter-dev python3-openpyxl chromium
  # .xlsx ledgers: the zip container (minizip); the sheet XML is read with Qt's own reader
  libminizip-dev
  # pinyin order of names (ICU collation)
  libicu-dev
  # benchmarks
  libbenchmark-dev
  # Chinese text on Linux
  fonts-noto-cjk
  # The phones' shells, as far as Linux can check them (tests/platform, docs/platforms.md): a JDK
  # for the desktop JVM and javac; aapt2 with Android's framework resources for the manifest;
  # Android's own jni.h; zipalign and apksigner for the signing steps; xz for Android's API source
  openjdk-17-jdk-headless aapt android-framework-res android-libnativehelper-dev zipalign apksigner xz-utils
  # the Linux .deb packages (CPack's DEB generator and dpkg-shlibdeps)
  dpkg-dev fakeroot desktop-file-utils
)
# From bookworm-backports: SQLCipher 4.6.1 (bookworm itself has 3.4).
BACKPORTS=(libsqlcipher-dev sqlcipher)
SQLCIPHER_MIN=4.6

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
  SUDO=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
# npm installs the console's ECharts at build time (server/console/web/package-lock.json):
# Debian's, unless the machine already has an npm of its own.
command -v npm >/dev/null || missing+=(npm)

sqlcipher_ok() {
  local v
  v=$(dpkg-query -W -f='${Version}' libsqlcipher-dev 2>/dev/null) || return 1
  dpkg --compare-versions "$v" ge "$SQLCIPHER_MIN" && command -v sqlcipher >/dev/null
}

if [ ${#missing[@]} -eq 0 ] && sqlcipher_ok; then
  exit 0
fi

# Add bookworm-backports on the same mirror the machine already uses, if it is not there yet.
have_backports() {
  grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}
if ! sqlcipher_ok && ! have_backports; then
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
          | awk '{print $2}' | grep -v security | grep -i debian | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hsE '^deb ' /etc/apt/sources.list 2>/dev/null \
            | grep -v security | awk '{print $2}' | grep -i debian | head -n1 || true)
  fi
  [ -n "$uri" ] || { echo "setup: cannot find the Debian mirror in apt's sources" >&2; exit 1; }
  echo "setup: adding bookworm-backports ($uri)"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" | "${SUDO[@]}" tee /etc/apt/sources.list.d/hearth-backports.sources >/dev/null
fi

echo "setup: installing ${missing[*]} ${BACKPORTS[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if ! sqlcipher_ok; then
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends -t bookworm-backports "${BACKPORTS[@]}" >/dev/null
fi
sqlcipher_ok || { echo "setup: SQLCipher >= $SQLCIPHER_MIN is not installable" >&2; exit 1; }
echo "setup: done"
