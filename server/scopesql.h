// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A device's scope in SQL and in C++, one rule for pushes, pulls, checksums and conflicts. A
// record is inside when its scope is one of the device's station ids or lies under one of its
// area prefixes. A campaign is also visible from below: a village device sees the county's
// campaign, whose visits it records.

#include "accounts.h"

#include <QVariant>

#include <utility>

namespace hearth::server {

// A record's extra scopes as a parameter: NULL when there are none (most records: no array to
// store or index).
inline QVariant extraScopes(const QStringList &items) { return items.isEmpty() ? QVariant() : QVariant(items); }

// The device's scopes as the two array parameters of HEARTH_IN_SCOPE: station ids, area
// prefixes (arrays, each element quoted: see arrayLiteral).
inline std::pair<QStringList, QStringList> scopeArrays(const QStringList &scopes)
{
    QStringList areas, stations;
    for (const QString &s : scopes)
        (sync::isAreaScope(s) ? areas : stations) << s;
    return {stations, areas};
}

// Where a record is: its scope and the further scopes (station ids) it is also in.
struct Placement
{
    QString scope;
    QStringList extra;
    bool operator==(const Placement &) const = default;
};

// Whether a record placed so lies within `scopes` (its own scope, or one of its stations): what
// a device may change or delete. visibleTo() also lets it read the campaigns of the areas above.
inline bool holds(const QStringList &scopes, const Placement &at)
{
    return inScope(scopes, at.scope)
        || std::any_of(at.extra.begin(), at.extra.end(), [&](const QString &s) { return scopes.contains(s); });
}

// Whether a record of `entity` placed so is visible to `scopes`.
inline bool visibleTo(const QStringList &scopes, const QString &entity, const Placement &at)
{
    const QString &scope = at.scope;
    if (inScope(scopes, scope))
        return true;
    if (std::any_of(at.extra.begin(), at.extra.end(), [&](const QString &s) { return scopes.contains(s); }))
        return true;
    if (entity != u"campaign" || scope.isEmpty())
        return false;
    return std::any_of(scopes.begin(), scopes.end(),
                       [&](const QString &s) { return sync::isAreaScope(s) && s.startsWith(scope); });
}

} // namespace hearth::server

// SQL: whether column `col` lies in the scope given as the two array parameters.
#define HEARTH_IN_SCOPE(col, stations, areas)                                                                          \
    " (" col " = ANY(" stations "::text[]) OR EXISTS (SELECT 1 FROM unnest(" areas "::text[]) a WHERE " col            \
    " LIKE a || '%'))"
// What a device sees of a table with `scope`, `extra_scopes` and `entity` columns (prefix `t.`,
// never `a.`: the area list inside is `a`): its scope, its stations among the extra scopes, and
// campaigns from below.
#define HEARTH_VISIBLE(t, stations, areas)                                                                             \
    " (" t "scope = ANY(" stations "::text[]) OR " t "extra_scopes && " stations "::text[] OR EXISTS (SELECT 1 FROM"    \
    " unnest(" areas "::text[]) a WHERE " t "scope LIKE a || '%' OR (" t "entity = 'campaign' AND a LIKE " t            \
    "scope || '%')))"
