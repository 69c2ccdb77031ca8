// SPDX-License-Identifier: GPL-3.0-or-later
#include "ledgersource.h"

#include "xlsxreader.h"

#include <QBuffer>
#include <QFile>

namespace hearth::ledger {
namespace {

template <typename Reader>
Result<std::unique_ptr<RowSource>> asSource(Result<std::unique_ptr<Reader>> r)
{
    if (!r)
        return r.error();
    return std::unique_ptr<RowSource>(std::move(*r));
}

// The header row read and mapped: the same headers and rules for every kind of file.
Result<OpenedLedger> withHeader(FileFacts facts, Result<std::unique_ptr<RowSource>> rows)
{
    if (!rows)
        return rows.error();
    QStringList header;
    if (!(*rows)->next(header))
        return (*rows)->error() ? *(*rows)->error()
                                : Error::withReason(ErrorCode::BadFile, u"文件是空的"_qs, u"the file is empty"_qs);
    auto layout = layoutFrom(header);
    if (!layout)
        return layout.error();
    return OpenedLedger{std::move(facts), std::move(*rows), std::move(*layout)};
}

} // namespace

Result<OpenedLedger> openLedger(const QString &path)
{
    auto facts = inspectTextFile(path);
    if (!facts)
        return facts.error();
    if (looksLikeXlsx(path)) {
        facts->encoding = TextEncoding::Xlsx;
        return withHeader(*facts, asSource(XlsxReader::open(path)));
    }
    return withHeader(*facts, asSource(CsvReader::open(path, facts->encoding)));
}

Result<OpenedLedger> openLedger(const QByteArray &contents)
{
    QBuffer in;
    in.setData(contents);
    in.open(QIODevice::ReadOnly);
    auto facts = inspectText(in);
    if (!facts)
        return facts.error();
    if (looksLikeXlsx(contents.left(4))) {
        facts->encoding = TextEncoding::Xlsx;
        return withHeader(*facts, asSource(XlsxReader::open(contents)));
    }
    return withHeader(*facts, asSource(CsvReader::open(contents, facts->encoding)));
}

} // namespace hearth::ledger
