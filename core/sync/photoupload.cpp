// SPDX-License-Identifier: GPL-3.0-or-later
#include "photoupload.h"

#include "core/media/mediacache.h"
#include "core/media/mediastore.h"
#include "core/storage/database.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>

namespace hearth::sync {
namespace {

Result<void> mark(storage::Database &db, const QString &hash, const char *state)
{
    auto stmt = db.cached("INSERT OR REPLACE INTO photo_uploads(hash, state, at) VALUES (?, ?, ?)");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, hash).bind(2, QString::fromLatin1(state)).bind(3, QDateTime::currentMSecsSinceEpoch());
    return (*stmt)->run();
}

struct Position
{
    qint64 offset = 0;
    bool complete = false;
};

Result<Position> parse(const QByteArray &answer)
{
    const QJsonObject o = QJsonDocument::fromJson(answer).object();
    if (!o.contains(u"offset"))
        return Error(ErrorCode::Network, u"photo status without an offset"_qs);
    return Position{o.value(u"offset").toInteger(), o.value(u"complete").toBool()};
}

// Sends one photo from where the server stands. Returns whether it was there already.
Result<bool> uploadOne(Transport &t, const QByteArray &token, const QString &hash, const QByteArray &bytes, int chunk,
                       PhotoUploadReport &report, const std::function<void(qint64)> &onChunk)
{
    const QString path = u"/v1/photos/"_qs + hash;
    auto status = t.send({"GET", path}, token);
    if (!status)
        return status.error();
    auto at = parse(*status);
    if (!at)
        return at.error();
    const bool wasThere = at->complete;
    int damaged = 0;
    while (!at->complete) {
        const QByteArray piece = bytes.mid(at->offset, chunk);
        const QByteArray sha = QCryptographicHash::hash(piece, QCryptographicHash::Sha256).toHex();
        RawRequest put{"PUT", path + u"?offset=%1&size=%2"_qs.arg(at->offset).arg(bytes.size()), piece,
                       QByteArrayLiteral("application/octet-stream"), {{"Chunk-SHA256", sha}}, false};
        auto answer = t.send(put, token);
        if (!answer) {
            if (const qint64 expected = expectedPosition(answer.error()); expected >= 0) {
                at->offset = expected; // the server holds more (or less) than we thought
                continue;
            }
            // A chunk damaged on the way is sent again, a few times.
            if (answer.error().code() == ErrorCode::InvalidArgument && ++damaged < 3)
                continue;
            return answer.error();
        }
        report.bytes += piece.size();
        if (onChunk)
            onChunk(piece.size());
        auto next = parse(*answer);
        if (!next)
            return next.error();
        at = next;
    }
    return wasThere;
}

} // namespace

Result<PhotoUploadReport> uploadPhotos(storage::Database &db, media::MediaStore &media, Transport &transport,
                                       const QByteArray &token, int chunkBytes,
                                       const std::function<void(qint64)> &onChunk)
{
    // What the server lost or never finished (a damaged disk, a restore), sent again by whoever
    // holds it, this device's cache included. An older server has no such list.
    if (auto wanted = transport.request("GET", u"/v1/photos"_qs, {}, token)) {
        // Pinned again at once (no cache row: never evicted) until the server holds it anew.
        for (const QJsonValue &h : wanted->value(u"wanted").toArray())
            if (media.contains(h.toString()))
                HEARTH_TRY(storage::runForId(db, {"DELETE FROM media_cache WHERE hash = ?", "DELETE FROM photo_uploads WHERE hash = ?"},
                                             h.toString()));
    } else if (wanted.error().code() == ErrorCode::Network || wanted.error().code() == ErrorCode::Unauthorized) {
        return wanted.error();
    }
    // Photos of saved records only (a draft's photos are not in `photos` yet), and only after
    // the records were pushed: the server accepts a photo a record in the scope names.
    auto stmt = db.prepare("SELECT h FROM (SELECT hash AS h FROM photos UNION SELECT thumb_hash FROM photos)"
                           " WHERE h NOT IN (SELECT hash FROM photo_uploads)");
    if (!stmt)
        return stmt.error();
    auto hashes = storage::collectRows(*stmt, [](const storage::Statement &s) { return s.columnText(0); });
    if (!hashes)
        return hashes.error();
    PhotoUploadReport report;
    for (const QString &hash : *hashes) {
        if (!media.contains(hash)) { // a record from the server: its photo is not ours to send
            HEARTH_TRY(mark(db, hash, "absent"));
            continue;
        }
        auto bytes = media.get(hash); // decrypted in memory only
        if (!bytes) { // damaged here, or evicted since (then the server holds it): this photo only
            report.errors << bytes.error().bilingual();
            continue;
        }
        auto sent = uploadOne(transport, token, hash, *bytes, chunkBytes, report, onChunk);
        if (!sent) {
            if (sent.error().code() == ErrorCode::Network || sent.error().code() == ErrorCode::Unauthorized)
                return sent.error(); // try the rest next time
            report.errors << sent.error().bilingual();
            continue;
        }
        ++(*sent ? report.alreadyThere : report.uploaded);
        HEARTH_TRY(mark(db, hash, "done"));
        // The server holds it now: from here on the cache may evict it like a fetched one.
        if (auto admitted = media::admit(db, hash, bytes->size()); !admitted)
            return admitted.error();
    }
    auto limit = media::cacheLimit(db);
    if (!limit)
        return limit.error();
    if (auto evicted = media::evict(db, media, *limit); !evicted)
        return evicted.error();
    return report;
}

} // namespace hearth::sync
