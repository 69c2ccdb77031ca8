// SPDX-License-Identifier: GPL-3.0-or-later
#include "conflicts.h"

#include "core/domain/personrepository.h"
#include "core/domain/validation.h"
#include "core/model/recordmodel.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"

#include <QJsonArray>

namespace hearth::sync {

namespace {

// A feed of the server's (conflicts, duplicate pairs) read by id after a cursor kept in the
// store; each page and its cursor in one local transaction. `keep` stores one item and says
// whether it was new.
template <typename Keep>
Result<int> pullFeed(storage::Database &db, Transport &transport, const QByteArray &token, const QString &path,
                     const char *cursorKey, const char *listKey, Keep keep)
{
    int fresh = 0;
    for (;;) {
        auto cursor = storage::readMeta(db, cursorKey);
        if (!cursor)
            return cursor.error();
        auto page = transport.request("GET", path + u"?after=%1"_qs.arg(cursor->toLongLong()), {}, token);
        if (!page)
            return page.error();
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return tx.error();
        for (const QJsonValue &v : page->value(QLatin1String(listKey)).toArray()) {
            auto isNew = keep(v.toObject());
            if (!isNew)
                return isNew.error();
            fresh += *isNew ? 1 : 0;
        }
        HEARTH_TRY(storage::writeMeta(db, cursorKey, QString::number(page->value(u"next").toInteger())));
        HEARTH_TRY(tx->commit());
        if (!page->value(u"more").toBool())
            return fresh;
    }
}

} // namespace

Result<int> pullConflicts(storage::Database &db, Transport &transport, const QByteArray &token)
{
    return pullFeed(db, transport, token, u"/v1/conflicts"_qs, "sync.conflict_cursor", "conflicts",
                    [&db](const QJsonObject &v) -> Result<bool> {
                        auto ins = db.cached("INSERT OR IGNORE INTO sync_conflicts(id, entity, record_id, field, kept, lost,"
                                             " kept_device, lost_device, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                        if (!ins)
                            return ins.error();
                        (*ins)->bind(1, v[u"id"].toInteger()).bind(2, v[u"entity"].toString());
                        (*ins)->bind(3, v[u"record_id"].toString()).bind(4, v[u"field"].toString());
                        (*ins)->bind(5, v[u"kept"].toString()).bind(6, v[u"lost"].toString());
                        (*ins)->bind(7, v[u"kept_device"].toString()).bind(8, v[u"lost_device"].toString());
                        (*ins)->bind(9, v[u"at"].toInteger());
                        HEARTH_TRY((*ins)->run());
                        return db.changes() > 0;
                    });
}

Result<int> pullDuplicates(storage::Database &db, Transport &transport, const QByteArray &token)
{
    return pullFeed(db, transport, token, u"/v1/duplicates"_qs, "sync.duplicate_cursor", "duplicates",
                    [&db](const QJsonObject &v) -> Result<bool> {
                        auto ins = db.cached("INSERT OR IGNORE INTO sync_duplicates(id, entity, first_id, second_id,"
                                             " reason, at) VALUES (?, ?, ?, ?, ?, ?)");
                        if (!ins)
                            return ins.error();
                        (*ins)->bind(1, v[u"id"].toInteger()).bind(2, v[u"entity"].toString().left(32));
                        (*ins)->bind(3, v[u"first_id"].toString().left(64)).bind(4, v[u"second_id"].toString().left(64));
                        (*ins)->bind(5, v[u"reason"].toString().left(32)).bind(6, v[u"at"].toInteger());
                        HEARTH_TRY((*ins)->run());
                        return db.changes() > 0;
                    });
}

Result<QList<SameAs>> sameAs(storage::Database &db, const QString &personId)
{
    auto stmt = db.prepare("SELECT p.id, p.name FROM sync_duplicates d JOIN people p"
                           " ON p.id = CASE WHEN d.first_id = ?1 THEN d.second_id ELSE d.first_id END"
                           " WHERE d.entity = 'person' AND (d.first_id = ?1 OR d.second_id = ?1) ORDER BY d.id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, personId);
    return storage::collectRows(*stmt, [](const storage::Statement &s) { return SameAs{s.columnText(0), s.columnText(1)}; });
}

namespace {

// An ID number or a phone (the model's checks say which fields are), masked as lists show them.
Conflict masked(Conflict c)
{
    const model::Kind *kind = model::kind(c.entity);
    const model::Field *field = kind ? model::field(*kind, c.field) : nullptr;
    if (!field || (field->check != model::Check::IdNumber && field->check != model::Check::Phone))
        return c;
    const auto mask = field->check == model::Check::IdNumber ? domain::maskIdNumber : domain::maskPhone;
    c.kept = mask(c.kept);
    c.lost = mask(c.lost);
    c.masked = true;
    return c;
}

} // namespace

Result<QList<Conflict>> openConflicts(storage::Database &db, int limit)
{
    auto stmt = db.prepare("SELECT c.id, c.entity, c.record_id, c.field, c.kept, c.lost, c.kept_device, c.lost_device,"
                           " c.at, coalesce(p.name, h.address, '')"
                           " FROM sync_conflicts c"
                           " LEFT JOIN people p ON c.entity = 'person' AND p.id = c.record_id"
                           " LEFT JOIN households h ON c.entity = 'household' AND h.id = c.record_id"
                           " WHERE c.resolved_at IS NULL AND (p.id IS NOT NULL OR h.id IS NOT NULL)" // of records held here
                           " ORDER BY c.id DESC LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return storage::collectRows(*stmt, [](const storage::Statement &s) {
        return masked(Conflict{s.columnInt(0),  s.columnText(1), s.columnText(2), s.columnText(3), s.columnText(4),
                               s.columnText(5), s.columnText(6), s.columnText(7), s.columnInt(8),  s.columnText(9)});
    });
}

Result<Conflict> revealConflict(storage::Database &db, qint64 id, const QString &actor, const QString &reason, qint64 nowMs)
{
    if (actor.trimmed().isEmpty() || reason.trimmed().isEmpty())
        return Error::withReason(ErrorCode::InvalidArgument, u"查看完整号码需要写明是谁、为什么"_qs,
                                 u"showing a full number needs who and why"_qs);
    auto stmt = db.prepare("SELECT id, entity, record_id, field, kept, lost, kept_device, lost_device, at FROM sync_conflicts"
                           " WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, QString::number(id));
    Conflict c{stmt->columnInt(0), stmt->columnText(1), stmt->columnText(2), stmt->columnText(3), stmt->columnText(4),
               stmt->columnText(5), stmt->columnText(6), stmt->columnText(7), stmt->columnInt(8), {}};
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(domain::writeAudit(db, nowMs, actor.trimmed(), u"reveal_conflict"_qs, c.entity + u'/' + c.recordId, reason.trimmed()));
    HEARTH_TRY(tx->commit());
    return c;
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
