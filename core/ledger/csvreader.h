// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "rowsource.h"

#include <QByteArray>
#include <QFile>
#include <QStringDecoder>
#include <QStringList>

#include <memory>

namespace hearth::ledger {

enum class TextEncoding { Utf8, Utf8Bom, Utf16Le, Gb18030, Xlsx }; // Xlsx: a workbook, not text (xlsxreader.h)
QString encodingName(TextEncoding e); // "utf-8", "utf-8-bom", "utf-16le", "gb18030", "xlsx"

// What one pass over a file tells before it is parsed: its encoding (a UTF-8 BOM, a UTF-16
// BOM, valid UTF-8, or else GB18030, which Excel on Chinese Windows writes) and its SHA-256,
// which names an import so a rerun can resume it.
struct FileFacts
{
    TextEncoding encoding = TextEncoding::Utf8;
    QByteArray sha256; // hex
    qint64 size = 0;
};
Result<FileFacts> inspectTextFile(const QString &path);
Result<FileFacts> inspectText(QIODevice &in); // read to its end

// RFC 4180 records, streamed: quoted fields with "" escapes and line breaks, CR, LF or CRLF
// line ends, blank lines skipped. Reads in 64 KiB chunks, so a file of any size uses little
// memory. line() is the file's line number where the current record starts (1 = header).
class CsvReader : public RowSource
{
public:
    static Result<std::unique_ptr<CsvReader>> open(const QString &path, TextEncoding encoding);
    static Result<std::unique_ptr<CsvReader>> open(const QByteArray &text, TextEncoding encoding); // held in memory
    static Result<std::unique_ptr<CsvReader>> open(std::unique_ptr<QIODevice> in, TextEncoding encoding);

    // false at the end of the file or on an error (see error()).
    bool next(QStringList &fields) override;
    int line() const override { return m_recordLine; }
    qint64 bytesRead() const override { return m_in->pos(); }
    const std::optional<Error> &error() const override { return m_error; }

private:
    CsvReader(std::unique_ptr<QIODevice> in, TextEncoding encoding);
    bool fill();

    std::unique_ptr<QIODevice> m_in;
    QStringDecoder m_decoder;
    QString m_buffer;
    qsizetype m_pos = 0;
    bool m_eof = false;
    int m_line = 1;
    int m_recordLine = 0;
    std::optional<Error> m_error;
};

} // namespace hearth::ledger
