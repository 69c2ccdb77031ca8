// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The month's report to the provincial office (docs/console.md, "Exports"): the five practical
// things of an area for a month, against the month before, and by the next level of areas; as
// an XLSX workbook (a summary sheet, then one sheet per thing with totals) and as a printable
// A4 page. Made from the dashboard's figures (the rollup), never from the records.

#include "dashboard.h"

#include <QByteArray>

namespace hearth::server::console {

// The rows of the report, labelled: {thing, measure, this, before} for each thing's measures.
struct ReportLine
{
    QString thing, measureZh, measureEn;
    double now = 0, before = 0;
};
QList<ReportLine> reportLines(const QJsonObject &dashboard);

Result<QByteArray> monthXlsx(const QJsonObject &dashboard);
QByteArray monthHtml(const QJsonObject &dashboard);

// The Chinese name of a thing (走访慰问, 就业招聘, ...) and its English one.
QString thingName(const QString &thing, bool english = false);

} // namespace hearth::server::console
