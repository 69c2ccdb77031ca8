// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Money is integer fen everywhere (DESIGN.md §4); people type and read yuan. These two are the
// only conversions, and neither goes through floating point.

#include "core/error.h"

#include <QString>

namespace hearth::domain {

inline constexpr qint64 kMaxFen = 100'000'000'00; // 1 亿元: beyond any single entry

// "1200", "1,200.5", "１２００", "¥12.05" → fen. Empty → 0. More than two decimals, a sign, or
// anything else is refused with the reason.
Result<qint64> parseYuan(const QString &text, const QString &field = u"cash_fen"_qs);
// 120050 → "1200.50"; 120000 → "1200".
QString formatYuan(qint64 fen);

} // namespace hearth::domain
