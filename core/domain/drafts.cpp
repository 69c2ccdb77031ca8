// SPDX-License-Identifier: GPL-3.0-or-later
#include "drafts.h"

#include "core/storage/database.h"

#include <QJsonDocument>

namespace hearth::domain {

Result<void> saveDraft(storage::Database &db, const QString &kind, const QJsonObject &body, qint64 nowMs)
{
    auto stmt = db.cached("INSERT INTO drafts(kind, body, updated_at) VALUES (?, ?, ?)"
                          " ON CONFLICT(kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, kind).bindUtf8(2, QJsonDocument(body).toJson(QJsonDocument::Compact)).bind(3, nowMs);
    return (*stmt)->run();
}

Result<QJsonObject> loadDraft(storage::Database &db, const QString &kind)
{
    auto stmt = db.cached("SELECT body FROM drafts WHERE kind = ?");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, kind);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return QJsonObject();
    return QJsonDocument::fromJson((*stmt)->columnText(0).toUtf8()).object();
}

Result<void> clearDraft(storage::Database &db, const QString &kind)
{
    auto stmt = db.cached("DELETE FROM drafts WHERE kind = ?");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, kind);
    return (*stmt)->run();
}

} // namespace hearth::domain
