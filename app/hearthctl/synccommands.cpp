// SPDX-License-Identifier: GPL-3.0-or-later
// hearthctl enroll / sync: this store as a device of a hearth-server (docs/sync-protocol.md).
#include "cli.h"

#include "core/media/mediastore.h"
#include "core/storage/store.h"
#include "core/sync/syncengine.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonArray>

namespace hearth::cli {
namespace {

QString wipeNotice();

int enroll(Context &ctx)
{
    const QString server = ctx.args.value(u"server"_qs), user = ctx.args.value(u"user"_qs);
    if (server.isEmpty() || user.isEmpty()) {
        fail(Error::withReason(ErrorCode::InvalidArgument, u"用法：enroll --server 地址 --user 用户名"_qs,
                               u"usage: enroll --server URL --user NAME"_qs));
        return Usage;
    }
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto password = ctx.secrets.read("HEARTH_PASSWORD", "password");
    if (!password)
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"需要密码（HEARTH_PASSWORD 或标准输入）"_qs,
                                      u"a password is needed (HEARTH_PASSWORD or standard input)"_qs));
    // --ca: a private CA (a government intranet's) the server's certificate is verified against.
    QList<QSslCertificate> ca;
    if (ctx.args.isSet(u"ca"_qs)) {
        ca = QSslCertificate::fromPath(ctx.args.value(u"ca"_qs));
        if (ca.isEmpty())
            return fail(Error::withReason(ErrorCode::BadFile, u"读不出 CA 证书"_qs, u"no CA certificate in that file"_qs,
                                          ctx.args.value(u"ca"_qs)));
    }
    sync::HttpTransport transport(server, 30000, sync::enrolmentTrust((*store)->database(), server, ca));
    const QString name = ctx.args.isSet(u"device-name"_qs) ? ctx.args.value(u"device-name"_qs) : QHostInfo::localHostName();
    auto device = sync::enrol((*store)->database(), transport, server, user,
                              QByteArray(reinterpret_cast<const char *>(password->data()), qsizetype(password->size())),
                              name, ca, ctx.args.value(u"code"_qs));
    if (!device)
        return fail(device.error());
    if (ctx.json)
        out(toJson({{u"device_id"_qs, *device}, {u"server"_qs, server}}));
    else
        out(u"已登记为设备 / enrolled as device %1"_qs.arg(*device));
    return Ok;
}

int syncNow(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    storage::Database &db = (*store)->database();
    // --via: the same server through another address (a relay, a tunnel, a test's proxy).
    const QString server = ctx.args.isSet(u"via"_qs) ? ctx.args.value(u"via"_qs) : sync::enrolledServer(db);
    sync::HttpTransport transport(server, 30000, sync::storedTrust(db));
    media::MediaStore media((*store)->mediaDirectory(), (*store)->mediaKey());
    sync::SyncOptions options;
    options.verifyNow = ctx.args.isSet(u"verify"_qs);
    options.unmeteredLink = ctx.args.isSet(u"unmetered"_qs);
    if (ctx.args.isSet(u"attempts"_qs))
        options.backoff.attempts = std::max(1, ctx.args.value(u"attempts"_qs).toInt());
    auto report = sync::synchronise(db, transport, &media, options);
    if (!report)
        return fail(report.error());
    if (report->wiped) {
        // The administrator's wipe: everything of ours is on the server; the store goes now.
        store->reset();
        auto erased = storage::Store::erase(ctx.storeDir, wipeNotice());
        if (!erased)
            return fail(erased.error());
        out(u"管理员要求清除本设备：数据已全部上传，本地存储已销毁 / wiped at the administrator's request: everything was "
            "uploaded first, and this store is destroyed"_qs);
        return Ok;
    }
    QJsonArray rejected;
    for (const auto &r : report->rejected)
        rejected.append(QJsonObject{{u"seq"_qs, r.seq}, {u"entity"_qs, r.entity}, {u"id"_qs, r.entityId},
                                    {u"reason_zh"_qs, r.reasonZh}, {u"reason_en"_qs, r.reasonEn}});
    // Changes received that this version could not apply: kept aside in the store, listed here.
    QJsonArray setAside;
    if (auto aside = sync::setAsideChanges(db); aside)
        for (const auto &a : *aside)
            setAside.append(QJsonObject{{u"cursor"_qs, a.cursor}, {u"entity"_qs, a.entity}, {u"id"_qs, a.recordId},
                                        {u"reason"_qs, a.reason}, {u"version"_qs, a.version}});
    if (ctx.json) {
        out(toJson({{u"pushed"_qs, report->pushed},
                    {u"set_aside"_qs, setAside},
                    {u"set_aside_new"_qs, report->setAside},
                    {u"set_aside_retried"_qs, report->setAsideRetried},
                    {u"duplicates"_qs, report->duplicates},
                    {u"pulled"_qs, report->pulled},
                    {u"rejected"_qs, rejected},
                    {u"conflicts"_qs, report->conflicts},
                    {u"duplicate_pairs"_qs, report->duplicatePairs},
                    {u"photos_uploaded"_qs, report->photosUploaded},
                    {u"photos_already_there"_qs, report->photosAlreadyThere},
                    {u"photos_fetched"_qs, report->photosFetched},
                    {u"photo_errors"_qs, QJsonArray::fromStringList(report->photoErrors)},
                    {u"retries"_qs, report->retries},
                    {u"verified"_qs, report->verified},
                    {u"drift"_qs, QJsonArray::fromStringList(report->drift)},
                    {u"narrowed_to"_qs, QJsonArray::fromStringList(report->narrowedTo)},
                    {u"redownloaded"_qs, report->redownloaded},
                    {u"drift_after"_qs, QJsonArray::fromStringList(report->driftAfter)},
                    {u"bytes_up"_qs, report->bytesUp},
                    {u"bytes_down"_qs, report->bytesDown}}));
    } else {
        out(u"上传 %1 条，下载 %2 条，被拒 %3 条，冲突 %4 个，照片 %5 张 / pushed %1, pulled %2, rejected %3, "
            "conflicts %4, photos %5"_qs.arg(report->pushed)
                .arg(report->pulled)
                .arg(report->rejected.size())
                .arg(report->conflicts)
                .arg(report->photosUploaded + report->photosAlreadyThere));
        for (const auto &r : report->rejected)
            out(u"  #%1 %2 %3: %4 / %5"_qs.arg(r.seq).arg(r.entity, r.entityId, r.reasonZh, r.reasonEn));
        for (const QString &e : report->photoErrors)
            out(u"  photo: "_qs + e);
        if (!setAside.isEmpty())
            out(u"  %1 条收到的更改本版本无法应用，已留存待升级后重试 / %1 received changes this version cannot apply, "
                "kept to retry after an update"_qs.arg(setAside.size()));
        if (report->redownloaded)
            out(u"与服务器不一致（%1），已重新下载 / differed from the server (%1): downloaded again"_qs.arg(
                report->drift.join(u", "_qs)));
    }
    return report->rejected.isEmpty() && report->photoErrors.isEmpty() ? Ok : Partial;
}

QString wipeNotice()
{
    return u"wiped at the administrator's request on %1 (UTC), after everything was uploaded\n"_qs.arg(
        QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
}

int trustServer(Context &ctx)
{
    if (!ctx.args.isSet(u"pin"_qs)) {
        fail(Error::withReason(ErrorCode::InvalidArgument, u"用法：trust-server --pin 指纹"_qs,
                               u"usage: trust-server --pin HEX"_qs));
        return Usage;
    }
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto r = sync::trustServerKey((*store)->database(), ctx.args.value(u"pin"_qs).trimmed().toLatin1());
    if (!r)
        return fail(r.error());
    out(u"已信任新的服务器证书 / the server's new key is pinned"_qs);
    return Ok;
}

} // namespace

std::vector<Command> syncCommands()
{
    return {
        {"enroll", "登记到服务器 / Enrol this store as a device of a hearth-server (password from HEARTH_PASSWORD or stdin)",
         [](QCommandLineParser &p) {
             p.addOption(option("server", "the server's URL, e.g. https://sync.example", "URL"));
             p.addOption(option("user", "the account name", "NAME"));
             p.addOption(option("device-name", "how the server lists this device", "NAME"));
             p.addOption(option("ca", "a PEM CA certificate to verify the server against, besides the system's", "FILE"));
             p.addOption(option("code", "supervisors and administrators: the code their authenticator app shows now", "CODE"));
             p.addOption(jsonOption());
         },
         enroll},
        {"trust-server", "信任服务器的新证书 / Pin the server's new key, as its administrator gave it (the server's certificate changed)",
         [](QCommandLineParser &p) { p.addOption(option("pin", "SHA-256 of the new certificate's public key, 64 hex digits", "HEX")); },
         trustServer},
        {"sync", "同步 / Push the outbox, send its photos, then pull the changes and conflicts in scope",
         [](QCommandLineParser &p) {
             p.addOption(jsonOption());
             p.addOption(option("attempts", "tries per request on network failures (default 5, jittered backoff)", "N"));
             p.addOption(QCommandLineOption(u"verify"_qs, u"compare the scope checksum now (else once a day)"_qs));
             p.addOption(option("via", "reach the enrolled server through this address instead", "URL"));
             p.addOption(QCommandLineOption(u"unmetered"_qs, u"the link costs nothing (Wi-Fi): fetch photos ahead if allowed (photo cache --prefetch on)"_qs));
         },
         syncNow},
    };
}

} // namespace hearth::cli
