// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportrecords.h"

#include "core/model/recordmodel.h"
#include "core/storage/database.h"
#include "outbox.h"
#include "recordrows.h"
#include "uuid.h"
#include "validation.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::domain {
namespace {

QStringList choicesOf(const char *kind, const char *key)
{
    QStringList out;
    for (const char *c : model::field(*model::kind(QLatin1String(kind)), QLatin1String(key))->choices)
        out << QLatin1String(c);
    return out;
}

} // namespace

QStringList certificateKinds() { return choicesOf("certificate", "kind"); }
QStringList certificatePlaces() { return choicesOf("certificate", "place"); }
QStringList certificateOutcomes() { return choicesOf("certificate", "outcome"); }

ReportRecords::ReportRecords(storage::Database &db, Clock clock) : m_db(db), m_clock(orSystemClock(clock)) {}

// The area a record counts in: the one given, else the home county of the station named.
Result<QString> ReportRecords::areaOf(const QString &areaCode, const QString &stationId)
{
    if (!stationId.isEmpty()) {
        auto stmt = m_db.cached("SELECT coalesce(home_county, '') FROM stations WHERE id = ?");
        if (!stmt)
            return stmt.error();
        (*stmt)->bind(1, stationId);
        auto row = (*stmt)->step();
        if (!row)
            return row.error();
        if (!*row)
            return FieldProblem{u"station_id"_qs, Problem::UnknownRecord}.toError();
        if (areaCode.isEmpty())
            return (*stmt)->columnText(0).isEmpty() ? FieldProblem{u"area_code"_qs, Problem::Required}.toError()
                                                    : Result<QString>((*stmt)->columnText(0));
    }
    if (areaCode.isEmpty())
        return FieldProblem{u"area_code"_qs, Problem::Required}.toError();
    return areaCode;
}

Result<QString> ReportRecords::addJobFair(JobFair f)
{
    auto area = areaOf(f.areaCode, f.stationId);
    if (!area)
        return area.error();
    if (f.organiser.trimmed().isEmpty())
        return FieldProblem{u"organiser"_qs, Problem::Required}.toError();
    if (f.place.trimmed().isEmpty())
        return FieldProblem{u"place"_qs, Problem::Required}.toError();
    if (!QDate::fromString(f.heldOn, Qt::ISODate).isValid())
        return FieldProblem{u"held_on"_qs, Problem::BadDate}.toError();
    const qint64 now = m_clock();
    f.id = f.id.isEmpty() ? makeUuidV7(now) : f.id;
    const QJsonObject payload{{u"area_code"_qs, *area},
                              {u"station_id"_qs, f.stationId},
                              {u"organiser"_qs, f.organiser.trimmed()},
                              {u"place"_qs, f.place.trimmed()},
                              {u"held_on"_qs, f.heldOn},
                              {u"employers"_qs, f.employers},
                              {u"positions"_qs, f.positions},
                              {u"attendees"_qs, f.attendees},
                              {u"contracts"_qs, f.contracts},
                              {u"placed"_qs, f.placed},
                              {u"people"_qs, QJsonArray::fromStringList(f.people)},
                              {u"notes"_qs, f.notes}};
    return saveNewRecord(m_db, u"job_fair"_qs, f.id, payload, now);
}

Result<QString> ReportRecords::addCertificate(CertificateService c)
{
    auto area = areaOf(c.areaCode, c.stationId);
    if (!area)
        return area.error();
    if (c.place.isEmpty())
        c.place = c.stationId.isEmpty() ? u"township"_qs : u"station"_qs;
    const qint64 now = m_clock();
    c.at = c.at ? c.at : now;
    c.id = c.id.isEmpty() ? makeUuidV7(now) : c.id;
    const QJsonObject payload{{u"area_code"_qs, *area},  {u"station_id"_qs, c.stationId},
                              {u"place"_qs, c.place},    {u"kind"_qs, c.kind},
                              {u"outcome"_qs, c.outcome}, {u"person_id"_qs, c.personId},
                              {u"at"_qs, c.at},          {u"utc_offset_min"_qs, c.utcOffsetMin},
                              {u"handler"_qs, c.handler}, {u"notes"_qs, c.notes}};
    return saveNewRecord(m_db, u"certificate"_qs, c.id, payload, now);
}

Result<QList<JobFair>> ReportRecords::jobFairs(int limit)
{
    auto stmt = m_db.prepare("SELECT id, area_code, coalesce(station_id, ''), organiser, place, held_on, employers,"
                             " positions, attendees, contracts, placed, people, coalesce(notes, ''), voided_at IS NOT NULL"
                             " FROM job_fairs ORDER BY held_on DESC, created_at DESC LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, qint64(limit));
    return storage::collectRows(*stmt, [](const storage::Statement &s) {
        JobFair f{s.columnText(0), s.columnText(1), s.columnText(2), s.columnText(3), s.columnText(4),
                  s.columnText(5), s.columnInt(6), s.columnInt(7), s.columnInt(8), s.columnInt(9), s.columnInt(10)};
        for (const QJsonValue &v : QJsonDocument::fromJson(s.columnText(11).toUtf8()).array())
            f.people << v.toString();
        f.notes = s.columnText(12);
        f.voided = s.columnInt(13) != 0;
        return f;
    });
}

Result<QList<CertificateService>> ReportRecords::certificates(int limit)
{
    auto stmt = m_db.prepare("SELECT id, area_code, coalesce(station_id, ''), place, kind, outcome,"
                             " coalesce(person_id, ''), at, utc_offset_min, coalesce(handler, ''), coalesce(notes, ''),"
                             " voided_at IS NOT NULL FROM certificate_services ORDER BY at DESC, id DESC LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, qint64(limit));
    return storage::collectRows(*stmt, [](const storage::Statement &s) {
        return CertificateService{s.columnText(0), s.columnText(1), s.columnText(2), s.columnText(3),
                                  s.columnText(4), s.columnText(5), s.columnText(6), s.columnInt(7),
                                  int(s.columnInt(8)), s.columnText(9), s.columnText(10), s.columnInt(11) != 0};
    });
}

Result<void> voidRecord(storage::Database &db, const QString &entity, const QString &id, qint64 now)
{
    const model::Kind *kind = model::kind(entity);
    if (!kind || kind->life != model::Life::AppendOnly)
        return Error(ErrorCode::InvalidArgument, u"only append-only records are voided"_qs);
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto upd = db.cached("UPDATE " + std::string(kind->table) + " SET voided_at = ? WHERE id = ? AND voided_at IS NULL");
    if (!upd)
        return upd.error();
    (*upd)->bind(1, now).bind(2, id);
    HEARTH_TRY((*upd)->run());
    if (db.changes() == 0)
        return FieldProblem{u"id"_qs, Problem::UnknownRecord}.toError();
    auto appended = Outbox::append(db, entity, id, Outbox::Op::Delete, QJsonObject{{u"voided_at"_qs, now}}, now);
    if (!appended)
        return appended.error();
    return tx->commit();
}

} // namespace hearth::domain
