// SPDX-License-Identifier: GPL-3.0-or-later
#include "checksum.h"

#include "core/model/recordcheck.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "core/domain/recordrows.h"

#include <QJsonDocument>
#include <QSet>

namespace hearth::sync {

Result<ScopeDigest> localDigest(storage::Database &db)
{
    // Not on the server (yet, or ever): records with entries after the acknowledged one, and
    // records whose creation the server refused. A refused edit or delete is on the server as
    // it was before: the re-download puts the server's state back here.
    auto pushed = storage::readMeta(db, "sync.pushed_seq");
    if (!pushed)
        return pushed.error();
    QSet<QString> pending;
    {
        auto stmt = db.prepare("SELECT entity || '/' || entity_id FROM outbox WHERE seq > ?"
                               " UNION SELECT o.entity || '/' || o.entity_id FROM sync_rejections r"
                               " JOIN outbox o ON o.seq = r.seq WHERE o.op = 'create'");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, pushed->toLongLong());
        while (stmt->step().value_or(false))
            pending.insert(stmt->columnText(0));
    }
    // Changes set aside: the latest state of each record as the server sent it.
    QHash<QString, std::pair<QString, QJsonObject>> setAside; // entity/id → (op, body)
    {
        auto stmt = db.prepare("SELECT entity, record_id, op, body FROM sync_setaside ORDER BY cursor");
        if (!stmt)
            return stmt.error();
        while (stmt->step().value_or(false))
            setAside.insert(stmt->columnText(0) + u'/' + stmt->columnText(1),
                            {stmt->columnText(2), QJsonDocument::fromJson(stmt->columnText(3).toUtf8()).object()});
    }
    protocol::DigestBuilder digest;
    for (const model::Kind &kind : model::kinds()) {
        const QString entity = QLatin1String(kind.name);
        auto held = domain::readRecords(db, kind);
        if (!held)
            return held.error();
        for (const domain::HeldRecord &r : *held) {
            const QString key = entity + u'/' + r.id;
            if (!pending.contains(key) && !setAside.contains(key))
                digest.add(entity, model::canonicalRecord(kind, r.id, r.body, r.voided));
        }
    }
    for (auto it = setAside.begin(); it != setAside.end(); ++it) {
        const QString entity = it.key().section(u'/', 0, 0), id = it.key().section(u'/', 1);
        const model::Kind *kind = model::kind(entity);
        QJsonObject body = it->second;
        const bool voided = body.contains(QLatin1String(model::kVoidedAt));
        if (!kind || (it->first == u"delete" && kind->life != model::Life::AppendOnly))
            continue;
        body.remove(QLatin1String(model::kVoidedAt));
        digest.add(entity, model::canonicalRecord(*kind, id, body, voided));
    }
    return digest.result();
}

} // namespace hearth::sync
