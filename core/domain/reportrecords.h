// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The records the monthly report counts beside visits, services and wage cases (DESIGN.md §12):
// job fairs and certificate services. Both append-only: a correction voids the entry and logs
// it again. Each counts in an area (the township or county that held it, or the home county of
// the station that did) and, when a station logged it, is in that station's scope as well.

#include "clock.h"
#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

struct JobFair
{
    QString id;
    QString areaCode;  // empty: the station's home county
    QString stationId; // the station that held it, if one did
    QString organiser;
    QString place;
    QString heldOn; // yyyy-MM-dd
    qint64 employers = 0;
    qint64 positions = 0;
    qint64 attendees = 0;
    qint64 contracts = 0; // intention contracts signed
    qint64 placed = 0;
    QStringList people; // linked people (ids), optional
    QString notes;
    bool voided = false;
};

struct CertificateService
{
    QString id;
    QString areaCode;  // empty: the station's home county
    QString stationId; // where it was handled, if a station or travel point
    QString place;     // station, township, travel_point
    QString kind;      // id_card, social_security, residence_permit, household_register, driving_licence, other
    QString outcome;   // done, accepted, referred, not_possible
    QString personId;  // optional
    qint64 at = 0;     // 0 = now
    int utcOffsetMin = 480;
    QString handler;
    QString notes;
    bool voided = false;
};

QStringList certificateKinds();
QStringList certificatePlaces();
QStringList certificateOutcomes();

class ReportRecords
{
public:
    explicit ReportRecords(storage::Database &db, Clock clock = {});

    Result<QString> addJobFair(JobFair fair);
    Result<QString> addCertificate(CertificateService service);
    // Newest first; voided ones included (marked) so a list can show what was undone.
    Result<QList<JobFair>> jobFairs(int limit = 200);
    Result<QList<CertificateService>> certificates(int limit = 200);

private:
    Result<QString> areaOf(const QString &areaCode, const QString &stationId);

    storage::Database &m_db;
    Clock m_clock;
};

// Voids an append-only record made here or pulled (a visit, a service entry, a job fair, a
// certificate service): the row stays, marked, and a tombstone is queued. UnknownRecord when
// there is no such record or it was voided already.
Result<void> voidRecord(storage::Database &db, const QString &entity, const QString &id, qint64 now);

} // namespace hearth::domain
