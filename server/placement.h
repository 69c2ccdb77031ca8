// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where records live on the server (docs/sync-protocol.md, "Scopes"): a record's placement is
// its scope (an area code or station id, from the record model's ScopeRule) plus the further
// scopes it is also in (the station that follows a person); what lives under a record (a
// person's visits and follow-ups, a follow-up's notes) shares its placement. A change of
// village or following station moves the record with everything under it.

#include "core/model/recordmodel.h"
#include "pg.h"
#include "scopesql.h"

#include <QHash>
#include <QJsonObject>

namespace hearth::server {

// A record as the server holds it.
struct Stored
{
    bool exists = false;
    QJsonObject body; // with the merge's bookkeeping
    Placement at;
    bool deleted = false; // a tombstone
    bool voided = false;  // an append-only record voided
    QString mergedInto;   // a tombstone that redirects (a duplicate merged into this record)
};

Result<Stored> load(Pg &pg, const QString &entity, const QString &id);

// Where a record belongs, given the records its scope-parent fields name (field key → record).
Placement placementOf(const model::Kind &kind, const QString &id, const QJsonObject &body,
                      const QHash<QString, Stored> &parents);

// The photos a record names may be uploaded and fetched by devices of its placement.
Result<void> notePhotos(Pg &pg, const Placement &at, const QJsonObject &body);

struct MoveOf
{
    QString entity, id;
    Placement from, to;
    QJsonObject body; // the record's new state, with the merge's bookkeeping
    QString deviceId;
    qint64 seq = 0, clock = 0;
    qint64 entryHash = 0; // of the entry that moved it (its change row keeps it), if one did
    qint64 voidedAt = 0; // an append-only record moved while voided: it stays voided everywhere
};

// Moves a record and what lives under it to a new placement, in the caller's transaction:
// the record's change row goes to the new placement; what lives under it is sent there again
// (those devices never saw it); the placement it left gets a "move" row with the new state,
// on which its devices drop the record and what lives under it.
Result<void> moveRecord(Pg &pg, const MoveOf &move);

// A household is where its village is, and also with every station that follows one of its
// members: after a member's station or household changed, its placement is brought up to date
// (moved, with what lives under it, when that changes it).
Result<void> followHousehold(Pg &pg, const QString &householdId, const QString &deviceId, qint64 clock);

} // namespace hearth::server
