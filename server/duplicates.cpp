// SPDX-License-Identifier: GPL-3.0-or-later
#include "duplicates.h"

#include "audit.h"
#include "core/model/recordcheck.h"
#include "core/protocol/entry.h"
#include "core/protocol/merge.h"
#include "placement.h"
#include "units.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::server {
namespace {

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

Result<void> changeRow(Pg &pg, const QString &entity, const QString &id, const Placement &at, const char *op,
                       const QJsonObject &body, qint64 clock)
{
    if (at.scope.isEmpty() && at.extra.isEmpty())
        return {};
    auto r = pg.exec("INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc, county)"
                     " VALUES ($1, $2, $3, $4, $5, $6, 'server', NULL, $7, hearth_unit($3))",
                     {entity, id, at.scope, extraScopes(at.extra), QString::fromLatin1(op), json(body), clock});
    if (!r)
        return r.error();
    return {};
}

Error refused(const char *zh, const char *en) { return Error::withReason(ErrorCode::InvalidArgument, QString::fromUtf8(zh), QString::fromUtf8(en)); }

} // namespace

namespace {

Result<void> mergeOnce(Pg &pg, const MergeRequest &m)
{
    const model::Kind &person = *model::kind(u"person");
    if (m.keep == m.other || m.reason.trimmed().isEmpty())
        return refused("用法：duplicates merge 保留的编号 合并掉的编号 --reason 原因", "usage: duplicates merge KEEP OTHER --reason TEXT");
    for (const QString &f : m.takeFields)
        if (const model::Field *field = model::field(person, f);
            !field || field->storage == model::Storage::Custom || f == QLatin1String(model::kCreatedAt))
            return refused("不能取用这个字段", "this field cannot be taken from the other record");
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    // The counties of both records, as a push takes them (then read again: a push may have
    // changed them while we waited).
    auto keep = load(pg, u"person"_qs, m.keep);
    auto other = load(pg, u"person"_qs, m.other);
    if (!keep)
        return keep.error();
    if (!other)
        return other.error();
    QStringList units;
    for (const Stored *s : {&*keep, &*other})
        if (s->exists)
            units << unitOf(s->at.scope);
    HEARTH_TRY(lockUnits(pg, units));
    keep = load(pg, u"person"_qs, m.keep);
    other = load(pg, u"person"_qs, m.other);
    if (!keep)
        return keep.error();
    if (!other)
        return other.error();
    if (!keep->exists || keep->deleted || !other->exists || other->deleted)
        return Error::withReason(ErrorCode::NotFound, u"两条记录都须存在且未被删除"_qs, u"both records must exist and not be deleted"_qs);
    // A pair someone marked as two people meanwhile (the console's "keep apart" locks the same row).
    auto pair = pg.exec("SELECT resolved_at IS NOT NULL FROM duplicates WHERE entity = 'person'"
                        " AND first_id = least($1, $2) AND second_id = greatest($1, $2) FOR UPDATE",
                        {m.keep, m.other});
    if (!pair)
        return pair.error();
    if (pair->rows() == 1 && pair->text(0, 0) == u"t")
        return Error::withReason(ErrorCode::NotFound, u"这一对已有人处理过"_qs, u"someone has dealt with this pair already"_qs);
    const qint64 clock = QDateTime::currentMSecsSinceEpoch() << protocol::kClockShift;

    // The survivor: its own values, the chosen ones of the other, the other's where it has none
    // (a household, a phone: a merge loses nothing either record held), the tags of both.
    QJsonObject body = keep->body;
    const QJsonObject otherState = protocol::withoutBookkeeping(other->body);
    for (const QString &f : m.takeFields) {
        if (model::isEmptyValue(*model::field(person, f), otherState.value(f)))
            body.remove(f);
        else
            body[f] = otherState.value(f);
    }
    for (const model::Field &f : person.fields) {
        const QString key = QLatin1String(f.key);
        if (!m.takeFields.contains(key) && model::isEmptyValue(f, body.value(key)) && !model::isEmptyValue(f, otherState.value(key)))
            body[key] = otherState.value(key);
    }
    QStringList tags = body.value(u"tags").toVariant().toStringList();
    for (const QString &t : otherState.value(u"tags").toVariant().toStringList())
        if (!tags.contains(t))
            tags << t;
    if (!tags.isEmpty())
        body[u"tags"] = QJsonArray::fromStringList(tags);
    const QJsonObject state = protocol::withoutBookkeeping(body);
    if (auto problem = model::checkRecord(person, state))
        return Error::withReason(ErrorCode::InvalidRecord, problem->chinese(), problem->english());
    const Placement to = placementOf(person, m.keep, state, {});
    HEARTH_TRY(moveRecord(pg, MoveOf{u"person"_qs, m.keep, keep->at, to, body, u"server"_qs, 0, clock}));

    // What named the other now names the survivor, and lives where the survivor lives.
    for (const model::Kind &kind : model::kinds())
        for (const model::Field &f : kind.fields) {
            if (!f.references || QLatin1String(f.references) != QLatin1String("person"))
                continue;
            const QByteArray sql = "SELECT id, body, scope, array_to_json(extra_scopes), voided_at FROM records WHERE entity = '"
                + QByteArray(kind.name) + "' AND body->>'" + QByteArray(f.key) + "' = $1";
            auto named = pg.exec(sql.constData(), {m.other});
            if (!named)
                return named.error();
            for (int i = 0; i < named->rows(); ++i) {
                QJsonObject b = QJsonDocument::fromJson(named->bytes(i, 1)).object();
                b[QLatin1String(f.key)] = m.keep;
                const Placement was{named->text(i, 2), named->textList(i, 3)};
                // With what lives under it (a follow-up's notes): devices that held it only
                // through the other drop it, those of the survivor receive it.
                MoveOf move{QLatin1String(kind.name), named->text(i, 0), was, f.scopeParent ? to : was, b, u"server"_qs,
                            0, clock};
                move.voidedAt = named->isNull(i, 4) ? 0 : named->integer(i, 4);
                HEARTH_TRY(moveRecord(pg, move));
            }
        }

    // The other: a tombstone that redirects to the survivor.
    auto tomb = pg.exec("UPDATE records SET deleted = true, merged_into = $2, updated_at = now()"
                        " WHERE entity = 'person' AND id = $1",
                        {m.other, m.keep});
    if (!tomb)
        return tomb.error();
    HEARTH_TRY(changeRow(pg, u"person"_qs, m.other, other->at, "delete", otherState, clock));
    // The stations that follow the households' members follow the households (as a push's edit
    // does): the survivor's, and the other's, which the other no longer counts in.
    const QString home = state.value(u"household_id").toString(), otherHome = otherState.value(u"household_id").toString();
    HEARTH_TRY(followHousehold(pg, home, u"server"_qs, clock));
    if (otherHome != home)
        HEARTH_TRY(followHousehold(pg, otherHome, u"server"_qs, clock));
    auto done = pg.exec("UPDATE duplicates SET resolved_at = now(), resolved_by = $3 WHERE entity = 'person'"
                        " AND first_id = least($1, $2) AND second_id = greatest($1, $2)",
                        {m.keep, m.other, m.actor.left(100)});
    if (!done)
        return done.error();
    // On the audit chain, as every other entry (a plain row here broke `admin audit verify` at
    // the first merge).
    HEARTH_TRY(appendAudit(pg, {m.actor.left(100), u"merge"_qs, m.keep,
                                u"merged "_qs + m.other + u" taking "_qs + m.takeFields.join(u','), m.reason.left(500)}));
    return tx->commit();
}

} // namespace

Result<void> mergeDuplicates(Pg &pg, const MergeRequest &m)
{
    return writingUnits(pg, [&] { return mergeOnce(pg, m); });
}

} // namespace hearth::server
