// SPDX-License-Identifier: GPL-3.0-or-later
#include "photofetch.h"

#include "core/media/mediacache.h"
#include "core/media/mediastore.h"
#include "core/storage/database.h"

#include <QFile>
#include <QSet>

namespace hearth::sync {
namespace {

constexpr qint64 kMaxPhotoBytes = 32 * 1024 * 1024; // what the server accepts

// The size a record here gives the photo or thumbnail, or -1 when no record names it.
Result<qint64> knownSize(storage::Database &db, const QString &hash)
{
    auto stmt = db.cached("SELECT bytes FROM photos WHERE hash = ?1"
                          " UNION ALL SELECT thumb_bytes FROM photos WHERE thumb_hash = ?1 LIMIT 1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, hash);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return *row ? qint64((*stmt)->columnInt(0)) : -1;
}

// The photo's bytes, piece by piece (the server gives at most 1 MiB per answer). Empty when
// the server does not hold it or will not give it.
Result<QByteArray> download(Transport &t, const QByteArray &token, const QString &hash, qint64 size)
{
    QByteArray bytes;
    while (bytes.size() < size) {
        auto piece = t.send({"GET", u"/v1/photos/%1/content?offset=%2"_qs.arg(hash).arg(bytes.size())}, token);
        if (!piece) {
            const ErrorCode code = piece.error().code();
            if (code == ErrorCode::NotFound || code == ErrorCode::Forbidden)
                return QByteArray();
            return piece.error();
        }
        if (piece->isEmpty())
            break;
        bytes += *piece;
    }
    return bytes;
}

Result<QStringList> hashesOf(storage::Statement &stmt, const media::MediaStore &media, bool full, qint64 room = -1)
{
    QStringList out;
    qint64 used = 0;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        for (int c = 0; c < (full ? 2 : 1); ++c) {
            const QString hash = stmt.columnText(c * 2);
            if (media.contains(hash) || out.contains(hash))
                continue;
            if (room >= 0 && used + stmt.columnInt(c * 2 + 1) > room)
                return out;
            used += stmt.columnInt(c * 2 + 1);
            out << hash;
        }
    }
}

} // namespace

Result<PhotoFetchReport> fetchPhotos(storage::Database &db, media::MediaStore &media, Transport &transport,
                                     const QByteArray &token, const QStringList &hashes)
{
    PhotoFetchReport report;
    for (const QString &hash : hashes) {
        if (media.contains(hash))
            continue;
        auto size = knownSize(db, hash);
        if (!size)
            return size.error();
        if (*size <= 0 || *size > kMaxPhotoBytes) { // no record here names it: not ours to ask for
            ++report.unavailable;
            continue;
        }
        auto bytes = download(transport, token, hash, *size);
        if (!bytes)
            return bytes.error();
        // Checked against its name before it is kept: a server (or a proxy) that sent other
        // bytes gets nothing stored.
        if (bytes->size() != *size || media::MediaStore::sha256Hex(*bytes) != hash) {
            ++report.unavailable;
            continue;
        }
        // Counted before it is written: a kill in between leaves a count the next eviction
        // drops, never a file no eviction would ever see. Only while a record here still names
        // it: a purge that ran meanwhile (the person left the scope) wins, and the file goes.
        auto admitted = media::admit(db, hash, *size);
        if (!admitted)
            return admitted.error();
        if (!*admitted) {
            ++report.unavailable;
            continue;
        }
        auto stored = media.put(*bytes);
        if (!stored)
            return stored.error();
        auto stillNamed = knownSize(db, hash);
        if (!stillNamed)
            return stillNamed.error();
        if (*stillNamed < 0) {
            QFile::remove(media.pathFor(hash));
            HEARTH_TRY(storage::runForId(db, {"DELETE FROM media_cache WHERE hash = ?"}, hash));
            ++report.unavailable;
            continue;
        }
        ++report.fetched;
        report.fetchedHashes << hash;
        report.bytes += *size;
    }
    auto limit = media::cacheLimit(db);
    if (!limit)
        return limit.error();
    auto evicted = media::evict(db, media, *limit, QSet<QString>(hashes.begin(), hashes.end()));
    if (!evicted)
        return evicted.error();
    report.evicted = *evicted;
    return report;
}

Result<QStringList> missingPhotosOfPerson(storage::Database &db, const media::MediaStore &media,
                                          const QString &personId, bool full)
{
    auto stmt = db.prepare("SELECT p.thumb_hash, p.thumb_bytes, p.hash, p.bytes FROM visits v"
                           " JOIN photo_refs r ON r.owner_kind = 'visit' AND r.owner_id = v.id"
                           " JOIN photos p ON p.hash = r.photo_hash"
                           " WHERE v.person_id = ? ORDER BY v.visited_at DESC, r.position");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, personId);
    return hashesOf(*stmt, media, full);
}

Result<QStringList> prefetchList(storage::Database &db, const media::MediaStore &media, qint64 room)
{
    if (room <= 0) // the cache is full (or over, after a large batch asked for): nothing ahead
        return QStringList();
    // Every thumbnail first (a history shows them), then the photos; newest visits first.
    auto stmt = db.prepare("SELECT hash, bytes FROM ("
                           " SELECT p.thumb_hash AS hash, p.thumb_bytes AS bytes, 0 AS pass, v.visited_at AS at, r.position AS pos"
                           " FROM visits v JOIN photo_refs r ON r.owner_kind = 'visit' AND r.owner_id = v.id"
                           " JOIN photos p ON p.hash = r.photo_hash"
                           " UNION ALL SELECT p.hash, p.bytes, 1, v.visited_at, r.position"
                           " FROM visits v JOIN photo_refs r ON r.owner_kind = 'visit' AND r.owner_id = v.id"
                           " JOIN photos p ON p.hash = r.photo_hash)"
                           " ORDER BY pass, at DESC, pos");
    if (!stmt)
        return stmt.error();
    return hashesOf(*stmt, media, false, room);
}

Result<PhotoFetchReport> prefetchPhotos(storage::Database &db, media::MediaStore &media, Transport &transport,
                                        const QByteArray &token)
{
    auto allowed = media::prefetchAllowed(db);
    if (!allowed)
        return allowed.error();
    if (!*allowed)
        return PhotoFetchReport{};
    auto usage = media::cacheUsage(db, media);
    if (!usage)
        return usage.error();
    auto list = prefetchList(db, media, usage->limit - usage->bytes);
    if (!list)
        return list.error();
    return fetchPhotos(db, media, transport, token, *list);
}

} // namespace hearth::sync
