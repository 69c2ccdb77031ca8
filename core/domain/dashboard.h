// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The figures the home pages show: a campaign's coverage of an area, a station's tally, open
// cases, recent files, and what still waits to be sent. Read-only queries, each one indexed.

#include "core/error.h"

#include <QList>
#include <QString>

#include <optional>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

struct Coverage
{
    QString campaignId;
    QString campaignName;
    QString endsOn;
    qint64 households = 0; // in the area
    qint64 visited = 0;    // of those, with at least one visit in the campaign
};

struct HouseholdLine
{
    QString householdId;
    QString headName;
    QString address;
};

struct TallyLine
{
    QString category;
    qint64 entries = 0;
    qint64 people = 0;
};

struct FileLine
{
    QString personId;
    QString name;
    QString employer;
    qint64 updatedAt = 0;
};

struct Backlog
{
    qint64 records = 0;    // outbox entries not yet acknowledged by the server
    qint64 photos = 0;     // photos not yet uploaded
    qint64 lastSyncMs = 0; // 0 = never
    qint64 conflicts = 0;  // same-field conflicts of the scope not yet reviewed here
};

// A visit a supervisor returned to the field with a comment (its latest review), and not yet
// corrected by a visit that supersedes it.
struct ReturnedLine
{
    QString visitId;
    QString personId; // empty: a visit to a household
    QString householdId;
    QString name; // the person's, or the household head's
    QString comment;
    QString reviewer;
    qint64 at = 0;
};

struct CampaignLine
{
    QString id;
    QString name;
    QString endsOn;
};

// The campaign running on `today` (yyyy-MM-dd) that targets the area (or everyone), ending
// soonest. A new visit joins it.
Result<std::optional<CampaignLine>> activeCampaign(storage::Database &db, const QString &areaCode,
                                                   const QString &today);
// The same campaign with its coverage of the households under `areaPrefix`.
Result<std::optional<Coverage>> activeCoverage(storage::Database &db, const QString &areaPrefix,
                                               const QString &today);
// Households under the area not yet visited in the campaign, by head name.
Result<QList<HouseholdLine>> unvisitedHouseholds(storage::Database &db, const QString &areaPrefix,
                                                 const QString &campaignId, int limit);
// A station's services between two instants (voided entries left out), largest first.
Result<QList<TallyLine>> serviceTally(storage::Database &db, const QString &stationId, qint64 fromMs, qint64 toMs);
// The workers a branch station follows, most recently changed first.
Result<QList<FileLine>> recentFiles(storage::Database &db, const QString &stationId, int limit);
Result<Backlog> syncBacklog(storage::Database &db);
// Visits returned by a supervisor, newest first.
Result<QList<ReturnedLine>> returnedVisits(storage::Database &db, int limit);

} // namespace hearth::domain
