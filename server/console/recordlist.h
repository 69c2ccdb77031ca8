// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The records behind a figure (docs/console.md, "Drill-down"): one thing's records in an area
// (or a station) for a range of months, newest first, a page at a time: county by county
// through the index on (county, report_month), merged (schema 21, recordlistschema.h). Voided
// and deleted records do not count and are not listed. Also as CSV and XLSX.

#include "dashboard.h"

#include <QJsonArray>

namespace hearth::server::console {

struct RecordQuery
{
    QString thing; // visit, job_fair, wage, certificate, service
    QString area;  // an area code or a station id, inside the user's scope
    MonthRange range;
    int offset = 0;
    int limit = 50;
};

bool isThing(const QString &thing);

// SQL: whether the scope column `col` lies inside the area code given as `param` (its text): a
// range in byte order (whatever the database's collation) of area codes only, so a station id
// that happens to start with the same digits is no area inside it.
QByteArray inAreaSql(const char *col, const char *param);

// What a list shows of one record (a visit: time, person, kind, cash, photos, location...),
// from its stored body and the names joined to it.
QJsonObject describeRecord(const QString &thing, const QString &id, const QString &scope, const QJsonObject &body,
                           const QString &personName, const QString &placeName);

// {records: [...], more: bool}. Each record: id, entity, month, area and what the thing says
// (a visit: time, person, kind, cash, goods, photos, location...).
Result<QJsonObject> recordList(Pg &pg, const RecordQuery &query);

// The columns of a thing's list as people read them (Chinese, English), and a record's cells.
QStringList columnsOf(const QString &thing, bool english);
QVariantList cellsOf(const QString &thing, const QJsonObject &record);

} // namespace hearth::server::console
