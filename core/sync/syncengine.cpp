// SPDX-License-Identifier: GPL-3.0-or-later
#include "syncengine.h"

#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "remoteapply.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSync, "hearth.sync")

namespace hearth::sync {
namespace {

Result<void> push(storage::Database &db, Transport &t, const QByteArray &token, const SyncOptions &o, SyncReport &report)
{
    for (;;) {
        auto pushed = storage::readMeta(db, "sync.pushed_seq");
        if (!pushed)
            return pushed.error();
        auto stmt = db.prepare("SELECT seq, entity, entity_id, op, payload, created_at FROM outbox WHERE seq > ?"
                               " ORDER BY seq LIMIT ?");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, pushed->toLongLong()).bind(2, o.pushBatch);
        QJsonArray entries;
        QHash<qint64, std::pair<QString, QString>> what;
        while (stmt->step().value_or(false)) {
            const qint64 seq = stmt->columnInt(0);
            what.insert(seq, {stmt->columnText(1), stmt->columnText(2)});
            entries.append(QJsonObject{{u"seq"_qs, seq},
                                       {u"entity"_qs, stmt->columnText(1)},
                                       {u"entity_id"_qs, stmt->columnText(2)},
                                       {u"op"_qs, stmt->columnText(3)},
                                       {u"payload"_qs, QJsonDocument::fromJson(stmt->columnText(4).toUtf8()).object()},
                                       {u"created_at"_qs, qint64(stmt->columnInt(5))}});
        }
        if (entries.isEmpty())
            return {};
        const QJsonObject body{{u"entries"_qs, entries}};
        auto answer = t.request("POST", u"/v1/push"_qs, body, token);
        if (!answer) {
            // The server knows fewer of ours than we think (its database was restored): resend
            // from where it stands. It says where in the detail of a 409.
            if (answer.error().code() == ErrorCode::Conflict && answer.error().detail() != u"409") {
                const qint64 expected = answer.error().detail().toLongLong();
                if (expected > 0 && expected - 1 < pushed->toLongLong()) {
                    HEARTH_TRY(storage::writeMeta(db, "sync.pushed_seq", QString::number(expected - 1)));
                    continue;
                }
            }
            return answer.error();
        }
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return tx.error();
        for (const QJsonValue &r : answer->value(u"results").toArray()) {
            const QString status = r[u"status"].toString();
            const qint64 seq = r[u"seq"].toInteger();
            if (status == u"applied")
                ++report.pushed;
            else if (status == u"duplicate")
                ++report.duplicates;
            else if (status == u"rejected") {
                const Rejection rej{seq, what.value(seq).first, what.value(seq).second, r[u"reason_zh"].toString(),
                                    r[u"reason_en"].toString()};
                report.rejected.append(rej);
                auto ins = db.cached("INSERT OR REPLACE INTO sync_rejections(seq, entity, entity_id, reason_zh,"
                                     " reason_en, at) VALUES (?, ?, ?, ?, ?, ?)");
                if (!ins)
                    return ins.error();
                (*ins)->bind(1, seq).bind(2, rej.entity).bind(3, rej.entityId).bind(4, rej.reasonZh);
                (*ins)->bind(5, rej.reasonEn).bind(6, QDateTime::currentMSecsSinceEpoch());
                HEARTH_TRY((*ins)->run());
            }
        }
        HEARTH_TRY(storage::writeMeta(db, "sync.pushed_seq", QString::number(answer->value(u"applied_through").toInteger())));
        HEARTH_TRY(tx->commit());
    }
}

Result<void> pull(storage::Database &db, Transport &t, const QByteArray &token, const SyncOptions &o, SyncReport &report)
{
    for (;;) {
        auto cursor = storage::readMeta(db, "sync.pull_cursor");
        if (!cursor)
            return cursor.error();
        auto page = t.request("GET", u"/v1/pull?after=%1&limit=%2"_qs.arg(cursor->toLongLong()).arg(o.pullPage), {},
                              token);
        if (!page)
            return page.error();
        const QJsonArray changes = page->value(u"changes").toArray();
        // The page and its cursor commit together: a kill here re-pulls the page, which
        // re-applies to the same result.
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return tx.error();
        for (const QJsonValue &c : changes) {
            HEARTH_TRY(applyRemoteChange(db, c[u"entity"].toString(), c[u"id"].toString(), c[u"op"].toString(),
                                         c[u"body"].toObject()));
            ++report.pulled;
        }
        HEARTH_TRY(storage::writeMeta(db, "sync.pull_cursor", QString::number(page->value(u"next").toInteger())));
        HEARTH_TRY(tx->commit());
        if (!page->value(u"more").toBool())
            return {};
    }
}

} // namespace

QString enrolledServer(storage::Database &db) { return storage::readMeta(db, "sync.server").value_or({}); }

Result<QString> enrol(storage::Database &db, Transport &transport, const QString &serverUrl, const QString &user,
                      const QByteArray &password, const QString &deviceName)
{
    auto answer = transport.request("POST", u"/v1/enrol"_qs,
                                    {{u"user"_qs, user}, {u"password"_qs, QString::fromUtf8(password)},
                                     {u"device_name"_qs, deviceName}},
                                    {});
    if (!answer)
        return answer.error();
    const QString device = answer->value(u"device_id").toString(), token = answer->value(u"token").toString();
    if (device.isEmpty() || token.isEmpty())
        return Error(ErrorCode::Network, u"enrolment answer without a token"_qs);
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(storage::writeMeta(db, "sync.server", serverUrl));
    HEARTH_TRY(storage::writeMeta(db, "sync.device_id", device));
    HEARTH_TRY(storage::writeMeta(db, "sync.token", token));
    // A new enrolment is a new device to the server: it has seen none of our outbox yet.
    HEARTH_TRY(storage::writeMeta(db, "sync.pushed_seq", u"0"_qs));
    HEARTH_TRY(storage::writeMeta(db, "sync.pull_cursor", u"0"_qs));
    HEARTH_TRY(tx->commit());
    qCInfo(lcSync) << "enrolled as device" << device;
    return device;
}

Result<SyncReport> synchronise(storage::Database &db, Transport &transport, const SyncOptions &options)
{
    auto token = storage::readMeta(db, "sync.token");
    if (!token)
        return token.error();
    if (token->isEmpty())
        return Error::withReason(ErrorCode::Unauthorized, u"这台设备还没有登记到服务器（enroll）"_qs,
                                 u"this device is not enrolled with a server yet (enroll)"_qs);
    SyncReport report;
    // Push first: our edits reach the server's merge before we take its state.
    HEARTH_TRY(push(db, transport, token->toLatin1(), options, report));
    HEARTH_TRY(pull(db, transport, token->toLatin1(), options, report));
    report.bytesUp = transport.bytesSent();
    report.bytesDown = transport.bytesReceived();
    HEARTH_TRY(storage::writeMeta(db, "sync.last_at", QString::number(QDateTime::currentMSecsSinceEpoch())));
    qCInfo(lcSync) << "synced: pushed" << report.pushed << "pulled" << report.pulled << "rejected"
                   << report.rejected.size();
    return report;
}

} // namespace hearth::sync
