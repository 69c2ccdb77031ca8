// SPDX-License-Identifier: GPL-3.0-or-later
#include "mediacache.h"

#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "mediastore.h"

#include <QDateTime>
#include <QFile>
#include <QHash>

#include <mutex>

namespace hearth::media {
namespace {

Result<void> runWithHash(storage::Database &db, const char *sql, const QString &hash, qint64 number)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, hash).bind(2, number);
    return (*stmt)->run();
}

// The hashes drafts hold (their photos are not in `photos` until saved). A draft's body names
// its photos by hash; drafts are few.
Result<QString> draftBodies(storage::Database &db)
{
    auto stmt = db.prepare("SELECT coalesce(group_concat(body), '') FROM drafts");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->columnText(0) : QString();
}

struct Viewed
{
    std::mutex mutex;
    QHash<QString, qint64> at;
};

Viewed &viewed()
{
    static Viewed v;
    return v;
}

} // namespace

void noteViewed(const QString &hash)
{
    std::lock_guard lock(viewed().mutex);
    viewed().at.insert(hash, QDateTime::currentMSecsSinceEpoch());
}

Result<void> flushViewed(storage::Database &db)
{
    QHash<QString, qint64> pending;
    {
        std::lock_guard lock(viewed().mutex);
        pending.swap(viewed().at);
    }
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        HEARTH_TRY(runWithHash(db, "UPDATE media_cache SET used_at = max(used_at, ?2) WHERE hash = ?1", it.key(), it.value()));
    return {};
}

Result<qint64> cacheLimit(storage::Database &db)
{
    auto mb = storage::readMeta(db, "media.cache_limit_mb");
    if (!mb)
        return mb.error();
    bool ok = false;
    const qint64 value = mb->toLongLong(&ok);
    return ok && value > 0 ? std::max(value << 20, kMinCacheLimitBytes) : kDefaultCacheLimitBytes;
}

Result<void> setCacheLimit(storage::Database &db, qint64 bytes)
{
    if (bytes < kMinCacheLimitBytes)
        return Error::withReason(ErrorCode::InvalidArgument, u"照片缓存至少 %1 MB"_qs.arg(kMinCacheLimitBytes >> 20),
                                 u"the photo cache takes at least %1 MB"_qs.arg(kMinCacheLimitBytes >> 20));
    return storage::writeMeta(db, "media.cache_limit_mb", QString::number(bytes >> 20));
}

Result<bool> prefetchAllowed(storage::Database &db)
{
    auto value = storage::readMeta(db, "media.prefetch");
    if (!value)
        return value.error();
    return *value == u"1";
}

Result<void> setPrefetchAllowed(storage::Database &db, bool allowed)
{
    return storage::writeMeta(db, "media.prefetch", allowed ? u"1"_qs : u"0"_qs);
}

Result<bool> admit(storage::Database &db, const QString &hash, qint64 bytes)
{
    auto stmt = db.cached("INSERT INTO media_cache (hash, bytes, used_at) SELECT ?1, ?2, ?3"
                          " WHERE EXISTS (SELECT 1 FROM photos WHERE hash = ?1 OR thumb_hash = ?1)"
                          " ON CONFLICT (hash) DO UPDATE SET used_at = excluded.used_at");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, hash).bind(2, bytes).bind(3, QDateTime::currentMSecsSinceEpoch());
    HEARTH_TRY((*stmt)->run());
    return db.changes() > 0;
}

Result<void> touch(storage::Database &db, const QString &hash)
{
    return runWithHash(db, "UPDATE media_cache SET used_at = ?2 WHERE hash = ?1", hash,
                       QDateTime::currentMSecsSinceEpoch());
}

Result<int> evict(storage::Database &db, MediaStore &media, qint64 limit, const QSet<QString> &keep)
{
    HEARTH_TRY(flushViewed(db)); // what the screens showed since counts as used
    auto total = db.prepare("SELECT coalesce(sum(bytes), 0) FROM media_cache");
    if (!total)
        return total.error();
    if (auto row = total->step(); !row)
        return row.error();
    qint64 bytes = total->columnInt(0);
    total->reset(); // no read snapshot held while removing: the other connection's commits may land
    if (bytes <= limit)
        return 0;
    auto drafts = draftBodies(db);
    if (!drafts)
        return drafts.error();
    auto oldest = db.prepare("SELECT hash, bytes, used_at FROM media_cache ORDER BY used_at, hash");
    if (!oldest)
        return oldest.error();
    struct Row
    {
        QString hash;
        qint64 bytes, usedAt;
    };
    auto rows = storage::collectRows(
        *oldest, [](const storage::Statement &s) { return Row{s.columnText(0), s.columnInt(1), s.columnInt(2)}; });
    if (!rows)
        return rows.error();
    oldest->reset();
    int removed = 0;
    for (const Row &row : *rows) {
        if (bytes <= limit)
            break;
        if (keep.contains(row.hash) || drafts->contains(row.hash))
            continue;
        // The file first, then the row: a kill in between leaves a row whose photo is fetched
        // again when wanted, never a file nobody counts. A fetch on another connection that
        // brought the photo back meanwhile re-admitted it (a newer use time): its row stays.
        if (!QFile::remove(media.pathFor(row.hash)) && media.contains(row.hash))
            return Error(ErrorCode::Io, u"cannot remove a cached photo"_qs);
        auto forget = db.cached("DELETE FROM media_cache WHERE hash = ? AND used_at = ?");
        if (!forget)
            return forget.error();
        (*forget)->bind(1, row.hash).bind(2, row.usedAt);
        HEARTH_TRY((*forget)->run());
        bytes -= row.bytes;
        ++removed;
    }
    return removed;
}

Result<CacheUsage> cacheUsage(storage::Database &db, const MediaStore &media)
{
    CacheUsage usage;
    auto limit = cacheLimit(db);
    if (!limit)
        return limit.error();
    usage.limit = *limit;
    auto cached = db.prepare("SELECT coalesce(sum(bytes), 0), count(*) FROM media_cache");
    if (!cached)
        return cached.error();
    if (auto row = cached->step(); !row)
        return row.error();
    usage.bytes = cached->columnInt(0);
    usage.files = int(cached->columnInt(1));
    // Photos of saved records that are here and not counted as held by the server: counted as
    // photos (what people count), their thumbnails' bytes included.
    auto pinned = db.prepare("SELECT p.hash, p.bytes, c.hash IS NOT NULL, p.thumb_hash, p.thumb_bytes, t.hash IS NOT NULL"
                             " FROM photos p LEFT JOIN media_cache c ON c.hash = p.hash"
                             " LEFT JOIN media_cache t ON t.hash = p.thumb_hash");
    if (!pinned)
        return pinned.error();
    while (pinned->step().value_or(false)) {
        bool counted = false;
        for (int c : {0, 3})
            if (pinned->columnInt(c + 2) == 0 && media.contains(pinned->columnText(c))) {
                usage.pinnedBytes += pinned->columnInt(c + 1);
                counted = true;
            }
        usage.pinned += counted ? 1 : 0;
    }
    return usage;
}

} // namespace hearth::media
