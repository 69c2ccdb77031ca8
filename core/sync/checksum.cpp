// SPDX-License-Identifier: GPL-3.0-or-later
#include "checksum.h"

#include "core/model/recordcheck.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "core/domain/recordrows.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <functional>

namespace hearth::sync {

namespace {

// A record the checksum counts.
struct Counted
{
    const model::Kind *kind;
    QString id;
    QJsonObject body;
    bool voided;
};

// Every record of this device the server should hold too (see localDigest), one at a time, in
// the record model's order (a record's scope parent comes before it).
Result<void> forEachCounted(storage::Database &db, const std::function<void(const Counted &)> &visit)
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
    for (const model::Kind &kind : model::kinds()) {
        const QString entity = QLatin1String(kind.name);
        auto held = domain::readRecords(db, kind);
        if (!held)
            return held.error();
        for (const domain::HeldRecord &r : *held) {
            const QString key = entity + u'/' + r.id;
            if (!pending.contains(key) && !setAside.contains(key))
                visit({&kind, r.id, r.body, r.voided});
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
        visit({kind, id, body, voided});
    }
    return {};
}

// Where a record is placed, by the record model's scope rule (as the server's placement):
// its area field, its own id (a station), or where its scope parent is. Records are seen in the
// model's order, parents first; only each record's scope is kept (not its body).
class Placements
{
public:
    QString place(const Counted &r)
    {
        QString scope;
        switch (r.kind->scope) {
        case model::ScopeRule::AreaField: {
            const QJsonValue v = r.body.value(QLatin1String(r.kind->scopeField));
            scope = v.isArray() ? v.toArray().first().toString() : v.toString();
            break;
        }
        case model::ScopeRule::Self: scope = r.id; break;
        case model::ScopeRule::ParentFields:
            for (const model::Field &f : r.kind->fields) {
                const QString ref = f.scopeParent && f.references ? r.body.value(QLatin1String(f.key)).toString() : QString();
                if (!ref.isEmpty())
                    if (auto it = m_known.constFind(key(QLatin1String(f.references), ref)); it != m_known.cend()) {
                        scope = *it;
                        break;
                    }
            }
            break;
        }
        m_known.insert(key(QLatin1String(r.kind->name), r.id), scope);
        return scope;
    }

private:
    static QString key(const QString &entity, const QString &id) { return entity + u'/' + id; }
    QHash<QString, QString> m_known;
};

} // namespace

Result<ScopeDigest> localDigest(storage::Database &db)
{
    protocol::DigestBuilder digest;
    HEARTH_TRY(forEachCounted(db, [&digest](const Counted &r) {
        digest.add(QLatin1String(r.kind->name), model::canonicalRecord(*r.kind, r.id, r.body, r.voided));
    }));
    return digest.result();
}

Result<ScopeDigest> localDigestByScope(storage::Database &db, const QString &entity)
{
    Placements placements;
    protocol::DigestBuilder digest;
    HEARTH_TRY(forEachCounted(db, [&](const Counted &r) {
        const QString scope = placements.place(r);
        if (QLatin1String(r.kind->name) == entity)
            digest.add(scope, model::canonicalRecord(*r.kind, r.id, r.body, r.voided));
    }));
    return digest.result();
}

} // namespace hearth::sync
