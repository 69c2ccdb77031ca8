// SPDX-License-Identifier: GPL-3.0-or-later
#include "devices.h"

#include "audit.h"
#include "core/protocol/auditchain.h"
#include "core/protocol/lease.h"

#include <QJsonArray>

namespace hearth::server {

Result<QJsonObject> noteStatus(Pg &pg, const Device &device, const QJsonObject &body)
{
    const QString version = body.value(u"app_version").toString().left(64);
    const qint64 records = body.value(u"waiting_records").toInteger(-1), photos = body.value(u"waiting_photos").toInteger(-1);
    if (records < 0 || photos < 0)
        return Error::withReason(ErrorCode::InvalidArgument, u"状态格式不对"_qs, u"malformed status"_qs);
    auto r = pg.exec("UPDATE devices SET app_version = $2, waiting_records = $3, waiting_photos = $4, reported_at = now()"
                     " WHERE id = $1",
                     {device.id, version, records, photos});
    if (!r)
        return r.error();
    return QJsonObject{{u"ok"_qs, true}};
}

Result<QJsonObject> acceptAudit(Pg &pg, const Device &device, const QJsonObject &body)
{
    const QJsonArray entries = body.value(u"entries").toArray();
    if (entries.size() > 1000)
        return Error::withReason(ErrorCode::InvalidArgument, u"一次最多 1000 条审计记录"_qs, u"at most 1000 audit entries at once"_qs);
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    auto tail = pg.exec("SELECT audit_seq, coalesce(audit_hash, '') FROM devices WHERE id = $1 FOR UPDATE", {device.id});
    if (!tail)
        return tail.error();
    qint64 lastSeq = tail->integer(0, 0);
    QString lastHash = tail->text(0, 1);
    int broken = 0;
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        const qint64 seq = e.value(u"seq").toInteger(-1), at = e.value(u"at").toInteger(-1);
        const protocol::AuditFields f{QString::number(at), e.value(u"actor").toString().left(200),
                                      e.value(u"action").toString().left(64), e.value(u"subject").toString().left(200),
                                      QString(), e.value(u"reason").toString().left(2000)};
        const QString prev = e.value(u"prev_hash").toString(), hash = e.value(u"hash").toString();
        if (seq <= 0 || at < 0 || f.action.isEmpty() || hash.size() != 64)
            return Error::withReason(ErrorCode::InvalidArgument, u"审计记录格式不对"_qs, u"malformed audit entry"_qs);
        if (seq <= lastSeq) {
            // Sent before (its answer was lost): it must be what it was then.
            auto stored = pg.exec("SELECT hash FROM device_audit WHERE device_id = $1 AND seq = $2", {device.id, seq});
            if (!stored)
                return stored.error();
            if (stored->rows() == 1 && stored->text(0, 0) != hash) {
                ++broken;
                HEARTH_TRY(appendAudit(pg, {u"server"_qs, u"device_audit.rewritten"_qs, device.id, u"entry %1"_qs.arg(seq), {}}));
            }
            continue;
        }
        // The link must continue the chain the server holds (the device's first entry here
        // anchors it: a store enrolled again continues its old chain), be the hash of what it
        // says, and follow the last one without a gap (entries are numbered one by one).
        const bool anchor = lastSeq == 0 && lastHash.isEmpty();
        const bool holds = (anchor || (prev == lastHash && seq == lastSeq + 1)) && protocol::auditLink(prev, f) == hash;
        auto r = pg.exec("INSERT INTO device_audit (device_id, seq, at, actor, action, subject, reason, prev_hash, hash, broken)"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, ''), $9, $10)",
                         {device.id, seq, at, f.actor, f.action, f.subject, f.reason, prev, hash, holds ? u"false"_qs : u"true"_qs});
        if (!r)
            return r.error();
        if (!holds) {
            ++broken;
            HEARTH_TRY(appendAudit(pg, {u"server"_qs, u"device_audit.broken"_qs, device.id, u"entry %1"_qs.arg(seq), {}}));
        }
        lastSeq = seq;
        lastHash = hash;
    }
    auto r = pg.exec("UPDATE devices SET audit_seq = $2, audit_hash = nullif($3, '') WHERE id = $1", {device.id, lastSeq, lastHash});
    if (!r)
        return r.error();
    HEARTH_TRY(tx->commit());
    return QJsonObject{{u"accepted_through"_qs, lastSeq}, {u"broken"_qs, broken}};
}

Result<QJsonObject> confirmWiped(Pg &pg, const Device &device)
{
    if (!device.wipeRequested)
        return Error::withReason(ErrorCode::InvalidArgument, u"没有要求清除这台设备"_qs, u"no wipe was asked of this device"_qs);
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    auto r = pg.exec("UPDATE devices SET wiped_at = now(), revoked_at = coalesce(revoked_at, now()),"
                     " revoke_reason = coalesce(revoke_reason, 'wiped') WHERE id = $1",
                     {device.id});
    if (!r)
        return r.error();
    HEARTH_TRY(appendAudit(pg, {device.userName, u"device.wiped"_qs, device.id, u"confirmed by the device"_qs, {}}));
    HEARTH_TRY(tx->commit());
    return QJsonObject{{u"ok"_qs, true}};
}

QJsonObject deviceOrders(const Device &device)
{
    return {{u"wipe"_qs, device.wipeRequested}, {u"lease_days"_qs, device.leaseDays}};
}

Result<void> requestWipe(Pg &pg, const QString &deviceId, const QString &actor)
{
    auto r = pg.exec("UPDATE devices SET wipe_requested_at = now() WHERE id = $1 AND wiped_at IS NULL", {deviceId});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error(ErrorCode::NotFound, deviceId);
    return appendAudit(pg, {actor, u"device.wipe"_qs, deviceId, u"asked"_qs, {}});
}

Result<void> setLeaseDays(Pg &pg, const QString &userName, int days, const QString &actor)
{
    if (days < 1 || days > 365)
        return Error::withReason(ErrorCode::InvalidArgument, u"租期应为 1 到 365 天"_qs, u"a lease is 1 to 365 days"_qs);
    auto r = pg.exec("UPDATE users SET offline_lease_days = $2 WHERE name = $1 AND removed_at IS NULL", {userName, days});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error(ErrorCode::NotFound, userName);
    return appendAudit(pg, {actor, u"user.lease"_qs, userName, u"%1 days"_qs.arg(days), {}});
}

Result<QString> unlockCode(Pg &pg, const QString &deviceId, qint64 nowMs)
{
    auto r = pg.exec("SELECT token_hash FROM devices WHERE id = $1 AND revoked_at IS NULL", {deviceId});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return Error(ErrorCode::NotFound, deviceId);
    HEARTH_TRY(appendAudit(pg, {u"admin"_qs, u"device.unlock_code"_qs, deviceId, {}, {}}));
    return protocol::leaseUnlockCode(QByteArray::fromHex(r->bytes(0, 0)), deviceId, protocol::utcDayOf(nowMs));
}

Result<PgResult> listDevices(Pg &pg)
{
    return pg.exec(
        "SELECT d.id, u.name, d.name, coalesce(d.app_version, '-'),"
        " coalesce(to_char(d.last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), 'never'),"
        " coalesce(d.waiting_records::text, '-'), coalesce(d.waiting_photos::text, '-'),"
        " CASE WHEN d.revoked_at IS NOT NULL THEN 'revoked'"
        "  WHEN d.last_seen < now() - make_interval(days => u.offline_lease_days) THEN 'lease ran out'"
        "  ELSE 'lease ' || greatest(0, u.offline_lease_days"
        "   - floor(extract(epoch FROM now() - coalesce(d.last_seen, d.enrolled_at)) / 86400))::int || ' days left' END,"
        " CASE WHEN d.wiped_at IS NOT NULL THEN 'wiped ' || to_char(d.wiped_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        "  WHEN d.wipe_requested_at IS NOT NULL THEN 'wipe asked' ELSE '-' END,"
        " coalesce(d.revoke_reason, '-')"
        " FROM devices d JOIN users u ON u.id = d.user_id ORDER BY d.enrolled_at");
}

} // namespace hearth::server
