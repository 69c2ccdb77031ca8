// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/domain/clock.h"
#include "core/error.h"
#include "csvreader.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace hearth::storage {
class Store;
}

namespace hearth::ledger {

struct ImportReject
{
    int row = 0;   // the spreadsheet row: the header is row 1
    QString field; // the field key, empty when the whole row is wrong
    QString chinese;
    QString english;
};

struct ImportReport
{
    QString sha256;
    TextEncoding encoding = TextEncoding::Utf8;
    int rows = 0; // data rows read (blank lines excluded)
    int imported = 0;
    int rejected = 0;
    int resumedAfterRow = 0; // 0 for a fresh import
    bool alreadyComplete = false;
    qint64 elapsedMs = 0; // this run, from opening the file to the last commit
    QStringList ignoredColumns;
    QList<ImportReject> rejects;
};

struct ImportProgress
{
    int rowsDone = 0;
    int imported = 0;
    int rejected = 0;
    qint64 bytesRead = 0;
    qint64 bytesTotal = 0;
};

struct ImportOptions
{
    int batchSize = 20000;
    std::function<void(const ImportProgress &)> progress; // after each committed batch
    domain::Clock clock;
};

// Imports a county ledger (docs/import.md): Chinese or English headers; UTF-8 with or without
// BOM, UTF-16 or GB18030. Good rows are saved in batches, each batch in one transaction with
// the journal row that says how far the import got, so a killed import, run again on the same
// file, resumes after the last committed batch and ends exactly as one clean run would.
// Rejected rows (validation, an ID number already in the store) are reported with the row
// number and the reason, and remembered for the rerun's report.
// Two threads: one reads, maps and validates rows (with its own read-only connection), the
// calling thread writes them; on a 2-core phone or PC that is the difference between a county
// ledger taking 20 s or 10 s.
Result<ImportReport> importLedger(storage::Store &store, const QString &path, const ImportOptions &options = {});

} // namespace hearth::ledger
