// SPDX-License-Identifier: GPL-3.0-or-later
#include "devicecontrol.h"

#include "core/protocol/lease.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace hearth::sync {
namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;

qint64 metaNumber(storage::Database &db, const char *key)
{
    auto v = storage::readMeta(db, key);
    return v ? v->toLongLong() : 0;
}

Result<qint64> count(storage::Database &db, const char *sql, qint64 bound)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    if (bound >= 0)
        stmt->bind(1, bound);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? qint64(stmt->columnInt(0)) : 0;
}

// The chained entries not yet on the server, in pages.
Result<void> pushAudit(storage::Database &db, Transport &transport, const QByteArray &token)
{
    for (;;) {
        const qint64 after = metaNumber(db, "sync.audit_pushed");
        auto stmt = db.prepare("SELECT id, at, actor, action, coalesce(subject_id, ''), coalesce(reason, ''),"
                               " coalesce(prev_hash, ''), hash FROM audit_log WHERE id > ? AND hash IS NOT NULL"
                               " ORDER BY id LIMIT 500");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, after);
        QJsonArray entries;
        while (stmt->step().value_or(false))
            entries.append(QJsonObject{{u"seq"_qs, qint64(stmt->columnInt(0))}, {u"at"_qs, qint64(stmt->columnInt(1))},
                                       {u"actor"_qs, stmt->columnText(2)}, {u"action"_qs, stmt->columnText(3)},
                                       {u"subject"_qs, stmt->columnText(4)}, {u"reason"_qs, stmt->columnText(5)},
                                       {u"prev_hash"_qs, stmt->columnText(6)}, {u"hash"_qs, stmt->columnText(7)}});
        if (entries.isEmpty())
            return {};
        auto answer = transport.request("POST", u"/v1/audit"_qs, {{u"entries"_qs, entries}}, token);
        if (!answer)
            return answer.error();
        if (answer->value(u"broken").toInt() > 0)
            qCWarning(lcSync) << "the server found" << answer->value(u"broken").toInt() << "broken links in this device's audit chain";
        const qint64 through = answer->value(u"accepted_through").toInteger();
        if (through <= after)
            return Error(ErrorCode::Network, u"the server accepted no audit entry"_qs);
        HEARTH_TRY(storage::writeMeta(db, "sync.audit_pushed", QString::number(through)));
    }
}

} // namespace

Result<void> reportToServer(storage::Database &db, Transport &transport, const QByteArray &token, const QString &buildVersion)
{
    HEARTH_TRY(pushAudit(db, transport, token));
    auto records = count(db, "SELECT count(*) FROM outbox WHERE seq > ?", metaNumber(db, "sync.pushed_seq"));
    if (!records)
        return records.error();
    auto photos = count(db, "SELECT count(*) FROM (SELECT hash AS h FROM photos UNION SELECT thumb_hash FROM photos"
                            " WHERE thumb_hash IS NOT NULL) WHERE h NOT IN (SELECT hash FROM photo_uploads)",
                        -1);
    if (!photos)
        return photos.error();
    auto answer = transport.request("POST", u"/v1/status"_qs,
                                    {{u"app_version"_qs, buildVersion}, {u"waiting_records"_qs, *records},
                                     {u"waiting_photos"_qs, *photos}},
                                    token);
    return answer ? Result<void>() : Result<void>(answer.error());
}

Result<void> confirmWipe(storage::Database &db, Transport &transport, const QByteArray &token)
{
    HEARTH_TRY(storage::writeMeta(db, "sync.wipe_pending", u"1"_qs));
    auto answer = transport.request("POST", u"/v1/wiped"_qs, {}, token);
    if (!answer && answer.error().code() != ErrorCode::Unauthorized) // already recorded and revoked
        return answer.error();
    qCInfo(lcSync) << "wipe confirmed to the server";
    return {};
}

bool wipePending(storage::Database &db)
{
    auto v = storage::readMeta(db, "sync.wipe_pending");
    return v && *v == u"1";
}

LeaseState leaseState(storage::Database &db, qint64 nowMs)
{
    // A clock set back does not buy time: the latest time this store has seen counts.
    nowMs = std::max(nowMs, metaNumber(db, "sync.time_seen"));
    LeaseState s;
    auto token = storage::readMeta(db, "sync.token");
    s.enrolled = token && !token->isEmpty();
    const qint64 days = metaNumber(db, "sync.lease_days");
    s.leaseDays = days > 0 ? int(days) : 30;
    s.lastContactMs = metaNumber(db, "sync.last_at");
    if (s.lastContactMs == 0)
        s.lastContactMs = metaNumber(db, "sync.enrolled_at");
    s.unlockedUntilMs = metaNumber(db, "sync.lease_unlocked_until");
    s.expired = s.enrolled && s.lastContactMs > 0 && nowMs - s.lastContactMs > s.leaseDays * kDayMs
        && nowMs > s.unlockedUntilMs;
    return s;
}

Result<void> noteTimeSeen(storage::Database &db, qint64 nowMs)
{
    if (nowMs <= metaNumber(db, "sync.time_seen"))
        return {};
    return storage::writeMeta(db, "sync.time_seen", QString::number(nowMs));
}

Result<void> unlockLease(storage::Database &db, const QString &code, qint64 nowMs)
{
    nowMs = std::max(nowMs, metaNumber(db, "sync.time_seen"));
    // Five wrong codes a day, then none is taken until the next (a code is eight digits).
    const QString today = QString::number(protocol::utcDayOf(nowMs));
    const QStringList tries = storage::readMeta(db, "sync.lease_tries").value_or(QString()).split(u':');
    const int failed = tries.value(0) == today ? tries.value(1).toInt() : 0;
    if (failed >= kLeaseCodeTries)
        return Error::withReason(ErrorCode::TooManyAttempts, u"今天解锁码已输错多次，请明天再试或联网同步"_qs,
                                 u"wrong unlock codes entered too often today: try tomorrow, or synchronise"_qs);
    auto token = storage::readMeta(db, "sync.token");
    auto device = storage::readMeta(db, "sync.device_id");
    if (!token || !device || token->isEmpty())
        return Error::withReason(ErrorCode::InvalidArgument, u"这台设备没有登记"_qs, u"this device is not enrolled"_qs);
    const QByteArray key = QCryptographicHash::hash(token->toLatin1(), QCryptographicHash::Sha256);
    const qint64 day = protocol::utcDayOf(nowMs);
    const QString given = code.trimmed();
    if (given != protocol::leaseUnlockCode(key, *device, day) && given != protocol::leaseUnlockCode(key, *device, day - 1)) {
        HEARTH_TRY(storage::writeMeta(db, "sync.lease_tries", today + u':' + QString::number(failed + 1)));
        // (Not WrongPin: that message counts a PIN's attempts left, which this is not.)
        return Error::withReason(ErrorCode::Unauthorized, u"解锁码不对"_qs, u"wrong unlock code"_qs);
    }
    HEARTH_TRY(storage::writeMeta(db, "sync.lease_tries", QString()));
    return storage::writeMeta(db, "sync.lease_unlocked_until", QString::number(nowMs + kLeaseGraceDays * kDayMs));
}

} // namespace hearth::sync
