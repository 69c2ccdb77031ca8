// SPDX-License-Identifier: GPL-3.0-or-later
// Applying a device's outbox (docs/sync-protocol.md, "Push"): exactly once per (device, seq),
// every entry checked against the record model (core/model) before it is applied, so nothing
// stored here can fail to apply on a device of its scope. A refused entry is kept with its
// reason and never blocks what follows; an unexpected database error refuses that entry only.
#include "syncservice.h"

#include "core/model/recordcheck.h"
#include "core/protocol/entry.h"
#include "core/protocol/merge.h"
#include "audit.h"
#include "core/model/rights.h"
#include "placement.h"
#include "digests.h"
#include "scopesql.h"
#include "units.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcPush, "hearth.server.push")

namespace hearth::server {
namespace {

constexpr qint64 kFutureSlackMs = 5 * 60 * 1000;  // a device clock this far ahead is clamped

struct Outcome
{
    const char *status = protocol::kApplied;
    QString reasonZh, reasonEn;
};

Outcome applied() { return {}; }
Outcome duplicate() { return {protocol::kDuplicate, {}, {}}; }
Outcome rejected(const char *zh, const char *en)
{
    return {protocol::kRejected, QString::fromUtf8(zh), QString::fromUtf8(en)};
}
Outcome rejected(const model::FieldProblem &p)
{
    return {protocol::kRejected, u"记录无效："_qs + p.chinese(), u"invalid record: "_qs + p.english()};
}

QString opZh(model::Op op)
{
    switch (op) {
    case model::Op::Create: return u"新建"_qs;
    case model::Op::Edit: return u"修改"_qs;
    case model::Op::Delete: return u"删除或作废"_qs;
    }
    return {};
}

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

// One push: its entries applied in order, in the caller's transaction.
class Batch
{
public:
    Batch(Pg &pg, const Device &device) : m_pg(pg), m_device(device) {}

    Result<Outcome> apply(const QJsonObject &e, qint64 seq, qint64 clock, qint64 hash)
    {
        const QString entity = e.value(u"entity").toString(), id = e.value(u"entity_id").toString();
        const QString op = e.value(u"op").toString();
        const model::Kind *kind = model::kind(entity);
        if (!kind || id.isEmpty() || model::checkValue({.key = "entity_id", .type = model::Type::Id}, id))
            return rejected("未知的记录类型或编号", "unknown record type or id");
        const QJsonObject payload = e.value(u"payload").toObject();
        Entry entry{*kind, entity, id, payload, seq, clock, hash};
        const std::optional<model::Op> right = op == u"create" ? std::optional(model::Op::Create)
                                             : op == u"update" ? std::optional(model::Op::Edit)
                                             : op == u"delete" ? std::optional(model::Op::Delete)
                                                               : std::nullopt;
        if (!right)
            return rejected("未知的操作", "unknown operation");
        // The role's rights first (core/model/rights.cpp): what it may not do, it may not do anywhere.
        if (!model::may(m_device.role, entity, *right))
            return Outcome{protocol::kRejected, u"您的身份（%1）不能%2这类记录（%3）"_qs.arg(m_device.role, opZh(*right), entity),
                           u"your role (%1) may not %2 records of this kind (%3)"_qs.arg(m_device.role,
                                                                                       QLatin1String(model::opName(*right)), entity)};
        switch (*right) {
        case model::Op::Create: return create(entry);
        case model::Op::Edit: return update(entry);
        case model::Op::Delete: return remove(entry);
        }
        return rejected("未知的操作", "unknown operation");
    }

    const QStringList &scopes() const { return m_device.scopes; }

private:
    struct Entry
    {
        const model::Kind &kind;
        QString entity, id;
        QJsonObject payload;
        qint64 seq, clock;
        qint64 hash; // the first 64 bits of protocol::entryHash of the entry as the device sent it
    };
    using Parents = QHash<QString, Stored>; // reference field → the record it names

    // Every reference that must exist names a record the device may see, not deleted. One that
    // names a merged duplicate is redirected to its survivor (in `redirected`, when given).
    Result<std::optional<model::FieldProblem>> checkReferences(const model::Kind &kind, const QJsonObject &body,
                                                                Parents &parents, const QStringList &onlyFields = {},
                                                                QJsonObject *redirected = nullptr)
    {
        for (const model::Reference &ref : model::referencesOf(kind, body)) {
            if (!ref.field->mustExist || (!onlyFields.isEmpty() && !onlyFields.contains(QLatin1String(ref.field->key))))
                continue;
            auto found = load(m_pg, ref.kind, ref.id);
            if (!found)
                return found.error();
            const QString key = QLatin1String(ref.field->key);
            if (found->deleted && !found->mergedInto.isEmpty() && redirected) {
                (*redirected)[key] = found->mergedInto;
                found = load(m_pg, ref.kind, found->mergedInto);
                if (!found)
                    return found.error();
            }
            if (!found->exists)
                return std::optional(model::FieldProblem{key, domain::Problem::UnknownRecord});
            if (found->deleted)
                return std::optional(model::FieldProblem{key, domain::Problem::Deleted});
            if (!visibleTo(m_device.scopes, ref.kind, found->at))
                return std::optional(model::FieldProblem{key, domain::Problem::OutOfScope});
            parents.insert(key, *found);
        }
        return std::optional<model::FieldProblem>();
    }

    Result<void> writeChange(const Entry &e, const Placement &at, const char *op, const QJsonObject &body)
    {
        auto r = m_pg.exec("INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc, entry_hash, county)"
                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, hearth_unit($3))",
                           {e.entity, e.id, at.scope, extraScopes(at.extra), QString::fromLatin1(op), json(body),
                            m_device.id, e.seq, e.clock, e.hash});
        if (!r)
            return r.error();
        return {};
    }

    // Another person with the same resident ID number: both are kept, the pair listed for a
    // supervisor (admin duplicates) and sent to the devices of the scope.
    Result<void> noteDuplicates(const Entry &e, const QJsonObject &body, const Placement &at)
    {
        const QString number = body.value(u"id_number").toString();
        if (e.entity != u"person" || number.isEmpty())
            return {};
        // Two people with one number pushed at once, in two counties: the second waits for the
        // first and sees it. A row lock on the number's bucket (no number is kept there), so
        // it holds across server processes and database nodes alike.
        auto guard = m_pg.exec("INSERT INTO id_number_guard (bucket) VALUES (hashtextextended($1, 0) & 65535)"
                               " ON CONFLICT (bucket) DO UPDATE SET bucket = excluded.bucket",
                               {number});
        if (!guard)
            return guard.error();
        auto r = m_pg.exec("INSERT INTO duplicates (entity, first_id, second_id, scope, reason)"
                           " SELECT 'person', least(id, $1), greatest(id, $1), $2, 'id_number' FROM records"
                           " WHERE entity = 'person' AND body->>'id_number' = $3 AND id <> $1 AND NOT deleted"
                           " ON CONFLICT (entity, first_id, second_id) DO NOTHING",
                           {e.id, at.scope, number});
        if (!r)
            return r.error();
        return {};
    }

    // A note that moves its follow-up (status, amount recovered) moves the follow-up's state
    // here too, as on the device that wrote it: devices and server agree on the follow-up.
    Result<void> followNote(const Entry &e)
    {
        const QString status = e.payload.value(u"status").toString();
        const qint64 recovered = e.payload.value(u"recovered_fen").toInteger(-1);
        if (e.entity != u"followup_note" || (status.isEmpty() && recovered < 0))
            return {};
        const QString followUpId = e.payload.value(u"followup_id").toString();
        auto followUp = load(m_pg, u"followup"_qs, followUpId);
        if (!followUp)
            return followUp.error();
        QJsonObject body = followUp->body;
        if (!status.isEmpty())
            body[u"status"] = status;
        if (recovered >= 0)
            body[u"recovered_fen"] = recovered;
        if (body == followUp->body)
            return {};
        auto r = m_pg.exec("UPDATE records SET body = $2, content_hash = $3::numeric, updated_at = now()"
                           " WHERE entity = 'followup' AND id = $1",
                           {followUpId, json(body), contentHash(u"followup"_qs, followUpId, body, followUp->voided)});
        if (!r)
            return r.error();
        auto change = m_pg.exec("INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc, county)"
                                " VALUES ('followup', $1, $2, $3, 'update', $4, $5, NULL, $6, hearth_unit($2))",
                                {followUpId, followUp->at.scope, extraScopes(followUp->at.extra), json(body), m_device.id,
                                 e.clock});
        if (!change)
            return change.error();
        return {};
    }

    // A visit that names only its person, the commonest create after people: the person's
    // scope, the checks that it exists, is not deleted and is in scope, the record and its change
    // row in one statement. False when anything is unusual: the full path then says why.
    Result<bool> createVisitToPerson(const Entry &e)
    {
        if (e.entity != u"visit")
            return false;
        const QList<model::Reference> refs = model::referencesOf(e.kind, e.payload);
        if (refs.size() != 1 || refs.first().kind != u"person")
            return false;
        const auto [stations, areas] = scopeArrays(m_device.scopes);
        auto created = m_pg.exec("WITH parent AS (SELECT scope, extra_scopes FROM records WHERE entity = 'person'"
                                 " AND id = $7 AND NOT deleted AND" HEARTH_VISIBLE("", "$8", "$9") "),"
                                 " reg AS (INSERT INTO record_ids (entity, id) SELECT $1, $2 FROM parent"
                                 " ON CONFLICT DO NOTHING RETURNING 1),"
                                 " ins AS (INSERT INTO records (entity, id, scope, extra_scopes, body, create_hash, content_hash)"
                                 " SELECT $1, $2, parent.scope, parent.extra_scopes, $3, $10, $11::numeric FROM parent, reg"
                                 " RETURNING scope, extra_scopes)"
                                 " INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc,"
                                 " entry_hash, county) SELECT $1, $2, ins.scope, ins.extra_scopes, 'create', $3, $4, $5, $6, $10,"
                                 " hearth_unit(ins.scope)"
                                 " FROM ins"
                                 " RETURNING scope, array_to_json(extra_scopes)",
                                 {e.entity, e.id, json(e.payload), m_device.id, e.seq, e.clock, refs.first().id,
                                  stations, areas, e.hash, contentHash(e.kind, e.id, e.payload, false)});
        if (!created)
            return created.error();
        if (created->rows() != 1)
            return false;
        HEARTH_TRY(notePhotos(m_pg, {created->text(0, 0), created->textList(0, 1)}, e.payload));
        return true;
    }

    Result<Outcome> create(const Entry &entry)
    {
        if (auto problem = model::checkRecord(entry.kind, entry.payload))
            return rejected(*problem);
        if (auto fast = createVisitToPerson(entry); !fast || *fast)
            return fast ? Result<Outcome>(applied()) : Result<Outcome>(fast.error());
        Parents parents;
        Entry e = entry; // its references may be redirected to a merged duplicate's survivor
        auto refProblem = checkReferences(e.kind, entry.payload, parents, {}, &e.payload);
        if (!refProblem)
            return refProblem.error();
        if (*refProblem)
            return rejected(**refProblem);
        const Placement at = placementOf(e.kind, e.id, e.payload, parents);
        if (at.scope.isEmpty())
            return rejected("记录缺少所在区划或站点", "the record names no area or station");
        const bool ownStation = e.kind.scope == model::ScopeRule::Self;
        if (ownStation && (!sync::isStationId(e.id) || e.id != e.id.toLower())) // its id becomes a scope: a UUID only
            return rejected("站点编号应为 UUID", "a station's id must be a UUID");
        // Stations made in the field (docs/access.md): only in a county the user's own area scope holds.
        if (ownStation && !model::mayFoundStation(m_device.role, m_device.scopes, e.payload.value(u"home_county").toString()))
            return rejected("只能在您负责的县（区）内新建站点，请联系管理员", "a station may be made only in a county your scope holds: ask an administrator");
        if (!ownStation && !holds(m_device.scopes, at))
            return rejected("超出您的负责范围", "outside your scope");
        // A campaign lives by its first target area, and reaches every one: each an area code
        // inside the pusher's scope (a village's cadre cannot launch one for the province).
        if (e.entity == u"campaign")
            for (const QJsonValue &t : e.payload.value(u"target_areas").toArray())
                if (!sync::isAreaScope(t.toString()) || !inScope(m_device.scopes, t.toString()))
                    return rejected("活动的每个对象区划都须在您的负责范围内", "every target area of a campaign must lie in your scope");
        if (e.kind.areaOfStation && !inScope(m_device.scopes, at.scope)) {
            // Held only through its station: it counts in the station's home county, no other.
            const QString home = parents.value(QLatin1String(e.kind.alsoScopeField)).body.value(u"home_county").toString();
            if (home.isEmpty() || !at.scope.startsWith(home))
                return rejected("站点的记录只能计入站点所属县（区）", "a station's record counts only in the station's home county");
        }
        if (!ownStation) {
            // The common case in one round trip: a new record and its change row together.
            // The id first, in the province's registry: taken already (anywhere), nothing is written.
            auto created = m_pg.exec("WITH reg AS (INSERT INTO record_ids (entity, id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                                     " RETURNING 1),"
                                     " ins AS (INSERT INTO records (entity, id, scope, extra_scopes, body, create_hash,"
                                     " content_hash) SELECT $1, $2, $3, $4, $5, $9, $10::numeric FROM reg RETURNING 1)"
                                     " INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc,"
                                     " entry_hash, county) SELECT $1, $2, $3, $4, 'create', $5, $6, $7, $8, $9, hearth_unit($3) FROM ins",
                                     {e.entity, e.id, at.scope, extraScopes(at.extra), json(e.payload), m_device.id, e.seq,
                                      e.clock, e.hash, contentHash(e.kind, e.id, e.payload, false)});
            if (!created)
                return created.error();
            if (created->affected() == 1) {
                HEARTH_TRY(notePhotos(m_pg, at, e.payload));
                HEARTH_TRY(noteDuplicates(e, e.payload, at));
                HEARTH_TRY(followNote(e));
                if (!at.extra.isEmpty()) // a person a station follows: their household goes there too
                    HEARTH_TRY(followHousehold(m_pg, e.payload.value(u"household_id").toString(), m_device.id, e.clock));
                return applied();
            }
        }
        auto existing = load(m_pg, e.entity, e.id);
        if (!existing)
            return existing.error();
        if (existing->exists) {
            // The same create again (a copy of the store, or a store enrolled again, sending what
            // it made before): compared with what the record was made from, not what it has
            // become since (later edits merged into it).
            auto made = m_pg.exec("SELECT create_hash FROM records WHERE entity = $1 AND id = $2", {e.entity, e.id});
            if (!made)
                return made.error();
            const bool same = !made->isNull(0, 0) ? made->integer(0, 0) == e.hash
                                                  : protocol::withoutBookkeeping(existing->body) == e.payload;
            if (same)
                return duplicate();
            return rejected("同一编号的记录内容不同，已留待审核", "the same id with other content: kept for review");
        }
        auto ins = m_pg.exec("WITH reg AS (INSERT INTO record_ids (entity, id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                             " RETURNING 1)"
                             " INSERT INTO records (entity, id, scope, body, create_hash, content_hash)"
                             " SELECT $1, $2, $3, $4, $5, $6::numeric FROM reg",
                             {e.entity, e.id, at.scope, json(e.payload), e.hash, contentHash(e.kind, e.id, e.payload, false)});
        if (!ins)
            return ins.error();
        if (ins->affected() == 0) // made meanwhile by another push
            return rejected("同一编号的记录内容不同，已留待审核", "the same id with other content: kept for review");
        // A new station, in a county the user's scope holds: it enters that user's scope (and no
        // one else's), from the next entry of this batch on. The grant is audited.
        auto r = m_pg.exec("UPDATE users SET scopes = array_append(scopes, $2) WHERE id = $1 AND NOT $2 = ANY(scopes)",
                           {m_device.userId, e.id});
        if (!r)
            return r.error();
        HEARTH_TRY(appendAudit(m_pg, {m_device.userName, u"scope.found_station"_qs, e.id,
                                      u"device %1, county %2"_qs.arg(m_device.id, e.payload.value(u"home_county").toString()), {}}));
        if (!m_device.scopes.contains(e.id))
            m_device.scopes << e.id;
        HEARTH_TRY(writeChange(e, at, "create", e.payload));
        return applied();
    }

    // The record an update or delete changes; `refused` says why when the entry may not change
    // it: there is none, or it is not within the device's scope (what it may only read, such as
    // the county's campaign, it may not change).
    Result<Stored> target(const Entry &e, std::optional<Outcome> &refused)
    {
        auto stored = load(m_pg, e.entity, e.id);
        if (stored && !stored->exists)
            refused = rejected("服务器上没有这条记录", "the server has no such record");
        else if (stored && !holds(m_device.scopes, stored->at))
            refused = rejected("超出您的负责范围", "outside your scope");
        return stored;
    }

    Result<Outcome> update(const Entry &e)
    {
        if (e.kind.life != model::Life::MergedPerField)
            return rejected("这类记录不能这样修改", "this record cannot be changed this way");
        if (auto problem = model::checkUpdate(e.kind, e.payload))
            return rejected(*problem);
        std::optional<Outcome> refused;
        auto found = target(e, refused);
        if (!found)
            return found.error();
        if (refused)
            return *refused;
        const Stored &stored = *found;
        if (stored.deleted && !stored.mergedInto.isEmpty()) { // merged meanwhile: the edit goes to the survivor
            Entry redirected = e;
            redirected.id = stored.mergedInto;
            return update(redirected);
        }
        if (stored.deleted) // an edit made offline while another device deleted it: kept for review
            return rejected("这条记录已被删除，修改已留待审核", "the record was deleted: the change is kept for review");
        const protocol::Merged merged = protocol::mergeUpdate(e.kind, stored.body, e.payload, e.clock, m_device.id);
        // The state was valid and every value the update brings was checked (checkUpdate): the
        // merged state needs no second full check.
        const QJsonObject state = protocol::withoutBookkeeping(merged.body);
        Parents parents;
        auto refProblem = checkReferences(e.kind, state, parents, merged.changedFields);
        if (!refProblem)
            return refProblem.error();
        if (*refProblem)
            return rejected(**refProblem);
        // A changed village or following station moves the record, with what lives under it. A
        // household names no station: the stations it is also with come from its members
        // (followHousehold) and stay through an edit of its own fields.
        Placement to = placementOf(e.kind, e.id, state, parents);
        if (e.entity == u"household")
            to.extra = stored.at.extra;
        if (to.scope != stored.at.scope) {
            auto allowed = mayMove(stored.at.scope, to.scope);
            if (!allowed)
                return allowed.error();
            if (!*allowed)
                // (Supervisors write no people: a move between counties is made by someone whose
                // scope holds the destination, which an administrator can grant.)
                return rejected("只能迁到本县（区）内存在的村，或您负责的范围内；迁往外县请联系管理员",
                                "a record may move only to an existing village of its county or of your scope; for a "
                                "move to another county, ask an administrator");
            HEARTH_TRY(appendAudit(m_pg, {m_device.userName, u"record.move"_qs, e.entity + u'/' + e.id,
                                          stored.at.scope + u" -> "_qs + to.scope, {}}));
        }
        if (to != stored.at) {
            HEARTH_TRY(moveRecord(m_pg, MoveOf{e.entity, e.id, stored.at, to, merged.body, m_device.id, e.seq, e.clock, e.hash}));
        } else {
            // The merged record and its change row in one round trip (what devices pull is the
            // state without the merge bookkeeping).
            auto r = m_pg.exec("WITH upd AS (UPDATE records SET body = $5, content_hash = $11::numeric, updated_at = now()"
                               " WHERE entity = $1 AND id = $2 RETURNING 1)"
                               " INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc, entry_hash, county)"
                               " SELECT $1, $2, $3, $4, 'update', $6, $7, $8, $9, $10, hearth_unit($3) FROM upd",
                               {e.entity, e.id, stored.at.scope, extraScopes(stored.at.extra), json(merged.body), json(state),
                                m_device.id, e.seq, e.clock, e.hash, contentHash(e.kind, e.id, merged.body, stored.voided)});
            if (!r)
                return r.error();
        }
        // The fields it lost, for the review queue and for every device that holds the record
        // where it is now (its village, and the stations that follow it). Written after the
        // record's change row, which took the record's unit: a conflict's place in the feed is
        // drawn only once this push holds the unit its readers hold (syncservice.cpp, readFeed),
        // so no reader's horizon passes it before it commits.
        for (const protocol::FieldConflict &c : merged.conflicts) {
            auto r = m_pg.exec("INSERT INTO conflicts (entity, record_id, scope, extra_scopes, field, kept, lost, kept_device,"
                               " lost_device) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                               {e.entity, e.id, to.scope, extraScopes(to.extra), c.field, c.kept, c.lost, c.keptDevice,
                                c.lostDevice});
            if (!r)
                return r.error();
        }
        if (merged.changedFields.contains(u"id_number"_qs))
            HEARTH_TRY(noteDuplicates(e, state, to));
        if (e.entity == u"person" && (to.extra != stored.at.extra || merged.changedFields.contains(u"household_id"_qs))) {
            // The stations that follow the household's members follow the household too.
            HEARTH_TRY(followHousehold(m_pg, state.value(u"household_id").toString(), m_device.id, e.clock));
            const QString before = protocol::withoutBookkeeping(stored.body).value(u"household_id").toString();
            if (before != state.value(u"household_id").toString())
                HEARTH_TRY(followHousehold(m_pg, before, m_device.id, e.clock));
        }
        return applied();
    }

    // Where a device may move a record (issue 12: a move was a way to push a record anywhere,
    // or to make it vanish): to an area of the area table that lies in the record's county or
    // in the device's own scope.
    Result<bool> mayMove(const QString &from, const QString &to)
    {
        if (!sync::isAreaScope(to))
            return false;
        auto known = m_pg.exec("SELECT 1 FROM areas WHERE code = $1", {to});
        if (!known)
            return known.error();
        if (known->rows() == 0)
            return false;
        return inScope(m_device.scopes, to) || (from.size() >= 6 && to.left(6) == from.left(6));
    }

    // Whether a live record names this one (a delete would orphan it).
    Result<bool> referenced(const Entry &e)
    {
        for (const model::Kind &other : model::kinds())
            for (const model::Field &f : other.fields) {
                if (!f.references || e.entity != QLatin1String(f.references))
                    continue;
                // Literal names from the model (never user input), so the expression indexes apply.
                const QByteArray sql = "SELECT 1 FROM records WHERE entity = '" + QByteArray(other.name)
                    + "' AND body->>'" + QByteArray(f.key) + "' = $1"
                    + (other.life == model::Life::AppendOnly ? "" : " AND NOT deleted") + " LIMIT 1";
                auto r = m_pg.exec(sql.constData(), {e.id});
                if (!r)
                    return r.error();
                if (r->rows() > 0)
                    return true;
            }
        return false;
    }

    Result<Outcome> remove(const Entry &e)
    {
        std::optional<Outcome> refused;
        auto found = target(e, refused);
        if (!found)
            return found.error();
        if (refused)
            return *refused;
        const Stored &stored = *found;
        const QJsonObject content = protocol::withoutBookkeeping(stored.body);
        if (e.kind.life == model::Life::AppendOnly) {
            // Voided, its content untouched: what was recorded stays as it was.
            if (stored.voided)
                return duplicate();
            const qint64 given = e.payload.value(u"voided_at").toInteger(0);
            const qint64 at = given > 0 ? given : QDateTime::currentMSecsSinceEpoch();
            auto r = m_pg.exec("UPDATE records SET voided_at = $3, content_hash = $4::numeric, updated_at = now()"
                               " WHERE entity = $1 AND id = $2",
                               {e.entity, e.id, at, contentHash(e.kind, e.id, stored.body, true)});
            if (!r)
                return r.error();
            QJsonObject pulled = content;
            pulled[QLatin1String(model::kVoidedAt)] = at;
            HEARTH_TRY(writeChange(e, stored.at, "delete", pulled));
            return applied();
        }
        if (stored.deleted)
            return duplicate(); // deleted already, by this device or another
        auto used = referenced(e);
        if (!used)
            return used.error();
        if (*used)
            return rejected("已有相关记录，不能删除", "records about this exist: not deleted");
        // A tombstone: the record stays (kept for devices offline for months), marked deleted.
        auto r = m_pg.exec("UPDATE records SET deleted = true, updated_at = now() WHERE entity = $1 AND id = $2",
                           {e.entity, e.id});
        if (!r)
            return r.error();
        HEARTH_TRY(writeChange(e, stored.at, "delete", content));
        if (e.entity == u"person" && !stored.at.extra.isEmpty()) // a followed member gone: their household
            HEARTH_TRY(followHousehold(m_pg, content.value(u"household_id").toString(), m_device.id, e.clock));
        return applied();
    }

    Pg &m_pg;
    Device m_device; // its scopes grow when the batch creates a station
};

Error copiedStore(qint64 seq)
{
    return Error::withReason(ErrorCode::Conflict,
                             u"这台设备上的数据是从别处复制或恢复来的（序号 %1 已用于别的内容）；请重新登记这台设备"_qs.arg(seq),
                             u"this store was copied or restored (sequence %1 was used for other content); enrol "
                             "this device again"_qs.arg(seq),
                             QString::fromLatin1(protocol::kCopiedStore));
}

// The entries of one push, applied in one transaction. `guarded`: each entry under a savepoint,
// so an unexpected database error refuses that entry alone (the second try of a batch that hit one).
Result<QJsonObject> runBatch(Pg &pg, const Device &device, const QJsonArray &entries, bool guarded,
                             const AlsoInTransaction &also)
{
    // The units this device writes, their rows made first if new (each committed on its own),
    // then taken in one order for every writer: pushes of one county wait for each other (its
    // cursors follow commit order), pushes of two counties do not.
    auto units = writableUnits(pg, device.scopes);
    if (!units)
        return units.error();
    HEARTH_TRY(ensureUnits(pg, *units));
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    HEARTH_TRY(lockUnits(pg, *units));
    HEARTH_TRY(beginDigestBatch(pg));
    auto seqRow = pg.exec("SELECT last_seq FROM devices WHERE id = $1 FOR UPDATE", {device.id});
    if (!seqRow)
        return seqRow.error();
    qint64 last = seqRow->integer(0, 0);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // A sequence number seen before must carry the content it had: otherwise another store
    // (a copy, a restored backup) is using this device's identity.
    QList<qint64> hashes;
    QStringList resent;
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        // Its first 64 bits are plenty to tell two entries of one (device, seq) apart.
        hashes << qint64(protocol::entryHash(e.value(u"entity").toString(), e.value(u"entity_id").toString(),
                                             e.value(u"op").toString(), e.value(u"payload").toObject())
                             .left(16)
                             .toULongLong(nullptr, 16));
        if (e.value(u"seq").toInteger() <= last)
            resent << QString::number(e.value(u"seq").toInteger());
    }
    if (!resent.isEmpty()) {
        auto known = pg.exec("SELECT seq, entry_hash FROM changes WHERE device_id = $1 AND seq = ANY($2::bigint[])"
                             " AND entry_hash IS NOT NULL"
                             " UNION ALL SELECT seq, hash FROM entry_hashes WHERE device_id = $1 AND seq = ANY($2::bigint[])",
                             {device.id, resent});
        if (!known)
            return known.error();
        for (int i = 0; i < known->rows(); ++i) {
            const qint64 seq = known->integer(i, 0);
            for (int j = 0; j < entries.size(); ++j)
                if (entries[j].toObject().value(u"seq").toInteger() == seq && hashes[j] != known->integer(i, 1))
                    return copiedStore(seq);
        }
    }

    Batch batch(pg, device);
    QJsonArray results;
    qint64 through = 0; // the highest sequence of this batch: never past what it held (a copy may be ahead)
    QStringList newSeqs, newHashes;
    for (int i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries[i].toObject();
        const qint64 seq = e.value(u"seq").toInteger(-1);
        through = std::max(through, seq);
        if (seq <= last) { // applied before: the device did not hear our answer
            results.append(QJsonObject{{u"seq"_qs, seq}, {u"status"_qs, QLatin1String(protocol::kDuplicate)}});
            continue;
        }
        if (seq != last + 1)
            return Error::withReason(ErrorCode::Conflict, u"序号不连续：应为 %1"_qs.arg(last + 1),
                                     u"sequence gap: expected %1"_qs.arg(last + 1), QString::number(last + 1));
        // The entry's hybrid logical clock; one running ahead of ours by more than the slack is
        // clamped and flagged.
        const qint64 limit = (now + kFutureSlackMs) << protocol::kClockShift;
        const qint64 wanted = protocol::entryClock(e, now);
        const qint64 clock = std::min(wanted, limit);
        if (guarded)
            HEARTH_TRY(pg.execScript("SAVEPOINT entry"));
        auto outcome = batch.apply(e, seq, clock, hashes[i]);
        // A unit without a row, a deadlock: the whole batch runs again (writingUnits), never
        // refused for it.
        if (!outcome && (!guarded || isDeadlock(outcome.error()) || !newUnitOf(outcome.error()).isEmpty()))
            return outcome.error();
        if (!outcome) {
            // Only the entry's own statements are undone; the reason names no value of it.
            HEARTH_TRY(pg.execScript("ROLLBACK TO SAVEPOINT entry"));
            qCWarning(lcPush) << "entry" << seq << "of device" << device.id << "refused:" << outcome.error().detail();
            outcome = Outcome{protocol::kRejected, u"服务器无法保存这条记录，已留待审核"_qs,
                              u"the server could not store this record: kept for review"_qs};
        }
        if (guarded)
            HEARTH_TRY(pg.execScript("RELEASE SAVEPOINT entry"));
        if (outcome->status == QLatin1String(protocol::kRejected)) {
            // The payload as JSON text: it may hold what PostgreSQL's JSON type refuses (U+0000).
            auto r = pg.exec("INSERT INTO rejections (device_id, seq, entity, id, op, reason, payload)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                             {device.id, seq, e.value(u"entity").toString().left(64),
                              e.value(u"entity_id").toString().left(64), e.value(u"op").toString().left(16),
                              outcome->reasonEn, QString::fromUtf8(json(e.value(u"payload").toObject()))});
            if (!r)
                return r.error();
        }
        QJsonObject result{{u"seq"_qs, seq}, {u"status"_qs, QLatin1String(outcome->status)}};
        if (!outcome->reasonZh.isEmpty()) {
            result[u"reason_zh"_qs] = outcome->reasonZh;
            result[u"reason_en"_qs] = outcome->reasonEn;
        }
        if (wanted > limit)
            result[u"clock_clamped"_qs] = true;
        results.append(result);
        if (outcome->status != QLatin1String(protocol::kApplied)) { // applied: its change row holds the hash
            newSeqs << QString::number(seq);
            newHashes << QString::number(hashes[i]);
        }
        last = seq;
    }
    if (!newSeqs.isEmpty()) {
        auto r = pg.exec("INSERT INTO entry_hashes (device_id, seq, hash)"
                         " SELECT $1, unnest($2::bigint[]), unnest($3::bigint[]) ON CONFLICT DO NOTHING",
                         {device.id, newSeqs, newHashes});
        if (!r)
            return r.error();
    }
    if (auto r = pg.exec("UPDATE devices SET last_seq = $2 WHERE id = $1", {device.id, last}); !r)
        return r.error();
    HEARTH_TRY(flushDigests(pg));
    const QJsonObject answer{{u"applied_through"_qs, std::min(last, through)}, {u"results"_qs, results}};
    if (also)
        HEARTH_TRY(also(answer));
    HEARTH_TRY(tx->commit());
    return answer;
}

} // namespace

Result<QJsonObject> push(Pg &pg, const Device &device, const QJsonObject &request, const AlsoInTransaction &also)
{
    static const QSet<QString> kEntryKeys = {u"seq"_qs,     u"entity"_qs,     u"entity_id"_qs, u"op"_qs,
                                             u"payload"_qs, u"created_at"_qs, u"hlc"_qs};
    for (auto it = request.begin(); it != request.end(); ++it)
        if (it.key() != u"entries")
            return Error::withReason(ErrorCode::InvalidArgument, u"未知字段：%1"_qs.arg(it.key().left(40)),
                                     u"unknown field: %1"_qs.arg(it.key().left(40)));
    const QJsonArray entries = request[u"entries"].toArray();
    if (entries.size() > kMaxPushEntries)
        return Error::withReason(ErrorCode::InvalidArgument, u"一次最多上传 1000 条"_qs,
                                 u"at most 1000 entries per push"_qs);
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        for (auto it = e.begin(); it != e.end(); ++it)
            if (!kEntryKeys.contains(it.key()))
                return Error::withReason(ErrorCode::InvalidArgument, u"条目中有未知字段：%1"_qs.arg(it.key().left(40)),
                                         u"unknown field in an entry: %1"_qs.arg(it.key().left(40)));
        if (e.value(u"seq").toInteger(-1) <= 0 || !e.value(u"payload").isObject())
            return Error::withReason(ErrorCode::InvalidArgument, u"条目格式不对"_qs, u"malformed entry"_qs);
    }
    // First as one transaction; if an entry meets an unexpected database error, again with a
    // savepoint per entry so that entry alone is refused.
    // A deadlock (a batch that reached a unit beyond its own while another held it) is broken
    // by PostgreSQL rolling one back, and a unit reached for the first time is made: the batch
    // simply runs again (writingUnits).
    return writingUnits(pg, [&]() -> Result<QJsonObject> {
        auto result = runBatch(pg, device, entries, false, also);
        if (result || result.error().code() != ErrorCode::Database || !pg.ok() || isDeadlock(result.error())
            || !newUnitOf(result.error()).isEmpty())
            return result;
        return runBatch(pg, device, entries, true, also);
    });
}

} // namespace hearth::server
