// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The server's audit trail (DESIGN.md §11): administrator and console actions, merges,
// resolutions, grants, failed sign-ins. Append-only and hash-chained: each entry's hash covers
// the one before it, so an entry changed or removed in the table breaks every link after it.

#include "pg.h"

namespace hearth::server {

struct AuditEntry
{
    QString actor, action, subject, detail, reason;
};

// Appends in the caller's transaction when there is one (the chain's tail is locked until it
// ends), otherwise in its own.
Result<void> appendAudit(Pg &pg, const AuditEntry &entry);

// The chain's turn for the caller's transaction, as appendAudit takes it, taken early: a
// transaction that locks rows (a conflict) that an auditing writer may lock too (a move) takes
// it first, so that every such writer takes the two in one order.
Result<void> holdAuditChain(Pg &pg);

struct AuditCheck
{
    qint64 entries = 0;
    qint64 firstBroken = 0; // the id of the first entry whose link or hash does not hold; 0: none
};
Result<AuditCheck> verifyAudit(Pg &pg);

} // namespace hearth::server
