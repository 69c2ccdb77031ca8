// SPDX-License-Identifier: GPL-3.0-or-later
#include "placement.h"

#include "audit.h"
#include "core/protocol/merge.h"
#include "digests.h"
#include "units.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace hearth::server {
namespace {

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

struct Under
{
    QString entity, id;
    QJsonObject body;
    bool voided = false;
    qint64 voidedAt = 0;
};

// Everything that lives under a record: records whose first non-empty scope-parent field names
// it, and what lives under those, in the order they were made.
Result<QList<Under>> subtree(Pg &pg, const QString &entity, const QString &id)
{
    QList<Under> out;
    for (const model::Kind &kind : model::kinds()) {
        if (kind.scope != model::ScopeRule::ParentFields)
            continue;
        QByteArray earlierEmpty;
        for (const model::Field &f : kind.fields) {
            if (!f.scopeParent)
                continue;
            if (entity == QLatin1String(f.references)) {
                // Names from the model, never from a request: literal, so the expression indexes apply.
                // A review is found under its visit through the console's lookup key (schema 18),
                // which always equals 'review ' and its visit_id: the condition only picks the index.
                const QByteArray byKey = QByteArray(kind.name) == "review" ? " AND lookup = 'review ' || $1::text" : "";
                const QByteArray sql = "SELECT id, body, voided_at FROM records WHERE entity = '" + QByteArray(kind.name)
                    + "' AND body->>'" + QByteArray(f.key) + "' = $1" + byKey + earlierEmpty + " ORDER BY updated_at, id";
                auto r = pg.exec(sql.constData(), {id});
                if (!r)
                    return r.error();
                for (int i = 0; i < r->rows(); ++i) {
                    const QString child = r->text(i, 0);
                    out.append({QLatin1String(kind.name), child, QJsonDocument::fromJson(r->bytes(i, 1)).object(),
                                !r->isNull(i, 2), r->integer(i, 2)});
                    auto below = subtree(pg, QLatin1String(kind.name), child);
                    if (!below)
                        return below.error();
                    out.append(*below);
                }
            }
            earlierEmpty += " AND coalesce(body->>'" + QByteArray(f.key) + "', '') = ''";
        }
    }
    return out;
}

QStringList minus(const QStringList &a, const QStringList &b)
{
    QStringList out;
    for (const QString &s : a)
        if (!b.contains(s))
            out << s;
    return out;
}

// A change row of a moved record. `home`: the scope whose unit keeps it when the row has none
// of its own (a row only for the stations that gain or lose the record stays in its county).
Result<void> change(Pg &pg, const MoveOf &m, const QString &entity, const QString &id, const Placement &at,
                    const char *op, const QJsonObject &body, bool own, const QString &home)
{
    if (at.scope.isEmpty() && at.extra.isEmpty())
        return {};
    const bool ours = own && m.seq > 0;
    auto r = pg.exec("INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc, entry_hash, county)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                     {entity, id, at.scope, extraScopes(at.extra), QString::fromLatin1(op), json(body), m.deviceId,
                      ours ? QVariant(m.seq) : QVariant(), m.clock, ours ? QVariant(m.entryHash) : QVariant(),
                      unitOf(at.scope.isEmpty() ? home : at.scope)});
    if (!r)
        return r.error();
    return {};
}

} // namespace

Result<Stored> load(Pg &pg, const QString &entity, const QString &id)
{
    auto r = pg.exec("SELECT body, scope, array_to_json(extra_scopes), deleted, voided_at IS NOT NULL, coalesce(merged_into, '')"
                     " FROM records WHERE entity = $1 AND id = $2",
                     {entity, id});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return Stored{};
    return Stored{true, QJsonDocument::fromJson(r->bytes(0, 0)).object(),
                  Placement{r->text(0, 1), r->textList(0, 2)}, r->text(0, 3) == u"t", r->text(0, 4) == u"t",
                  r->text(0, 5)};
}

Placement placementOf(const model::Kind &kind, const QString &id, const QJsonObject &body,
                      const QHash<QString, Stored> &parents)
{
    Placement at;
    switch (kind.scope) {
    case model::ScopeRule::AreaField: {
        const QJsonValue v = body.value(QLatin1String(kind.scopeField));
        at.scope = v.isArray() ? v.toArray().first().toString() : v.toString();
        break;
    }
    case model::ScopeRule::Self: at.scope = id; break;
    case model::ScopeRule::ParentFields:
        for (const model::Field &f : kind.fields)
            if (f.scopeParent && parents.contains(QLatin1String(f.key))) {
                at = parents.value(QLatin1String(f.key)).at;
                break;
            }
        break;
    }
    if (kind.alsoScopeField) {
        const QString also = body.value(QLatin1String(kind.alsoScopeField)).toString();
        if (!also.isEmpty() && also != at.scope && !at.extra.contains(also))
            at.extra << also;
    }
    return at;
}

Result<void> notePhotos(Pg &pg, const Placement &at, const QJsonObject &body)
{
    for (const QJsonValue &p : body.value(u"photos").toArray())
        for (const char *key : {"hash", "thumb_hash"}) {
            const QString hash = p[QLatin1String(key)].toString();
            if (hash.isEmpty())
                continue;
            for (const QString &scope : QStringList{at.scope} + at.extra) {
                auto r = pg.exec("INSERT INTO photo_refs (hash, scope) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                 {hash, scope});
                if (!r)
                    return r.error();
            }
        }
    return {};
}

Result<void> moveRecord(Pg &pg, const MoveOf &m)
{
    QJsonObject state = protocol::withoutBookkeeping(m.body);
    if (m.voidedAt > 0)
        state[QLatin1String(model::kVoidedAt)] = m.voidedAt;
    auto root = pg.exec("UPDATE records SET body = $3, scope = $4, extra_scopes = $5, content_hash = $6::numeric,"
                        " updated_at = now() WHERE entity = $1 AND id = $2",
                        {m.entity, m.id, json(m.body), m.to.scope, extraScopes(m.to.extra),
                         contentHash(m.entity, m.id, m.body, m.voidedAt > 0)});
    if (!root)
        return root.error();
    HEARTH_TRY(notePhotos(pg, m.to, state));
    auto under = subtree(pg, m.entity, m.id);
    if (!under)
        return under.error();
    for (const Under &u : *under) {
        auto r = pg.exec("UPDATE records SET scope = $3, extra_scopes = $4, updated_at = now() WHERE entity = $1 AND id = $2",
                         {u.entity, u.id, m.to.scope, extraScopes(m.to.extra)});
        if (!r)
            return r.error();
        HEARTH_TRY(notePhotos(pg, m.to, u.body));
    }
    // Who gains the record, and who loses it.
    const bool villageMoved = m.from.scope != m.to.scope;
    const Placement gained{villageMoved ? m.to.scope : QString(), minus(m.to.extra, m.from.extra)};
    const Placement left{villageMoved ? m.from.scope : QString(), minus(m.from.extra, m.to.extra)};
    HEARTH_TRY(change(pg, m, m.entity, m.id, m.to, "update", state, true, m.to.scope));
    // Their conflicts go where the record now is: the new village's devices, and the stations
    // that follow it now. Those who gain the record get its open ones at a new place at the end
    // of the feed, drawn once this transaction holds the units their readers hold: the record's
    // county (its change above) and each station gained (taken here: a station's reader holds
    // its own unit, and the county only once it has followed someone there), so that no
    // reader's horizon passes them before they commit. Only when there are any: then the audit
    // chain's turn before their rows, as the console's resolve takes it (a transaction that
    // held a conflict's row and then audited could wait on a resolve that waits on that row).
    if (villageMoved || m.to.extra != m.from.extra) {
        QStringList entities{m.entity}, ids{m.id};
        for (const Under &u : *under) {
            entities << u.entity;
            ids << u.id;
        }
        const QByteArray mine = "(entity, record_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))";
        auto any = pg.exec(("SELECT 1 FROM conflicts WHERE " + mine + " LIMIT 1").constData(), {entities, ids});
        if (!any)
            return any.error();
        if (any->rows() > 0) {
            HEARTH_TRY(holdAuditChain(pg));
            HEARTH_TRY(lockUnits(pg, gained.extra));
            const bool someoneGains = !gained.scope.isEmpty() || !gained.extra.isEmpty();
            const QByteArray sql = "UPDATE conflicts SET scope = $3, extra_scopes = $4,"
                                   " feed_id = CASE WHEN $5 AND resolved_at IS NULL THEN nextval('conflicts_id_seq')"
                                   " ELSE feed_id END"
                                   " WHERE " + mine + " AND (scope <> $3 OR extra_scopes IS DISTINCT FROM $4::text[])";
            auto r = pg.exec(sql.constData(),
                             {entities, ids, m.to.scope, extraScopes(m.to.extra), someoneGains});
            if (!r)
                return r.error();
        }
    }
    for (const Under &u : *under) {
        QJsonObject body = protocol::withoutBookkeeping(u.body);
        if (u.voided)
            body[QLatin1String(model::kVoidedAt)] = u.voidedAt;
        HEARTH_TRY(change(pg, m, u.entity, u.id, gained, "create", body, false, m.to.scope));
    }
    return change(pg, m, m.entity, m.id, left, "move", state, false, m.from.scope);
}

Result<void> followHousehold(Pg &pg, const QString &householdId, const QString &deviceId, qint64 clock)
{
    if (householdId.isEmpty())
        return {};
    auto household = load(pg, u"household"_qs, householdId);
    if (!household)
        return household.error();
    if (!household->exists || household->deleted)
        return {};
    auto r = pg.exec("SELECT DISTINCT body->>'station_id' FROM records WHERE entity = 'person' AND NOT deleted"
                     " AND body->>'household_id' = $1 AND coalesce(body->>'station_id', '') <> '' ORDER BY 1",
                     {householdId});
    if (!r)
        return r.error();
    Placement to{household->at.scope, {}};
    for (int i = 0; i < r->rows(); ++i)
        if (r->text(i, 0) != to.scope)
            to.extra << r->text(i, 0);
    QStringList had = household->at.extra;
    had.sort();
    if (to.extra == had)
        return {};
    return moveRecord(pg, MoveOf{u"household"_qs, householdId, household->at, to, household->body, deviceId, 0, clock});
}

} // namespace hearth::server
