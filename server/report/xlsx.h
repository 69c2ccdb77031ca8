// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Workbooks for the console's exports, through libxlsxwriter. Written in memory (a memfd, and
// libxlsxwriter's temporary parts under /dev/shm): a record list names people, and plaintext of
// a person never touches the server's disk outside PostgreSQL.

#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace hearth::server::report {

struct Sheet
{
    QString name;           // at most 31 characters
    QString title;          // a first row above the table (empty: none)
    QStringList headers;
    QList<QVariantList> rows; // numbers as numbers, the rest as text
    bool totals = false;    // a last row "合计 Total" summing every numeric column
};

Result<QByteArray> writeXlsx(const QList<Sheet> &sheets);

} // namespace hearth::server::report
