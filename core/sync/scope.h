// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A user's scope: area code prefixes ("510321" is the county and everything in it) and station
// ids (exact). The server filters with it; the device purges what falls outside it.

#include <QStringList>

namespace hearth::sync {

inline bool insideScopes(const QStringList &scopes, const QString &scope)
{
    if (scope.isEmpty())
        return false;
    for (const QString &s : scopes)
        if (!s.isEmpty() && (scope == s || (s.front().isDigit() && scope.startsWith(s))))
            return true;
    return false;
}

} // namespace hearth::sync
