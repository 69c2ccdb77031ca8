// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A ledger opened for import: a CSV file in any of the encodings offices use, or the first
// sheet of an .xlsx workbook, its header already read and mapped. From a file (hearthctl, the
// app) or from memory (an upload to the console, which never writes a ledger to disk).

#include "csvreader.h"
#include "rowpreparer.h"
#include "rowsource.h"

#include <memory>

namespace hearth::ledger {

struct OpenedLedger
{
    FileFacts facts; // encoding Xlsx for a workbook
    std::unique_ptr<RowSource> rows; // after the header
    Layout layout;
};

Result<OpenedLedger> openLedger(const QString &path);
Result<OpenedLedger> openLedger(const QByteArray &contents);

} // namespace hearth::ledger
