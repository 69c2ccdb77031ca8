// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit.h"

#include "core/protocol/auditchain.h"

namespace hearth::server {

Result<void> holdAuditChain(Pg &pg)
{
    constexpr qint64 kAuditLock = 0x4865617274680003; // one tail: appends take turns
    if (auto lock = pg.exec("SELECT pg_advisory_xact_lock($1)", {kAuditLock}); !lock)
        return lock.error();
    return {};
}

namespace {

QString linkHash(const QString &prev, const QString &at, const AuditEntry &e)
{
    return protocol::auditLink(prev, {at, e.actor, e.action, e.subject, e.detail, e.reason});
}

Result<void> append(Pg &pg, const AuditEntry &e)
{
    HEARTH_TRY(holdAuditChain(pg));
    // The chain's tail, and the time as text in one fixed form (the verifier hashes what was
    // hashed here), in one round trip.
    auto tail = pg.exec("SELECT (SELECT hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1),"
                        " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    if (!tail)
        return tail.error();
    const QString prev = tail->isNull(0, 0) ? QString() : tail->text(0, 0);
    const QString at = tail->text(0, 1);
    auto r = pg.exec("INSERT INTO audit (at, actor, action, subject, detail, reason, prev_hash, hash)"
                     " VALUES ($1::timestamptz, $2, $3, $4, nullif($5, ''), nullif($6, ''), nullif($7, ''), $8)",
                     {at, e.actor, e.action, e.subject, e.detail, e.reason, prev, linkHash(prev, at, e)});
    return r ? Result<void>() : Result<void>(r.error());
}

} // namespace

Result<void> appendAudit(Pg &pg, const AuditEntry &entry)
{
    if (pg.inTransaction())
        return append(pg, entry);
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    HEARTH_TRY(append(pg, entry));
    return tx->commit();
}

Result<AuditCheck> verifyAudit(Pg &pg)
{
    // Entries from before the chain (schema 6) have no hash and are counted, not checked.
    auto r = pg.exec("SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), actor, action,"
                     " subject, coalesce(detail, ''), coalesce(reason, ''), coalesce(prev_hash, ''), hash"
                     " FROM audit ORDER BY id");
    if (!r)
        return r.error();
    AuditCheck check;
    QString prev;
    bool chained = false; // entries from before the chain (schema 6) come first, unhashed; none after
    for (int i = 0; i < r->rows(); ++i) {
        ++check.entries;
        if (r->isNull(i, 8)) {
            if (!chained)
                continue;
            check.firstBroken = r->integer(i, 0);
            break;
        }
        chained = true;
        const AuditEntry e{r->text(i, 2), r->text(i, 3), r->text(i, 4), r->text(i, 5), r->text(i, 6)};
        if (r->text(i, 7) != prev || linkHash(prev, r->text(i, 1), e) != r->text(i, 8)) {
            check.firstBroken = r->integer(i, 0);
            break;
        }
        prev = r->text(i, 8);
    }
    return check;
}

} // namespace hearth::server
