// SPDX-License-Identifier: GPL-3.0-or-later
#include "records.h"

#include "core/storage/database.h"
#include "outbox.h"
#include "uuid.h"
#include "validation.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::domain {
namespace {

QString orNull(const QString &s) { return s.isEmpty() ? QString() : s; }
QString jsonList(const QStringList &l)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(l)).toJson(QJsonDocument::Compact));
}

bool exists(storage::Database &db, const char *sql, const QString &key)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return false;
    (*stmt)->bind(1, key);
    return (*stmt)->step().value_or(false);
}

// Runs one insert with text/integer values, then the outbox entry, in one transaction.
Result<QString> save(storage::Database &db, const char *sql, const QVariantList &values, const QString &entity,
                     const QString &id, const QJsonObject &payload, qint64 now)
{
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    int i = 1;
    for (const QVariant &v : values) {
        if (v.isNull())
            (*stmt)->bindNull(i++);
        else if (v.typeId() == QMetaType::QString)
            (*stmt)->bind(i++, v.toString());
        else
            (*stmt)->bind(i++, v.toLongLong());
    }
    HEARTH_TRY((*stmt)->run());
    auto appended = Outbox::append(db, entity, id, Outbox::Op::Create, payload, now);
    if (!appended)
        return appended.error();
    HEARTH_TRY(tx->commit());
    return id;
}

QVariant text(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }

} // namespace

QStringList serviceCategories()
{
    return {u"ticket"_qs, u"guidance"_qs, u"hardship_aid"_qs, u"health"_qs, u"order"_qs,
            u"luggage"_qs, u"warmth_rest"_qs, u"jobs"_qs, u"other"_qs};
}

RecordRepository::RecordRepository(storage::Database &db, Clock clock) : m_db(db), m_clock(orSystemClock(clock)) {}

Result<QString> RecordRepository::addStation(Station s)
{
    if (s.kind != u"branch" && s.kind != u"travel_point")
        return FieldProblem{u"kind"_qs, Problem::BadChoice}.toError();
    if (s.name.trimmed().isEmpty())
        return FieldProblem{u"name"_qs, Problem::Required}.toError();
    const qint64 now = m_clock();
    s.id = s.id.isEmpty() ? makeUuidV7(now) : s.id;
    const QJsonObject payload{{u"kind"_qs, s.kind}, {u"name"_qs, s.name.trimmed()}, {u"home_county"_qs, s.homeCounty},
                              {u"city"_qs, s.city}, {u"address"_qs, s.address}};
    return save(m_db,
                "INSERT INTO stations(id, kind, name, home_county, city, address, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {s.id, s.kind, s.name.trimmed(), text(s.homeCounty), text(s.city), text(s.address), now, now},
                u"station"_qs, s.id, payload, now);
}

Result<QList<Station>> RecordRepository::stations()
{
    auto stmt = m_db.prepare("SELECT id, kind, name, home_county, city, address FROM stations ORDER BY name");
    if (!stmt)
        return stmt.error();
    QList<Station> out;
    while (stmt->step().value_or(false))
        out.append({stmt->columnText(0), stmt->columnText(1), stmt->columnText(2), stmt->columnText(3),
                    stmt->columnText(4), stmt->columnText(5)});
    return out;
}

Result<QString> RecordRepository::addCampaign(Campaign c)
{
    if (c.name.trimmed().isEmpty())
        return FieldProblem{u"name"_qs, Problem::Required}.toError();
    const QDate start = QDate::fromString(c.startsOn, Qt::ISODate), end = QDate::fromString(c.endsOn, Qt::ISODate);
    if (!start.isValid() || !end.isValid() || end < start)
        return FieldProblem{u"due_on"_qs, Problem::BadDate}.toError();
    const qint64 now = m_clock();
    c.id = c.id.isEmpty() ? makeUuidV7(now) : c.id;
    const QJsonObject payload{{u"name"_qs, c.name},
                              {u"starts_on"_qs, c.startsOn},
                              {u"ends_on"_qs, c.endsOn},
                              {u"target_tags"_qs, QJsonArray::fromStringList(c.targetTags)},
                              {u"target_status"_qs, c.targetStatus},
                              {u"target_areas"_qs, QJsonArray::fromStringList(c.targetAreas)}};
    return save(m_db,
                "INSERT INTO campaigns(id, name, starts_on, ends_on, target_tags, target_status, target_areas,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {c.id, c.name.trimmed(), c.startsOn, c.endsOn, jsonList(c.targetTags), text(c.targetStatus),
                 jsonList(c.targetAreas), now, now},
                u"campaign"_qs, c.id, payload, now);
}

Result<QString> RecordRepository::addService(ServiceLog e)
{
    if (!exists(m_db, "SELECT 1 FROM stations WHERE id = ?", e.stationId))
        return FieldProblem{u"station_id"_qs, e.stationId.isEmpty() ? Problem::Required : Problem::UnknownRecord}
            .toError();
    if (e.category.trimmed().isEmpty())
        return FieldProblem{u"category"_qs, Problem::Required}.toError();
    if (e.count < 1 || e.count > 10000)
        return FieldProblem{u"count"_qs, Problem::BadNumber}.toError();
    if (!e.personId.isEmpty() && !exists(m_db, "SELECT 1 FROM people WHERE id = ?", e.personId))
        return FieldProblem{u"person_id"_qs, Problem::UnknownRecord}.toError();
    const qint64 now = m_clock();
    e.at = e.at ? e.at : now;
    e.id = e.id.isEmpty() ? makeUuidV7(now) : e.id;
    const QJsonObject payload{{u"station_id"_qs, e.stationId}, {u"at"_qs, e.at},
                              {u"utc_offset_min"_qs, e.utcOffsetMin}, {u"category"_qs, e.category.trimmed()},
                              {u"count"_qs, e.count},         {u"person_id"_qs, e.personId},
                              {u"volunteer"_qs, e.volunteer}, {u"notes"_qs, e.notes}};
    return save(m_db,
                "INSERT INTO service_logs(id, station_id, at, utc_offset_min, category, people_count, person_id,"
                " volunteer, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {e.id, e.stationId, e.at, e.utcOffsetMin, e.category.trimmed(), e.count, text(e.personId),
                 text(e.volunteer), text(e.notes)},
                u"service"_qs, e.id, payload, now);
}

Result<QString> RecordRepository::addFollowUp(FollowUp f)
{
    if (f.category.trimmed().isEmpty())
        return FieldProblem{u"category"_qs, Problem::Required}.toError();
    if (f.personId.isEmpty() && f.visitId.isEmpty() && f.stationId.isEmpty())
        return FieldProblem{u"person_id"_qs, Problem::Required}.toError();
    if (!f.personId.isEmpty() && !exists(m_db, "SELECT 1 FROM people WHERE id = ?", f.personId))
        return FieldProblem{u"person_id"_qs, Problem::UnknownRecord}.toError();
    if (!f.dueOn.isEmpty() && !QDate::fromString(f.dueOn, Qt::ISODate).isValid())
        return FieldProblem{u"due_on"_qs, Problem::BadDate}.toError();
    const qint64 now = m_clock();
    f.id = f.id.isEmpty() ? makeUuidV7(now) : f.id;
    auto money = [](qint64 fen) { return fen < 0 ? QVariant() : QVariant(fen); };
    const QJsonObject payload{{u"person_id"_qs, f.personId}, {u"visit_id"_qs, f.visitId},
                              {u"station_id"_qs, f.stationId}, {u"category"_qs, f.category},
                              {u"status"_qs, f.status},      {u"assignee"_qs, f.assignee},
                              {u"due_on"_qs, f.dueOn},       {u"claimed_fen"_qs, f.claimedFen},
                              {u"recovered_fen"_qs, f.recoveredFen}};
    return save(m_db,
                "INSERT INTO followups(id, person_id, visit_id, station_id, category, status, assignee, due_on,"
                " claimed_fen, recovered_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {f.id, text(f.personId), text(f.visitId), text(f.stationId), f.category, f.status, text(f.assignee),
                 text(f.dueOn), money(f.claimedFen), money(f.recoveredFen), now, now},
                u"followup"_qs, f.id, payload, now);
}

Result<QString> RecordRepository::addFollowUpNote(const QString &followUpId, const QString &author,
                                                  const QString &noteText, const QString &status, qint64 recoveredFen)
{
    static const QStringList statuses{u"open"_qs, u"in_progress"_qs, u"resolved"_qs, u"closed"_qs};
    if (!exists(m_db, "SELECT 1 FROM followups WHERE id = ?", followUpId))
        return FieldProblem{u"followup_id"_qs, Problem::UnknownRecord}.toError();
    if (noteText.trimmed().isEmpty())
        return FieldProblem{u"notes"_qs, Problem::Required}.toError();
    if (!status.isEmpty() && !statuses.contains(status))
        return FieldProblem{u"status"_qs, Problem::BadChoice}.toError();
    const qint64 now = m_clock();
    const QString id = makeUuidV7(now);
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto ins = m_db.cached("INSERT INTO followup_notes(id, followup_id, at, author, text, status, recovered_fen)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!ins)
        return ins.error();
    (*ins)->bind(1, id).bind(2, followUpId).bind(3, now).bind(4, orNull(author)).bind(5, noteText.trimmed());
    (*ins)->bind(6, orNull(status));
    if (recoveredFen >= 0)
        (*ins)->bind(7, recoveredFen);
    HEARTH_TRY((*ins)->run());
    auto upd = m_db.cached("UPDATE followups SET status = COALESCE(?, status), recovered_fen = COALESCE(?, recovered_fen),"
                           " updated_at = ? WHERE id = ?");
    if (!upd)
        return upd.error();
    (*upd)->bind(1, orNull(status));
    if (recoveredFen >= 0)
        (*upd)->bind(2, recoveredFen);
    (*upd)->bind(3, now).bind(4, followUpId);
    HEARTH_TRY((*upd)->run());
    const QJsonObject payload{{u"followup_id"_qs, followUpId}, {u"at"_qs, now},         {u"author"_qs, author},
                              {u"text"_qs, noteText.trimmed()}, {u"status"_qs, status}, {u"recovered_fen"_qs, recoveredFen}};
    auto appended = Outbox::append(m_db, u"followup_note"_qs, id, Outbox::Op::Create, payload, now);
    if (!appended)
        return appended.error();
    HEARTH_TRY(tx->commit());
    return id;
}

} // namespace hearth::domain
