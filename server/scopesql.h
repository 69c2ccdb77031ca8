// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A device's scope in SQL and in C++, one rule for pushes, pulls, checksums and conflicts. A
// record is inside when its scope is one of the device's station ids or lies under one of its
// area prefixes. A campaign is also visible from below: a village device sees the county's
// campaign, whose visits it records.

#include "accounts.h"

#include <utility>

namespace hearth::server {

// The device's scopes as the two array parameters of HEARTH_IN_SCOPE: station ids, area prefixes.
inline std::pair<QString, QString> scopeArrays(const QStringList &scopes)
{
    QStringList areas, stations;
    for (const QString &s : scopes)
        (s.front().isDigit() ? areas : stations) << s;
    return {u"{"_qs + stations.join(u',') + u"}"_qs, u"{"_qs + areas.join(u',') + u"}"_qs};
}

// Whether a record of `entity` scoped to `scope` is visible to `scopes`.
inline bool visibleTo(const QStringList &scopes, const QString &entity, const QString &scope)
{
    if (inScope(scopes, scope))
        return true;
    if (entity != u"campaign" || scope.isEmpty())
        return false;
    return std::any_of(scopes.begin(), scopes.end(),
                       [&](const QString &s) { return s.front().isDigit() && s.startsWith(scope); });
}

} // namespace hearth::server

// SQL: whether column `col` lies in the scope given as the two array parameters.
#define HEARTH_IN_SCOPE(col, stations, areas)                                                                          \
    " (" col " = ANY(" stations "::text[]) OR EXISTS (SELECT 1 FROM unnest(" areas "::text[]) a WHERE " col            \
    " LIKE a || '%'))"
// The same, with campaigns visible from below (`entity` names the entity column).
#define HEARTH_VISIBLE(col, entity, stations, areas)                                                                   \
    " (" col " = ANY(" stations "::text[]) OR EXISTS (SELECT 1 FROM unnest(" areas "::text[]) a WHERE " col            \
    " LIKE a || '%' OR (" entity " = 'campaign' AND a LIKE " col " || '%')))"
