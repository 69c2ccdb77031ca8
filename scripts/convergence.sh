#!/usr/bin/env bash
# The long convergence profile: many seeds of random offline edits on 2-4 devices, synced in
# random orders through a private PostgreSQL and the real hearth-server (tests/server/
# tst_convergence.cpp; ctest runs 4 seeds). Usage: scripts/convergence.sh [SEEDS] [FIRST] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-200}
first=${2:-$(( (RANDOM << 8) + 1 ))}
steps=${3:-120}
cmake --build build/dev -j2 --target tst_convergence hearth-server >/dev/null
echo "convergence: $seeds seeds from $first, $steps steps each"
QTEST_FUNCTION_TIMEOUT=$((seeds * 20000 + 60000)) HEARTH_CONVERGENCE_SEEDS=$seeds HEARTH_CONVERGENCE_FIRST_SEED=$first HEARTH_CONVERGENCE_STEPS=$steps \
  QT_QPA_PLATFORM=offscreen build/dev/tests/tst_convergence -silent 2>&1 | grep -v "hearth\." || true
