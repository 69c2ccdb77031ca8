// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How people say a village: "柏林村民委员会" → "柏林村", "东街社区居民委员会" → "东街社区".
// Shared by the app and the server's console (header only: the server links no hearth_core).

#include <QString>

#include <utility>

namespace hearth::domain {

inline QString shortAreaName(const QString &name)
{
    static const std::pair<QString, QString> kSuffixes[] = {
        {QStringLiteral("社区居民委员会"), QStringLiteral("社区")},
        {QStringLiteral("村民委员会"), QStringLiteral("村")},
        {QStringLiteral("居民委员会"), QStringLiteral("社区")}};
    for (const auto &[suffix, spoken] : kSuffixes)
        if (name.endsWith(suffix) && name.size() > suffix.size())
            return name.left(name.size() - suffix.size()) + spoken;
    return name;
}

} // namespace hearth::domain
