// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where a ledger's rows come from: a CSV file (csvreader.h) or the first sheet of an .xlsx
// workbook (xlsxreader.h). Rows as lists of text, the header first; line() is the spreadsheet
// row of the current one (the header is row 1), which rejections and resumption use.

#include "core/error.h"

#include <QStringList>

#include <optional>

namespace hearth::ledger {

class RowSource
{
public:
    virtual ~RowSource() = default;
    // false at the end or on an error (see error()).
    virtual bool next(QStringList &fields) = 0;
    virtual int line() const = 0;
    virtual qint64 bytesRead() const = 0; // of the file, for progress
    virtual const std::optional<Error> &error() const = 0;
};

} // namespace hearth::ledger
