// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A user's scope: area code prefixes ("510321" is the county and everything in it) and station
// ids (exact). The server filters with it; the device purges what falls outside it.

#include <QStringList>

#include <algorithm>

namespace hearth::sync {

// An area code prefix is digits only; anything else (a station's UUID, which may well start
// with a digit) is an exact id.
inline bool isAreaScope(const QString &s)
{
    return !s.isEmpty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

inline bool insideScopes(const QStringList &scopes, const QString &scope)
{
    if (scope.isEmpty())
        return false;
    for (const QString &s : scopes)
        if (!s.isEmpty() && (scope == s || (isAreaScope(s) && scope.startsWith(s))))
            return true;
    return false;
}

} // namespace hearth::sync
