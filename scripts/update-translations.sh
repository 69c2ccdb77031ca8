#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refreshes app/i18n/*.ts from every tr()/qsTr() in app/ and qml/. Then fill in the new
# entries with Qt Linguist (linguist app/i18n/hearth_zh_CN.ts) and commit the .ts files.
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
"$LUPDATE" -no-obsolete -locations relative app qml \
  -ts app/i18n/hearth_zh_CN.ts app/i18n/hearth_en.ts
