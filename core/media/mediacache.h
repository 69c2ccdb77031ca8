// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The media store as a cache (issue 15, docs/sync-protocol.md "Photos"). Photos of the scope's
// earlier visits come from the server when they are wanted; they stay encrypted in the media
// store under a size limit and go least recently used first. Only a file the server is known
// to hold may go: one fetched from it, or one taken here whose upload the server acknowledged
// (rows of `media_cache`). A photo taken here and not yet on the server has no row and is
// never evicted, whatever the limit; nor is a photo a draft holds.

#include "core/error.h"

#include <QSet>
#include <QString>

namespace hearth::storage {
class Database;
}

namespace hearth::media {

class MediaStore;

inline constexpr qint64 kDefaultCacheLimitBytes = 512LL * 1024 * 1024;
inline constexpr qint64 kMinCacheLimitBytes = 1LL * 1024 * 1024;

struct CacheUsage
{
    qint64 bytes = 0; // files the server holds, which may go
    int files = 0;
    qint64 limit = 0;
    qint64 pinnedBytes = 0; // taken here, not yet on the server: never evicted (thumbnails included)
    int pinned = 0;         // photos (a photo and its thumbnail count once)
};

// The limit (meta media.cache_limit_mb), and setting it (at least kMinCacheLimitBytes).
Result<qint64> cacheLimit(storage::Database &db);
Result<void> setCacheLimit(storage::Database &db, qint64 bytes);
// Whether photos are fetched ahead on an unmetered link (meta media.prefetch; off by default).
Result<bool> prefetchAllowed(storage::Database &db);
Result<void> setPrefetchAllowed(storage::Database &db, bool allowed);

// `hash` (of `bytes` bytes) is on the server and in the media store: it may now be evicted.
// Only while a record here names the photo (a fetch or an upload racing a purge: the purge
// wins); whether it was admitted.
Result<bool> admit(storage::Database &db, const QString &hash, qint64 bytes);
// `hash` was looked at: it goes last.
Result<void> touch(storage::Database &db, const QString &hash);
// The same from a thread that must not wait for the database (the UI's image provider): kept in
// memory, written by the next evict() or fetch on a worker.
void noteViewed(const QString &hash);
Result<void> flushViewed(storage::Database &db);
// Removes the least recently used files the server holds until those left fit in `limit`,
// never one of `keep` (the ones being shown) nor one a draft holds. The number removed. A row
// another connection used or re-admitted meanwhile stays (its use time is the test).
Result<int> evict(storage::Database &db, MediaStore &media, qint64 limit, const QSet<QString> &keep = {});
Result<CacheUsage> cacheUsage(storage::Database &db, const MediaStore &media);

} // namespace hearth::media
