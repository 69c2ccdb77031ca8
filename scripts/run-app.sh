#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start 1: install what is missing, build, launch the app. Arguments go to hearth
# (e.g. --store DIR, --lang en). Without a display it renders the screens to PNG instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "hearth: no display found; rendering the screens to build/screenshots/ instead"
  exec build/dev/app/hearth --screenshots build/screenshots "$@"
fi
exec build/dev/app/hearth "$@"
