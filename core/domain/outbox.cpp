// SPDX-License-Identifier: GPL-3.0-or-later
#include "outbox.h"

#include "core/storage/database.h"

#include <QJsonDocument>

namespace hearth::domain {

Result<qint64> Outbox::append(storage::Database &db, const QString &entity, const QString &entityId, Op op,
                              const QJsonObject &payload, qint64 atMs)
{
    return append(db, entity, entityId, op, QJsonDocument(payload).toJson(QJsonDocument::Compact), atMs);
}

Result<qint64> Outbox::append(storage::Database &db, const QString &entity, const QString &entityId, Op op,
                              QByteArrayView payloadJson, qint64 atMs)
{
    static constexpr const char *kOps[] = {"create", "update", "delete"};
    // The hybrid logical clock (docs/sync-protocol.md): the wall clock, or one past the last
    // change made here or seen from the server when that is later. One statement, no extra read.
    auto cached = db.cached("INSERT INTO outbox(entity, entity_id, op, payload, created_at, hlc) VALUES (?, ?, ?, ?, ?5,"
                            " max(?5 * 65536,"
                            "     coalesce((SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1), 0) + 1,"
                            "     coalesce((SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'sync.hlc'), 0) + 1))");
    if (!cached)
        return cached.error();
    storage::Statement &stmt = **cached;
    stmt.bind(1, entity).bind(2, entityId).bind(3, QString::fromLatin1(kOps[int(op)]));
    stmt.bindUtf8(4, payloadJson).bind(5, atMs);
    HEARTH_TRY(stmt.run());
    return db.lastInsertRowId();
}

} // namespace hearth::domain
