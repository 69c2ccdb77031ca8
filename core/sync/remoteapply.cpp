// SPDX-License-Identifier: GPL-3.0-or-later
#include "remoteapply.h"

#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/visit.h"
#include "core/model/recordcheck.h"
#include "core/search/searchindex.h"
#include "core/storage/database.h"
#include "purge.h"
#include "scope.h"
#include "core/domain/recordrows.h"

#include <QDateTime>

namespace hearth::sync {
namespace {

Result<void> household(storage::Database &db, const model::Kind &kind, const QString &id, const QJsonObject &b,
                       qint64 now)
{
    QString oldAddress;
    {
        auto stmt = db.cached("SELECT coalesce(address, '') FROM households WHERE id = ?");
        if (!stmt)
            return stmt.error();
        (*stmt)->bind(1, id);
        if ((*stmt)->step().value_or(false))
            oldAddress = (*stmt)->columnText(0);
    }
    HEARTH_TRY(domain::writeRecordColumns(db, kind, id, b, now));
    return search::indexHousehold(db, id, oldAddress, b.value(u"address").toString());
}

Result<void> markVoided(storage::Database &db, const model::Kind &kind, const QString &id, qint64 at)
{
    auto stmt = db.prepare("UPDATE " + std::string(kind.table) + " SET voided_at = ? WHERE id = ? AND voided_at IS NULL");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, at).bind(2, id);
    return stmt->run();
}

Result<void> removeRecord(storage::Database &db, const model::Kind &kind, const QString &id)
{
    // Records here that the server does not have may still name it (a visit it refused): then
    // the delete waits, set aside, until they are gone.
    const Error stillNamed = Error::withReason(ErrorCode::InvalidRecord, u"这台设备上还有记录引用它"_qs,
                                               u"records on this device still refer to it"_qs);
    const QString name = QLatin1String(kind.name);
    if (name == u"person") {
        auto removed = domain::PersonRepository(db).applyRemoteDelete(id);
        return !removed ? Result<void>(removed.error()) : *removed ? Result<void>() : Result<void>(stillNamed);
    }
    if (name == u"household") {
        auto held = storage::trueForId(db, "SELECT EXISTS (SELECT 1 FROM households WHERE id = ?)", id);
        if (!held || !*held)
            return held ? Result<void>() : Result<void>(held.error());
        auto removed = domain::HouseholdRepository(db).removeIfEmpty(id);
        return !removed ? Result<void>(removed.error()) : *removed ? Result<void>() : Result<void>(stillNamed);
    }
    auto stmt = db.prepare("DELETE FROM " + std::string(kind.table) + " WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    return stmt->run();
}

// Whether a record in its new state lies in `scopes`: by its own fields (its area, the station
// following it), or, for one that lives under another (a visit under its person), by whether
// this device holds that other record.
Result<bool> insideAfterMove(storage::Database &db, const model::Kind &kind, const QString &id, const QJsonObject &body,
                             const QStringList &scopes)
{
    switch (kind.scope) {
    case model::ScopeRule::Self: return insideScopes(scopes, id);
    case model::ScopeRule::AreaField:
        if (insideScopes(scopes, body.value(QLatin1String(kind.scopeField)).toString()))
            return true;
        return kind.alsoScopeField && insideScopes(scopes, body.value(QLatin1String(kind.alsoScopeField)).toString());
    case model::ScopeRule::ParentFields:
        for (const model::Field &f : kind.fields) {
            const QString parent = body.value(QLatin1String(f.key)).toString();
            if (!f.scopeParent || parent.isEmpty())
                continue;
            return storage::trueForId(
                db, ("SELECT EXISTS (SELECT 1 FROM " + std::string(model::kind(QLatin1String(f.references))->table)
                     + " WHERE id = ?)").c_str(),
                parent);
        }
        return false;
    }
    return false;
}

// The record's state as the server sent it, written into its table(s).
Result<void> applyState(storage::Database &db, const model::Kind &kind, const QString &id, const QJsonObject &body,
                        const QJsonObject &content, qint64 voidedAt)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString name = QLatin1String(kind.name);
    if (name == u"person")
        return domain::PersonRepository(db).applyRemote(id, content);
    if (name == u"household")
        return household(db, kind, id, content, now);
    if (name == u"visit")
        return domain::VisitRepository(db).applyRemote(id, body);
    HEARTH_TRY(domain::writeRecordColumns(db, kind, id, content, now));
    if (name == u"followup_note")
        HEARTH_TRY(domain::moveFollowUpByNote(db, content));
    if (kind.life == model::Life::AppendOnly && voidedAt > 0)
        return markVoided(db, kind, id, voidedAt);
    return {};
}

} // namespace

Result<void> applyRemoteChange(storage::Database &db, const QString &entity, const QString &id, const QString &op,
                               const QJsonObject &body, const QStringList &scopes)
{
    const model::Kind *kind = model::kind(entity);
    if (!kind)
        return Error::withReason(ErrorCode::InvalidRecord, u"这个版本不认识这类记录：%1"_qs.arg(entity.left(40)),
                                 u"this version does not know this kind of record: %1"_qs.arg(entity.left(40)));
    QJsonObject content = body;
    const qint64 voidedAt = content.take(QLatin1String(model::kVoidedAt)).toInteger();
    // The server refuses at push what the model refuses, so this holds for what a server of
    // this version sends; a newer or broken one is set aside, never half-applied.
    if (auto problem = model::checkRecord(*kind, content))
        return problem->toError();
    if (op == u"delete" && kind->life != model::Life::AppendOnly)
        return removeRecord(db, *kind, id);
    if (op == u"move" && !scopes.isEmpty()) {
        // Gone from here: dropped with what hangs from it, never written in a state this device
        // cannot hold (a visit naming a person it does not have).
        auto inside = insideAfterMove(db, *kind, id, content, scopes);
        if (!inside)
            return inside.error();
        if (!*inside)
            return purgeRecord(db, entity, id);
    }
    return applyState(db, *kind, id, body, content, voidedAt);
}

} // namespace hearth::sync
