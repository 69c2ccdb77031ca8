// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The first sheet of an .xlsx workbook (Office Open XML, as Excel, WPS, LibreOffice and
// openpyxl write it) as ledger rows. Debian has no C++ reader: the zip is read with minizip and
// the XML with Qt's stream reader. The sheet is inflated and parsed in pieces, so a county
// ledger of 200,000 rows costs little memory; the shared strings are held (Excel's own
// dictionary of the sheet's texts).
//
// Cells as the CSV import expects text: shared and inline strings as they are, numbers without
// a trailing ".0" (a phone number typed as a number stays 13912345678; an 18-digit ID number
// typed as a number has lost its last digits in Excel already and is refused by its check
// digit), dates (a number in a date format) as yyyy-MM-dd, booleans as 1/0, formulas as their
// cached value. Missing cells are empty; empty rows are skipped, as blank CSV lines are.

#include "rowsource.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>

namespace hearth::ledger {

// Whether the file is a zip container (an .xlsx), by its first bytes.
bool looksLikeXlsx(const QString &path);
bool looksLikeXlsx(const QByteArray &start);

class XlsxReader : public RowSource
{
public:
    static Result<std::unique_ptr<XlsxReader>> open(const QString &path);
    // A workbook in memory (it is shared, not copied): nothing of it is written anywhere.
    static Result<std::unique_ptr<XlsxReader>> open(const QByteArray &workbook);
    ~XlsxReader() override;

    bool next(QStringList &fields) override;
    int line() const override { return m_row; }
    qint64 bytesRead() const override;
    const std::optional<Error> &error() const override { return m_error; }

private:
    XlsxReader() = default;
    Result<std::unique_ptr<XlsxReader>> start(); // takes ownership of this, opened or not
    struct Impl;
    std::unique_ptr<Impl> d;
    int m_row = 0;
    std::optional<Error> m_error;
};

} // namespace hearth::ledger
