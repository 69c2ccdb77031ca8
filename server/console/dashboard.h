// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The console's figures as JSON (docs/console.md, "Dashboard"): the five practical things of an
// area for a range of months, the same span before it, the twelve months up to its end, and
// the next level of areas below, each with its name. Read from the report's rollup only.

#include "server/pg.h"

#include <QDate>
#include <QJsonObject>

namespace hearth::server::console {

// A month range from ?from=YYYY-MM&to=YYYY-MM (to defaults to from; from to the current month).
struct MonthRange
{
    QDate from, to; // first days
    bool valid() const { return from.isValid() && to.isValid() && from <= to && from.addYears(10) > to; }
};
MonthRange monthRange(const QString &from, const QString &to);

// {code, name, level, path: [{code, name}]} of an area code or a station id.
Result<QJsonObject> areaInfo(Pg &pg, const QString &area);

Result<QJsonObject> dashboard(Pg &pg, const QString &area, const MonthRange &range);

} // namespace hearth::server::console
