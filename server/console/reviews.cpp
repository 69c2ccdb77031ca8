// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviews.h"

#include "core/domain/areaname.h"
#include "core/domain/uuid.h"
#include "core/domain/validation.h"
#include "core/model/recordcheck.h"
#include "core/model/rights.h"
#include "core/protocol/entry.h"
#include "core/sync/scope.h"
#include "recordlist.h"
#include "server/audit.h"
#include "server/digests.h"
#include "server/duplicates.h"
#include "server/placement.h"
#include "server/units.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::server::console {
namespace {

Error refused(const char *zh, const char *en)
{
    return Error::withReason(ErrorCode::InvalidArgument, QString::fromUtf8(zh), QString::fromUtf8(en));
}
Error notAllowed() { return Error::withReason(ErrorCode::Forbidden, u"您的角色不能这样做"_qs, u"your role may not do this"_qs); }
Error gone() { return Error::withReason(ErrorCode::NotFound, u"这一项已不在待办中（可能已有人处理）"_qs, u"no longer waiting (someone may have dealt with it)"_qs); }

QString when(const QString &timestamp) { return timestamp.left(16); }

// A value of a field kept for review, as a list shows it: ID numbers and phones masked (the
// full value is a reveal, audited, on a device).
QString shown(const QString &field, const QString &value)
{
    if (field == u"id_number")
        return domain::maskIdNumber(value);
    if (field == u"phone")
        return domain::maskPhone(value);
    return value;
}

// Whether every scope of a user lies inside `area` (an area code, or a station id held as such):
// their refused changes are the area's to deal with.
// (A station's refused entries may name people it follows in other counties: its home county's
// supervisor sees them only when their scope names the station itself.)
constexpr const char *kDeviceInArea =
    "cardinality(u.scopes) > 0 AND NOT EXISTS (SELECT 1 FROM unnest(u.scopes) s WHERE NOT ((s COLLATE \"C\" >= $1::text"
    " AND s COLLATE \"C\" < $1::text || ':' AND s ~ '^[0-9]+$') OR s = $1::text))";

Result<QJsonArray> flaggedVisits(Pg &pg, const QString &area, const MonthRange &range, int limit, bool *more)
{
    // Each county's newest flagged visits from the index records_lookup (schema 18: the key
    // 'flagged <county>', then visited_at; the county repeated, for a database distributed by
    // it), a page from each at most, then the page of them all: a province's queue is 183 short
    // index walks, never a scan. The months are local time: the instants searched reach 14
    // hours past both ends, the month test is exact.
    const qint64 fromMs = QDateTime(range.from, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() - 14 * 3'600'000LL;
    const qint64 toMs = QDateTime(range.to.addMonths(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() + 14 * 3'600'000LL;
    const QByteArray sql =
        "SELECT r.id, r.scope, r.body, coalesce(p.body->>'name', h.body->>'head_name', ''), coalesce(a.name, ''),"
        " array_to_json(hearth_visit_flags(r.body))"
        " FROM (SELECT code FROM areas WHERE level = 3 AND left(code, length($1::text)) = $1::text"
        "       UNION SELECT left($1::text, 6) WHERE length($1::text) >= 6) c"
        " CROSS JOIN LATERAL (SELECT * FROM records r WHERE r.lookup = 'flagged ' || c.code AND r.county = c.code AND r.entity = 'visit'"
        "   AND r.flagged AND (r.body->>'visited_at')::bigint BETWEEN $5 AND $6"
        "   AND NOT r.deleted AND r.voided_at IS NULL AND hearth_report_month('visit', r.body) BETWEEN $2::date AND $3::date"
        "   AND " + inAreaSql("r.scope", "$1::text")
        + "   AND NOT EXISTS (SELECT 1 FROM records v WHERE v.lookup = 'review ' || r.id AND v.entity = 'review')"
          "   ORDER BY (r.body->>'visited_at')::bigint DESC, r.id DESC LIMIT $4::int) r"
          " LEFT JOIN records p ON p.entity = 'person' AND p.id = r.body->>'person_id'"
          " LEFT JOIN records h ON h.entity = 'household' AND h.id = r.body->>'household_id'"
          " LEFT JOIN areas a ON a.code = r.scope"
          " ORDER BY (r.body->>'visited_at')::bigint DESC, r.id DESC LIMIT $4::int";
    auto r = pg.exec(sql.constData(), {area, range.from, range.to, limit + 1, fromMs, toMs});
    if (!r)
        return r.error();
    QJsonArray out;
    for (int i = 0; i < r->rows() && i < limit; ++i) {
        QJsonObject o = describeRecord(u"visit"_qs, r->text(i, 0), r->text(i, 1), QJsonDocument::fromJson(r->bytes(i, 2)).object(),
                                       r->text(i, 3), domain::shortAreaName(r->text(i, 4)));
        o.insert(u"flags"_qs, QJsonDocument::fromJson(r->bytes(i, 5)).array());
        out.append(o);
    }
    *more = r->rows() > limit;
    return out;
}

Result<QJsonArray> openConflicts(Pg &pg, const QString &area, int limit, bool *more)
{
    QByteArray sql = "SELECT c.id, c.entity, c.record_id, c.field, coalesce(c.kept, ''), coalesce(c.lost, ''),"
                     " coalesce(ku.name, ''), coalesce(lu.name, ''), c.at::text,"
                     " coalesce(r.body->>'name', r.body->>'head_name', ''), coalesce(a.name, '')"
                     " FROM conflicts c"
                     " LEFT JOIN records r ON r.entity = c.entity AND r.id = c.record_id"
                     " LEFT JOIN devices kd ON kd.id = c.kept_device LEFT JOIN users ku ON ku.id = kd.user_id"
                     " LEFT JOIN devices ld ON ld.id = c.lost_device LEFT JOIN users lu ON lu.id = ld.user_id"
                     " LEFT JOIN areas a ON a.code = c.scope"
                     " WHERE c.resolved_at IS NULL AND "
        // Where the record is now (it may have moved since): a conflict is its area's to resolve.
        + inAreaSql("coalesce(r.scope, c.scope)", "$1::text");
    sql += " ORDER BY c.at DESC, c.id DESC LIMIT $2::int";
    auto r = pg.exec(sql.constData(), {area, limit + 1});
    if (!r)
        return r.error();
    QJsonArray out;
    for (int i = 0; i < r->rows() && i < limit; ++i) {
        const QString field = r->text(i, 3);
        out.append(QJsonObject{{u"id"_qs, r->integer(i, 0)},
                               {u"entity"_qs, r->text(i, 1)},
                               {u"record"_qs, r->text(i, 2)},
                               {u"field"_qs, field},
                               {u"kept"_qs, shown(field, r->text(i, 4))},
                               {u"lost"_qs, shown(field, r->text(i, 5))},
                               {u"kept_by"_qs, r->text(i, 6)},
                               {u"lost_by"_qs, r->text(i, 7)},
                               {u"time"_qs, when(r->text(i, 8))},
                               {u"name"_qs, r->text(i, 9)},
                               {u"place"_qs, domain::shortAreaName(r->text(i, 10))}});
    }
    *more = r->rows() > limit;
    return out;
}

QJsonObject personSide(const PgResult &r, int row, int column)
{
    const QJsonObject b = QJsonDocument::fromJson(r.bytes(row, column)).object();
    return {{u"id"_qs, r.text(row, column - 1)},
            {u"name"_qs, b.value(u"name")},
            {u"gender"_qs, b.value(u"gender")},
            {u"birth_date"_qs, b.value(u"birth_date")},
            {u"id_number"_qs, domain::maskIdNumber(b.value(u"id_number").toString())},
            {u"phone"_qs, domain::maskPhone(b.value(u"phone").toString())},
            {u"status"_qs, b.value(u"status")},
            {u"employer"_qs, b.value(u"employer")},
            {u"place"_qs, domain::shortAreaName(r.text(row, column + 1))}};
}

Result<QJsonArray> openDuplicates(Pg &pg, const QString &area, int limit, bool *more)
{
    const QByteArray sql = "SELECT d.id, d.reason, d.found_at::text, d.first_id, a.body, coalesce(aa.name, ''),"
                           " d.second_id, b.body, coalesce(ba.name, '')"
                           " FROM duplicates d"
                           " JOIN records a ON a.entity = d.entity AND a.id = d.first_id"
                           " JOIN records b ON b.entity = d.entity AND b.id = d.second_id"
                           " LEFT JOIN areas aa ON aa.code = a.scope LEFT JOIN areas ba ON ba.code = b.scope"
                           " WHERE d.resolved_at IS NULL AND d.entity = 'person' AND NOT a.deleted AND NOT b.deleted AND "
        + inAreaSql("a.scope", "$1::text") + " AND " + inAreaSql("b.scope", "$1::text")
        + " ORDER BY d.found_at DESC, d.id DESC LIMIT $2::int";
    auto r = pg.exec(sql.constData(), {area, limit + 1});
    if (!r)
        return r.error();
    QJsonArray out;
    for (int i = 0; i < r->rows() && i < limit; ++i)
        out.append(QJsonObject{{u"id"_qs, r->integer(i, 0)},
                               {u"reason"_qs, r->text(i, 1)},
                               {u"time"_qs, when(r->text(i, 2))},
                               {u"first"_qs, personSide(*r, i, 4)},
                               {u"second"_qs, personSide(*r, i, 7)}});
    *more = r->rows() > limit;
    return out;
}

Result<QJsonArray> openRefusals(Pg &pg, const QString &area, int limit, bool *more)
{
    // The payload stays text (it may hold what PostgreSQL's JSON refuses, U+0000): read here.
    const QByteArray sql = QByteArray("SELECT j.device_id, j.seq, j.entity, j.op, j.reason, j.at::text, u.name, dv.name,"
                                      " left(j.payload, 65536)"
                                      " FROM rejections j JOIN devices dv ON dv.id = j.device_id JOIN users u ON u.id = dv.user_id"
                                      " WHERE j.resolved_at IS NULL AND ")
        + kDeviceInArea + " ORDER BY j.at DESC, j.device_id, j.seq LIMIT $2::int";
    auto r = pg.exec(sql.constData(), {area, limit + 1});
    if (!r)
        return r.error();
    QJsonArray out;
    for (int i = 0; i < r->rows() && i < limit; ++i)
        out.append(QJsonObject{{u"device"_qs, r->text(i, 0)},
                               {u"seq"_qs, r->integer(i, 1)},
                               {u"entity"_qs, r->text(i, 2)},
                               {u"op"_qs, r->text(i, 3)},
                               {u"reason"_qs, r->text(i, 4)},
                               {u"time"_qs, when(r->text(i, 5))},
                               {u"user"_qs, r->text(i, 6)},
                               {u"device_name"_qs, r->text(i, 7)},
                               {u"name"_qs, QJsonDocument::fromJson(r->bytes(i, 8)).object().value(u"name").toString()
                                                .remove(QChar(0)).left(100)}});
    *more = r->rows() > limit;
    return out;
}

// A review record under the visit, written as a push writes a create (the visit's unit locked,
// the id registered, the record and its change row, the scope digests), by the server.
Result<QString> writeReview(Pg &pg, const ConsoleUser &user, const QString &visitId, QJsonObject body)
{
    const model::Kind &kind = *model::kind(u"review");
    return writingUnits(pg, [&]() -> Result<QString> {
        auto tx = PgTransaction::begin(pg);
        if (!tx)
            return tx.error();
        auto visit = load(pg, u"visit"_qs, visitId);
        if (!visit)
            return visit.error();
        if (!visit->exists)
            return gone();
        HEARTH_TRY(lockUnits(pg, {unitOf(visit->at.scope)}));
        const QString unit = unitOf(visit->at.scope);
        visit = load(pg, u"visit"_qs, visitId); // as it is now that no push of its county runs
        if (!visit)
            return visit.error();
        if (visit->exists && unitOf(visit->at.scope) != unit) // moved to another county meanwhile
            return Error::withReason(ErrorCode::Conflict, u"走访记录刚被迁移，请刷新后再试"_qs,
                                     u"the visit has just moved: reload and try again"_qs);
        if (!visit->exists || visit->deleted || visit->voided)
            return gone();
        if (!holds(user.scopes, visit->at))
            return outsideScope();
        // One review a visit: a second supervisor deciding at the same time finds it done.
        auto done = pg.exec("SELECT 1 FROM records WHERE lookup = 'review ' || $1::text AND entity = 'review'", {visitId});
        if (!done)
            return done.error();
        if (done->rows() > 0)
            return gone();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        body[QLatin1String(model::kCreatedAt)] = now;
        body[u"at"_qs] = now;
        if (auto problem = model::checkRecord(kind, body))
            return Error::withReason(ErrorCode::InvalidRecord, problem->chinese(), problem->english());
        const QString id = makeUuidV7(now);
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        auto made = pg.exec("WITH reg AS (INSERT INTO record_ids (entity, id) VALUES ('review', $1) RETURNING 1),"
                            " ins AS (INSERT INTO records (entity, id, scope, extra_scopes, body, content_hash)"
                            " SELECT 'review', $1, $2, $3, $4, $5::numeric FROM reg RETURNING 1)"
                            " INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc, county)"
                            " SELECT 'review', $1, $2, $3, 'create', $4, 'server', NULL, $6, hearth_unit($2) FROM ins",
                            {id, visit->at.scope, extraScopes(visit->at.extra), json, contentHash(kind, id, body, false),
                             now << protocol::kClockShift});
        if (!made)
            return made.error();
        HEARTH_TRY(appendAudit(pg, {user.name, u"console.review"_qs, visitId, body.value(u"decision").toString(),
                                    body.value(u"comment").toString().left(500)}));
        HEARTH_TRY(tx->commit());
        return id;
    });
}

} // namespace

Result<QJsonObject> reviewQueue(Pg &pg, const QString &area, const MonthRange &range, int limit)
{
    if (!sync::isAreaScope(area))
        return refused("审核待办按区划查看", "the review queue is by area");
    bool moreVisits = false, moreConflicts = false, moreDuplicates = false, moreRefused = false;
    auto visits = flaggedVisits(pg, area, range, limit, &moreVisits);
    if (!visits)
        return visits.error();
    auto conflicts = openConflicts(pg, area, limit, &moreConflicts);
    if (!conflicts)
        return conflicts.error();
    auto duplicates = openDuplicates(pg, area, limit, &moreDuplicates);
    if (!duplicates)
        return duplicates.error();
    auto refusals = openRefusals(pg, area, limit, &moreRefused);
    if (!refusals)
        return refusals.error();
    const auto list = [](const QJsonArray &items, bool more) { return QJsonObject{{u"items"_qs, items}, {u"more"_qs, more}}; };
    return QJsonObject{{u"visits"_qs, list(*visits, moreVisits)},
                       {u"conflicts"_qs, list(*conflicts, moreConflicts)},
                       {u"duplicates"_qs, list(*duplicates, moreDuplicates)},
                       {u"refused"_qs, list(*refusals, moreRefused)},
                       {u"cash_limit_fen"_qs, kReviewCashFen}};
}

Result<QString> reviewVisit(Pg &pg, const ConsoleUser &user, const QString &visitId, const QString &decision,
                            const QString &comment)
{
    if (!model::has(user.role, model::Power::Review))
        return notAllowed();
    if (decision != u"approved" && decision != u"returned")
        return refused("请选择通过或退回", "choose approve or return");
    const QString text = comment.trimmed();
    if (decision == u"returned" && text.isEmpty())
        return refused("退回时请写明原因，它会显示在走访记录上", "say why it is returned: the visit will show it");
    auto flags = pg.exec("SELECT array_to_json(hearth_visit_flags(body)) FROM records WHERE entity = 'visit' AND id = $1",
                         {visitId});
    if (!flags)
        return flags.error();
    QJsonObject body{{u"visit_id"_qs, visitId}, {u"decision"_qs, decision}, {u"reviewer"_qs, user.name.left(200)}};
    if (!text.isEmpty())
        body[u"comment"_qs] = text;
    if (flags->rows() == 1 && !flags->isNull(0, 0) && !QJsonDocument::fromJson(flags->bytes(0, 0)).array().isEmpty())
        body[u"flags"_qs] = QJsonDocument::fromJson(flags->bytes(0, 0)).array();
    return writeReview(pg, user, visitId, body);
}

Result<void> resolveConflict(Pg &pg, const ConsoleUser &user, qint64 conflictId, const QString &note)
{
    if (!model::has(user.role, model::Power::ResolveConflicts))
        return notAllowed();
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    // The audit chain's turn before the conflict's row, as a move takes them (placement.cpp).
    HEARTH_TRY(holdAuditChain(pg));
    auto c = pg.exec("SELECT coalesce(r.scope, c.scope), c.entity, c.record_id, c.field FROM conflicts c"
                     " LEFT JOIN records r ON r.entity = c.entity AND r.id = c.record_id"
                     " WHERE c.id = $1 AND c.resolved_at IS NULL FOR UPDATE OF c",
                     {conflictId});
    if (!c)
        return c.error();
    if (c->rows() == 0)
        return gone();
    if (!inScope(user.scopes, c->text(0, 0)))
        return outsideScope();
    auto done = pg.exec("UPDATE conflicts SET resolved_at = now(), resolved_by = $2 WHERE id = $1", {conflictId, user.name});
    if (!done)
        return done.error();
    HEARTH_TRY(appendAudit(pg, {user.name, u"console.resolve_conflict"_qs, c->text(0, 1) + u'/' + c->text(0, 2),
                                u"conflict %1, field %2"_qs.arg(conflictId).arg(c->text(0, 3)), note.left(500)}));
    return tx->commit();
}

Result<void> resolveRefusal(Pg &pg, const ConsoleUser &user, const QString &deviceId, qint64 seq, const QString &note)
{
    if (!model::has(user.role, model::Power::Review))
        return notAllowed();
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    auto r = pg.exec("SELECT j.entity, u.scopes FROM rejections j JOIN devices dv ON dv.id = j.device_id"
                     " JOIN users u ON u.id = dv.user_id WHERE j.device_id = $1 AND j.seq = $2 AND j.resolved_at IS NULL"
                     " FOR UPDATE OF j",
                     {deviceId, seq});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return gone();
    // Theirs when every scope of the device's user is (a station's by its home county).
    bool inside = false;
    for (const QString &area : user.scopes) {
        auto check = pg.exec(("SELECT 1 FROM devices dv JOIN users u ON u.id = dv.user_id WHERE dv.id = $2 AND "
                              + QByteArray(kDeviceInArea))
                                 .constData(),
                             {area, deviceId});
        if (!check)
            return check.error();
        inside = inside || check->rows() > 0;
    }
    if (!inside)
        return outsideScope();
    auto done = pg.exec("UPDATE rejections SET resolved_at = now(), resolved_by = $3 WHERE device_id = $1 AND seq = $2",
                        {deviceId, seq, user.name});
    if (!done)
        return done.error();
    HEARTH_TRY(appendAudit(pg, {user.name, u"console.resolve_refused"_qs, u"%1/%2"_qs.arg(deviceId).arg(seq),
                                r->text(0, 0), note.left(500)}));
    return tx->commit();
}

Result<void> mergePair(Pg &pg, const ConsoleUser &user, const QString &keep, const QString &other, const QStringList &take,
                       const QString &reason)
{
    if (!model::has(user.role, model::Power::MergeDuplicates))
        return notAllowed();
    for (const QString &id : {keep, other}) {
        auto person = load(pg, u"person"_qs, id);
        if (!person)
            return person.error();
        if (!person->exists || person->deleted)
            return gone();
        if (!holds(user.scopes, person->at))
            return outsideScope();
    }
    auto listed = pg.exec("SELECT 1 FROM duplicates WHERE entity = 'person' AND resolved_at IS NULL"
                          " AND first_id = least($1, $2) AND second_id = greatest($1, $2)",
                          {keep, other});
    if (!listed)
        return listed.error();
    if (listed->rows() == 0)
        return gone();
    if (reason.trimmed().isEmpty())
        return refused("合并时请写明原因", "say why they are merged");
    return mergeDuplicates(pg, {keep, other, take, user.name, reason.trimmed()});
}

Result<void> keepApart(Pg &pg, const ConsoleUser &user, qint64 duplicateId, const QString &reason)
{
    if (!model::has(user.role, model::Power::MergeDuplicates))
        return notAllowed();
    if (reason.trimmed().isEmpty())
        return refused("请写明为何是两个人", "say why they are two people");
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    auto d = pg.exec("SELECT a.scope, b.scope, d.first_id, d.second_id FROM duplicates d"
                     " JOIN records a ON a.entity = d.entity AND a.id = d.first_id"
                     " JOIN records b ON b.entity = d.entity AND b.id = d.second_id"
                     " WHERE d.id = $1 AND d.resolved_at IS NULL FOR UPDATE OF d",
                     {duplicateId});
    if (!d)
        return d.error();
    if (d->rows() == 0)
        return gone();
    if (!inScope(user.scopes, d->text(0, 0)) || !inScope(user.scopes, d->text(0, 1)))
        return outsideScope();
    auto done = pg.exec("UPDATE duplicates SET resolved_at = now(), resolved_by = $2 WHERE id = $1", {duplicateId, user.name});
    if (!done)
        return done.error();
    HEARTH_TRY(appendAudit(pg, {user.name, u"console.keep_apart"_qs, d->text(0, 2),
                                u"not the same person as "_qs + d->text(0, 3), reason.trimmed().left(500)}));
    return tx->commit();
}

} // namespace hearth::server::console
