// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Same-field conflicts (docs/sync-protocol.md, "Merging"): when two devices changed the same
// field of a person or household offline from the same base, the server keeps the value with
// the later hybrid logical clock and records the other. Devices of the scope receive these
// records to show ("陈 的电话：保留 A，另一台设备的 B 未采用"), so nobody's edit vanishes
// unseen. Reviewing one here only hides it on this device; the supervisor resolves it on the
// server.

#include "transport.h"

#include <QList>

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

struct Conflict
{
    qint64 id = 0;
    QString entity, recordId, field, kept, lost, keptDevice, lostDevice;
    qint64 atMs = 0;
    QString recordName; // the person's name or the household's address, when this device has it
    bool masked = false; // kept and lost are masked (an ID number, a phone): revealConflict() shows them
};

// Fetches the conflicts after the stored cursor; returns how many were new.
Result<int> pullConflicts(storage::Database &db, Transport &transport, const QByteArray &token);
// Fetches the scope's pairs of records that are likely one person (the server keeps both until
// a supervisor merges them); returns how many were new. sameAs() lists, for one person held
// here, the others of their pairs that this device holds too.
Result<int> pullDuplicates(storage::Database &db, Transport &transport, const QByteArray &token);
struct SameAs
{
    QString personId, name;
};
Result<QList<SameAs>> sameAs(storage::Database &db, const QString &personId);
// Those not yet marked reviewed here, newest first; an ID number or a phone masked like
// everywhere else (DESIGN.md §11).
Result<QList<Conflict>> openConflicts(storage::Database &db, int limit = 200);
// One conflict with its values in full: an audited reveal (who, when, which record, why).
Result<Conflict> revealConflict(storage::Database &db, qint64 id, const QString &actor, const QString &reason, qint64 nowMs);
Result<void> markConflictReviewed(storage::Database &db, qint64 id, qint64 nowMs);

} // namespace hearth::sync
