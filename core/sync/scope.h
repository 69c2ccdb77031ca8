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

// A station's id, the only other kind of scope: a UUID (36 characters with its four dashes), so it
// can never pass for an area prefix.
inline bool isStationId(const QString &s)
{
    if (s.size() != 36)
        return false;
    for (int i = 0; i < 36; ++i) {
        const QChar c = s[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != u'-' : !((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return false;
    }
    return true;
}

// Whether `scope` lies inside one of `scopes`: the same station, or an area code under an area
// prefix. Only area codes go by prefix: a station's id that happens to start with "51" is not
// inside Sichuan.
inline bool insideScopes(const QStringList &scopes, const QString &scope)
{
    if (scope.isEmpty())
        return false;
    const bool area = isAreaScope(scope);
    for (const QString &s : scopes)
        if (!s.isEmpty() && (scope == s || (area && isAreaScope(s) && scope.startsWith(s))))
            return true;
    return false;
}

} // namespace hearth::sync
