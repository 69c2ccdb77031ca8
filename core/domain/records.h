// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clock.h"
#include "core/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

// The smaller aggregates: stations, campaigns, service logs and follow-ups. Each save writes
// its rows and one outbox entry in one transaction, like people and visits.

struct Station
{
    QString id;
    QString kind; // "branch" or "travel_point"
    QString name;
    QString homeCounty;
    QString city;
    QString address;
};

struct Campaign
{
    QString id;
    QString name;
    QString startsOn; // yyyy-MM-dd
    QString endsOn;
    QStringList targetTags;
    QString targetStatus;
    QStringList targetAreas;
};

// One entry at a travel point (DESIGN.md §4). Append-only.
struct ServiceLog
{
    QString id;
    QString stationId;
    qint64 at = 0; // 0 = now
    int utcOffsetMin = 480;
    QString category;
    int count = 1;
    QString personId;
    QString volunteer;
    QString notes;
};

struct FollowUp
{
    QString id;
    QString personId;
    QString visitId;
    QString stationId;
    QString category;
    QString status = QStringLiteral("open"); // open, in_progress, resolved, closed
    QString assignee;
    QString dueOn;
    qint64 claimedFen = -1; // wage cases; -1 = not a money case
    qint64 recoveredFen = -1;
};

// A follow-up as lists show it: with the person's name and the last change.
struct FollowUpLine
{
    FollowUp followUp;
    QString personName;
    qint64 updatedAt = 0;
};

struct FollowUpFilter
{
    QString personId;   // one person's
    QString stationId;  // a station's cases
    QString areaPrefix; // people of an area
    bool openOnly = true; // open and in progress only
    int limit = 200;
};

struct FollowUpNote
{
    QString id;
    qint64 at = 0;
    QString author;
    QString text;
    QString status;
    qint64 recoveredFen = -1;
};

class RecordRepository
{
public:
    explicit RecordRepository(storage::Database &db, Clock clock = {});

    Result<QString> addStation(Station station);
    Result<QList<Station>> stations();
    Result<QString> addCampaign(Campaign campaign);
    Result<QString> addService(ServiceLog entry);
    Result<QString> addFollowUp(FollowUp followUp);
    // Appends a note to a follow-up's log; a non-empty status or recoveredFen >= 0 moves it.
    Result<QString> addFollowUpNote(const QString &followUpId, const QString &author, const QString &text,
                                    const QString &status = {}, qint64 recoveredFen = -1);

    // By due date (undated last), then oldest change first.
    Result<QList<FollowUpLine>> followUps(const FollowUpFilter &filter);
    Result<FollowUp> followUp(const QString &id);
    Result<QList<FollowUpNote>> followUpNotes(const QString &followUpId); // oldest first

    // The newest entry of a station not voided, logged at or after sinceMs (for undo).
    Result<std::optional<ServiceLog>> lastService(const QString &stationId, qint64 sinceMs);
    // Undo: marks the entry voided and queues a tombstone. The row stays (append-only log).
    Result<void> voidService(const QString &id);

private:
    storage::Database &m_db;
    Clock m_clock;
};

QStringList serviceCategories(); // the travel-point categories of DESIGN.md §1

// A follow-up shows its latest note's status and amount recovered: a note (its protocol JSON)
// moves them, whether written here or pulled. Inside the caller's transaction.
Result<void> moveFollowUpByNote(storage::Database &db, const QJsonObject &note);

} // namespace hearth::domain
