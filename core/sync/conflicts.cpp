// SPDX-License-Identifier: GPL-3.0-or-later
#include "conflicts.h"

#include "core/storage/database.h"
#include "core/storage/storemeta.h"

#include <QJsonArray>

namespace hearth::sync {

Result<int> pullConflicts(storage::Database &db, Transport &transport, const QByteArray &token)
{
    int fresh = 0;
    for (;;) {
        auto cursor = storage::readMeta(db, "sync.conflict_cursor");
        if (!cursor)
            return cursor.error();
        auto page = transport.request("GET", u"/v1/conflicts?after=%1"_qs.arg(cursor->toLongLong()), {}, token);
        if (!page)
            return page.error();
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return tx.error();
        for (const QJsonValue &v : page->value(u"conflicts").toArray()) {
            auto ins = db.cached("INSERT OR IGNORE INTO sync_conflicts(id, entity, record_id, field, kept, lost,"
                                 " kept_device, lost_device, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            if (!ins)
                return ins.error();
            (*ins)->bind(1, v[u"id"].toInteger()).bind(2, v[u"entity"].toString()).bind(3, v[u"record_id"].toString());
            (*ins)->bind(4, v[u"field"].toString()).bind(5, v[u"kept"].toString()).bind(6, v[u"lost"].toString());
            (*ins)->bind(7, v[u"kept_device"].toString()).bind(8, v[u"lost_device"].toString());
            (*ins)->bind(9, v[u"at"].toInteger());
            HEARTH_TRY((*ins)->run());
            fresh += db.changes() > 0 ? 1 : 0;
        }
        HEARTH_TRY(storage::writeMeta(db, "sync.conflict_cursor", QString::number(page->value(u"next").toInteger())));
        HEARTH_TRY(tx->commit());
        if (!page->value(u"more").toBool())
            return fresh;
    }
}

Result<QList<Conflict>> openConflicts(storage::Database &db, int limit)
{
    auto stmt = db.prepare("SELECT c.id, c.entity, c.record_id, c.field, c.kept, c.lost, c.kept_device, c.lost_device,"
                           " c.at, coalesce(p.name, h.address, '')"
                           " FROM sync_conflicts c"
                           " LEFT JOIN people p ON c.entity = 'person' AND p.id = c.record_id"
                           " LEFT JOIN households h ON c.entity = 'household' AND h.id = c.record_id"
                           " WHERE c.resolved_at IS NULL ORDER BY c.id DESC LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return storage::collectRows(*stmt, [](const storage::Statement &s) {
        return Conflict{s.columnInt(0),  s.columnText(1), s.columnText(2), s.columnText(3), s.columnText(4),
                        s.columnText(5), s.columnText(6), s.columnText(7), s.columnInt(8),  s.columnText(9)};
    });
}

Result<void> markConflictReviewed(storage::Database &db, qint64 id, qint64 nowMs)
{
    auto stmt = db.prepare("UPDATE sync_conflicts SET resolved_at = ? WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, nowMs).bind(2, id);
    return stmt->run();
}

} // namespace hearth::sync
