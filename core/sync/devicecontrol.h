// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The device's half of device control (docs/access.md): at the end of each round it tells the
// server its version and what waits, and sends its audit entries (a hash chain the server
// checks); when an administrator asked for a wipe it confirms once everything of its own is on
// the server (the caller then erases the store); and it keeps the offline lease: after the
// user's lease days without reaching the server it locks until it syncs or an administrator's
// unlock code is entered.

#include "core/error.h"
#include "transport.h"

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

// Audit entries and status, after a round.
Result<void> reportToServer(storage::Database &db, Transport &transport, const QByteArray &token,
                            const QString &buildVersion);
// Marks the wipe as under way (a kill after this still finishes it) and tells the server.
Result<void> confirmWipe(storage::Database &db, Transport &transport, const QByteArray &token);
// Whether a wipe was confirmed but the store not yet erased (finish it at the next unlock).
bool wipePending(storage::Database &db);

struct LeaseState
{
    bool enrolled = false;
    bool expired = false;
    int leaseDays = 30;
    qint64 lastContactMs = 0;
    qint64 unlockedUntilMs = 0;
};
LeaseState leaseState(storage::Database &db, qint64 nowMs);
// Keeps the latest time seen (at unlock, after a round): the lease never counts from earlier.
Result<void> noteTimeSeen(storage::Database &db, qint64 nowMs);
// An administrator's code (protocol::leaseUnlockCode) opens the device for kLeaseGraceDays.
Result<void> unlockLease(storage::Database &db, const QString &code, qint64 nowMs);
inline constexpr int kLeaseGraceDays = 3;
inline constexpr int kLeaseCodeTries = 5; // wrong codes a day

} // namespace hearth::sync
