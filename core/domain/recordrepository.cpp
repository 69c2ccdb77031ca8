// SPDX-License-Identifier: GPL-3.0-or-later
#include "records.h"

#include "core/model/recordcheck.h"
#include "core/storage/database.h"
#include "recordrows.h"
#include "outbox.h"
#include "uuid.h"
#include "validation.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::domain {
namespace {


bool exists(storage::Database &db, const char *sql, const QString &key)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return false;
    (*stmt)->bind(1, key);
    return (*stmt)->step().value_or(false);
}

} // namespace

Result<QString> saveNewRecord(storage::Database &db, const QString &entity, const QString &id, QJsonObject payload, qint64 now)
{
    const model::Kind &kind = *model::kind(entity);
    if (model::field(kind, QLatin1String(model::kCreatedAt)))
        payload.insert(QLatin1String(model::kCreatedAt), now);
    if (auto problem = model::checkRecord(kind, payload))
        return problem->toError();
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(writeRecordColumns(db, kind, id, payload, now));
    auto appended = Outbox::append(db, entity, id, Outbox::Op::Create, payload, now);
    if (!appended)
        return appended.error();
    HEARTH_TRY(tx->commit());
    return id;
}

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
    return saveNewRecord(m_db, u"station"_qs, s.id, payload, now);
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
    return saveNewRecord(m_db, u"campaign"_qs, c.id, payload, now);
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
    return saveNewRecord(m_db, u"service"_qs, e.id, payload, now);
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
    const QJsonObject payload{{u"person_id"_qs, f.personId}, {u"visit_id"_qs, f.visitId},
                              {u"station_id"_qs, f.stationId}, {u"category"_qs, f.category},
                              {u"status"_qs, f.status},      {u"assignee"_qs, f.assignee},
                              {u"due_on"_qs, f.dueOn},       {u"claimed_fen"_qs, f.claimedFen},
                              {u"recovered_fen"_qs, f.recoveredFen}};
    return saveNewRecord(m_db, u"followup"_qs, f.id, payload, now);
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
    const QJsonObject payload{{u"followup_id"_qs, followUpId}, {u"at"_qs, now},         {u"author"_qs, author},
                              {u"text"_qs, noteText.trimmed()}, {u"status"_qs, status}, {u"recovered_fen"_qs, recoveredFen}};
    const model::Kind &kind = *model::kind(u"followup_note");
    if (auto problem = model::checkRecord(kind, payload))
        return problem->toError();
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(writeRecordColumns(m_db, kind, id, payload, now));
    HEARTH_TRY(moveFollowUpByNote(m_db, payload));
    auto appended = Outbox::append(m_db, u"followup_note"_qs, id, Outbox::Op::Create, payload, now);
    if (!appended)
        return appended.error();
    HEARTH_TRY(tx->commit());
    return id;
}

Result<void> moveFollowUpByNote(storage::Database &db, const QJsonObject &note)
{
    const QString status = note.value(u"status").toString();
    const qint64 recovered = note.value(u"recovered_fen").toInteger(-1);
    auto stmt = db.cached("UPDATE followups SET status = coalesce(?, status), recovered_fen = coalesce(?, recovered_fen),"
                          " updated_at = max(updated_at, ?) WHERE id = ?");
    if (!stmt)
        return stmt.error();
    status.isEmpty() ? (*stmt)->bindNull(1) : (*stmt)->bind(1, status);
    recovered >= 0 ? (*stmt)->bind(2, recovered) : (*stmt)->bindNull(2);
    (*stmt)->bind(3, note.value(u"at").toInteger()).bind(4, note.value(u"followup_id").toString());
    return (*stmt)->run();
}

} // namespace hearth::domain
