// SPDX-License-Identifier: GPL-3.0-or-later
// Photos: photo get (fetched from the server when this device lacks it), photo fetch (a
// person's history), photo cache (the media cache's size, limit and fetching ahead).
#include "cli.h"
#include "core/domain/personrepository.h"
#include "core/media/mediacache.h"
#include "core/media/mediastore.h"
#include "core/storage/atomicfile.h"
#include "core/storage/store.h"
#include "core/sync/syncengine.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace hearth::cli {
namespace {


QJsonObject fetchJson(const sync::PhotoFetchReport &r)
{
    return {{u"fetched"_qs, r.fetched}, {u"unavailable"_qs, r.unavailable}, {u"bytes"_qs, r.bytes}, {u"evicted"_qs, r.evicted}};
}

Result<sync::PhotoFetchReport> fetch(storage::Store &store, media::MediaStore &media, const QStringList &hashes)
{
    storage::Database &db = store.database();
    sync::HttpTransport transport(sync::enrolledServer(db), 30000, sync::storedTrust(db));
    return sync::fetchPhotosNow(db, transport, media, hashes);
}

int photoGet(Context &ctx)
{
    const QStringList pos = ctx.args.positionalArguments();
    if (pos.size() != 1 || ctx.args.value(u"out"_qs).isEmpty())
        return fail(usage(u"用法：photo get HASH --out FILE"_qs, u"usage: photo get HASH --out FILE"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    storage::Database &db = (*store)->database();
    media::MediaStore media((*store)->mediaDirectory(), (*store)->mediaKey());
    // Another device's photo of a record here: fetched now, if the server holds it.
    if (!media.contains(pos.first()) && !sync::enrolledServer(db).isEmpty())
        if (auto fetched = fetch(**store, media, {pos.first()}); !fetched)
            return fail(fetched.error());
    auto bytes = media.get(pos.first());
    if (!bytes)
        return fail(bytes.error());
    if (auto done = media::touch(db, pos.first()); !done)
        return fail(done.error());
    auto audited = domain::writeAudit(db, QDateTime::currentMSecsSinceEpoch(), actorName(ctx), u"photo_get"_qs, pos.first(),
                                      ctx.args.value(u"reason"_qs));
    if (!audited)
        return fail(audited.error());
    auto written = storage::writeFileAtomically(ctx.args.value(u"out"_qs), *bytes);
    if (!written)
        return fail(written.error());
    out(ctx.json ? toJson({{u"hash"_qs, pos.first()}, {u"bytes"_qs, bytes->size()}})
                 : QStringLiteral("%1 字节 / bytes → %2").arg(bytes->size()).arg(ctx.args.value(u"out"_qs)));
    return Ok;
}

int photoFetch(Context &ctx)
{
    const bool ahead = ctx.args.isSet(u"ahead"_qs);
    if (ctx.args.value(u"person"_qs).isEmpty() == !ahead)
        return fail(usage(u"用法：photo fetch --person ID [--full] 或 photo fetch --ahead"_qs,
                          u"usage: photo fetch --person ID [--full], or photo fetch --ahead"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    storage::Database &db = (*store)->database();
    media::MediaStore media((*store)->mediaDirectory(), (*store)->mediaKey());
    Result<QStringList> wanted = QStringList();
    if (ahead) {
        auto usage = media::cacheUsage(db, media);
        if (!usage)
            return fail(usage.error());
        wanted = sync::prefetchList(db, media, usage->limit - usage->bytes);
    } else {
        wanted = sync::missingPhotosOfPerson(db, media, ctx.args.value(u"person"_qs), ctx.args.isSet(u"full"_qs));
    }
    if (!wanted)
        return fail(wanted.error());
    auto report = fetch(**store, media, *wanted);
    if (!report)
        return fail(report.error());
    if (ctx.json)
        out(toJson(fetchJson(*report)));
    else
        out(u"取回 %1 张（%2 字节），服务器上没有 %3 张，腾出空间移除 %4 张 / fetched %1 (%2 bytes), %3 not on the server, "
            "%4 evicted to make room"_qs.arg(report->fetched)
                .arg(report->bytes)
                .arg(report->unavailable)
                .arg(report->evicted));
    return report->unavailable ? Partial : Ok;
}

int photoCache(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    storage::Database &db = (*store)->database();
    media::MediaStore media((*store)->mediaDirectory(), (*store)->mediaKey());
    if (ctx.args.isSet(u"limit-mb"_qs)) {
        bool ok = false;
        const qint64 mb = ctx.args.value(u"limit-mb"_qs).toLongLong(&ok);
        if (!ok)
            return fail(usage(u"--limit-mb 应为整数"_qs, u"--limit-mb takes a whole number"_qs));
        if (auto done = media::setCacheLimit(db, mb << 20); !done)
            return fail(done.error());
        auto evicted = media::evict(db, media, mb << 20);
        if (!evicted)
            return fail(evicted.error());
    }
    if (ctx.args.isSet(u"prefetch"_qs)) {
        const QString v = ctx.args.value(u"prefetch"_qs);
        if (v != u"on" && v != u"off")
            return fail(usage(u"--prefetch 应为 on 或 off"_qs, u"--prefetch takes on or off"_qs));
        if (auto done = media::setPrefetchAllowed(db, v == u"on"); !done)
            return fail(done.error());
    }
    auto usage = media::cacheUsage(db, media);
    if (!usage)
        return fail(usage.error());
    const bool prefetch = media::prefetchAllowed(db).value_or(false);
    const auto size = [](qint64 b) { return QLocale::c().formattedDataSize(b, 1, QLocale::DataSizeTraditionalFormat); };
    if (ctx.json)
        out(toJson({{u"bytes"_qs, usage->bytes},
                    {u"files"_qs, usage->files},
                    {u"limit"_qs, usage->limit},
                    {u"pinned_bytes"_qs, usage->pinnedBytes},
                    {u"pinned"_qs, usage->pinned},
                    {u"prefetch"_qs, prefetch}}));
    else
        out(u"缓存 %1 / %2（%3 张，可移除）；未上传 %4 张，%5（不会移除）；Wi-Fi 预取：%6 / cache %1 of %2 (%3 files, may "
            "go); not yet on the server %4 files, %5 (never evicted); prefetch on Wi-Fi: %7"_qs
                .arg(size(usage->bytes), size(usage->limit))
                .arg(usage->files)
                .arg(usage->pinned)
                .arg(size(usage->pinnedBytes), prefetch ? u"开"_qs : u"关"_qs, prefetch ? u"on"_qs : u"off"_qs));
    return Ok;
}

} // namespace

std::vector<Command> photoCommands()
{
    return {
        {"photo get", "导出照片 / Write a photo, decrypted, to a file (audited); fetched from the server if not here",
         [](QCommandLineParser &p) {
             p.addPositionalArgument(u"HASH"_qs, u"the photo's SHA-256"_qs);
             p.addOption(option("out", "the file to write", "FILE"));
             p.addOption(option("reason", "why (kept in the audit log)", "R"));
             p.addOption(option("actor", "who (default $USER)", "NAME"));
             p.addOption(jsonOption());
         },
         photoGet},
        {"photo fetch", "取回照片 / Fetch the photos of a person's visits that are not here, or fetch ahead into the cache",
         [](QCommandLineParser &p) {
             p.addOption(option("person", "the person whose visits' photos", "ID"));
             p.addOption(option("full", "the photos too, not only their thumbnails"));
             p.addOption(option("ahead", "the scope's newest visits, as many as fit in the cache's free room"));
             p.addOption(jsonOption());
         },
         photoFetch},
        {"photo cache", "照片缓存 / The photo cache: its use, its limit and fetching ahead on Wi-Fi",
         [](QCommandLineParser &p) {
             p.addOption(option("limit-mb", "the cache's limit in MB (at least 1); evicts down to it now", "MB"));
             p.addOption(option("prefetch", "fetch photos ahead on Wi-Fi: on or off", "on|off"));
             p.addOption(jsonOption());
         },
         photoCache},
    };
}

} // namespace hearth::cli
