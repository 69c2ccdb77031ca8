// SPDX-License-Identifier: GPL-3.0-or-later
#include "photoservice.h"

#include "audit.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QSet>
#include <QLoggingCategory>

namespace hearth::server {
namespace {

Q_LOGGING_CATEGORY(lcPhotos, "hearth.server.photos")

Result<void> checkAccess(Pg &pg, const Device &device, const QString &hash)
{
    if (!PhotoStore::isHash(hash))
        return Error::withReason(ErrorCode::InvalidArgument, u"照片编号应为 64 位十六进制 SHA-256"_qs,
                                 u"a photo is named by its SHA-256 in 64 lowercase hex digits"_qs);
    auto refs = pg.exec("SELECT scope FROM photo_refs WHERE hash = $1", {hash});
    if (!refs)
        return refs.error();
    for (int i = 0; i < refs->rows(); ++i)
        if (inScope(device.scopes, refs->text(i, 0)))
            return {};
    return Error::withReason(ErrorCode::Forbidden, u"您负责范围内没有记录用到这张照片（先同步记录）"_qs,
                             u"no record in your scope names this photo (push the records first)"_qs);
}

QJsonObject statusJson(const QString &hash, qint64 size, qint64 received, bool complete)
{
    return {{u"hash"_qs, hash}, {u"size"_qs, size}, {u"offset"_qs, received}, {u"complete"_qs, complete}};
}

// The photo's file matches its name: the server holds it (inside the caller's transaction,
// which holds the photo's row).
Result<void> markHeld(Pg &pg, const QString &hash, qint64 size)
{
    auto r = pg.exec("UPDATE photos SET complete = true, size = $2, received = $2, lost_at = NULL,"
                     " finished_at = coalesce(finished_at, now()) WHERE hash = $1",
                     {hash, size});
    return r ? Result<void>{} : r.error();
}

// Makes PostgreSQL agree with the photo's file, under the photo's row lock: a file that matches
// its name means the server holds the photo (whoever finished it, whatever an older check
// said); none, or a damaged one (set aside by the read), means it does not, and the photo is
// marked lost, so the devices that hold it send it again (GET /v1/photos). Whether it is held.
Result<bool> reconcile(Pg &pg, const PhotoStore &store, const QString &hash)
{
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    auto row = pg.exec("SELECT complete FROM photos WHERE hash = $1 FOR UPDATE", {hash});
    if (!row)
        return row.error();
    if (row->rows() == 0) {
        HEARTH_TRY(tx->commit());
        return false;
    }
    auto file = store.read(hash, 0, -1);
    if (file) {
        HEARTH_TRY(markHeld(pg, hash, file->size()));
        HEARTH_TRY(tx->commit());
        return true;
    }
    if (file.error().code() != ErrorCode::NotFound && file.error().code() != ErrorCode::StoreDamaged)
        return file.error();
    if (row->text(0, 0) == u"t") {
        qCWarning(lcPhotos) << "photo" << hash << "is missing or damaged in the store; it is asked for again";
        if (auto r = pg.exec("UPDATE photos SET received = 0, complete = false, finished_at = NULL, lost_at = now()"
                             " WHERE hash = $1",
                             {hash});
            !r)
            return r.error();
    }
    HEARTH_TRY(tx->commit());
    return false;
}

} // namespace

Result<QJsonObject> photoStatus(Pg &pg, const PhotoStore &store, const Device &device, const QString &hash)
{
    HEARTH_TRY(checkAccess(pg, device, hash));
    auto r = pg.exec("SELECT size, received, complete FROM photos WHERE hash = $1", {hash});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return statusJson(hash, 0, 0, false);
    const bool complete = r->text(0, 2) == u"t";
    if (complete != store.holds(hash)) {
        // PostgreSQL and the store disagree: the file is gone (a disk restored from backup), or
        // another process finished it since. The file decides.
        auto held = reconcile(pg, store, hash);
        if (!held)
            return held.error();
        auto again = pg.exec("SELECT size, received, complete FROM photos WHERE hash = $1", {hash});
        if (!again)
            return again.error();
        return statusJson(hash, again->integer(0, 0), again->integer(0, 1), again->text(0, 2) == u"t");
    }
    return statusJson(hash, r->integer(0, 0), r->integer(0, 1), complete);
}

Result<QJsonObject> putPhotoChunk(Pg &pg, const PhotoStore &store, const Device &device, const QString &hash, qint64 size, qint64 offset,
                                  const QByteArray &chunkSha256Hex, const QByteArray &data)
{
    HEARTH_TRY(checkAccess(pg, device, hash));
    if (size <= 0 || size > kMaxPhotoBytes)
        return Error::withReason(ErrorCode::InvalidArgument, u"照片大小不对（最大 32 MB）"_qs,
                                 u"bad photo size (at most 32 MB)"_qs);
    if (data.isEmpty() || data.size() > kMaxChunkBytes || offset < 0 || offset + data.size() > size)
        return Error::withReason(ErrorCode::InvalidArgument, u"分块的位置或大小不对"_qs,
                                 u"the chunk's offset or length is wrong"_qs);
    if (PhotoStore::sha256Hex(data) != QString::fromLatin1(chunkSha256Hex).toLower())
        return Error::withReason(ErrorCode::InvalidArgument, u"分块在传输中损坏，请重传"_qs,
                                 u"the chunk was damaged on the way (SHA-256 differs); send it again"_qs);
    if (offset == 0 && !data.startsWith("\xFF\xD8\xFF"))
        return Error::withReason(ErrorCode::InvalidArgument, u"只接受 JPEG 照片"_qs, u"only JPEG photos are accepted"_qs);

    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    // One row per photo, locked while a chunk goes in: two devices sending the same photo take
    // turns, and the second learns where the first got to.
    if (auto r = pg.exec("INSERT INTO photos (hash, size) VALUES ($1, $2) ON CONFLICT DO NOTHING", {hash, size}); !r)
        return r.error();
    auto row = pg.exec("SELECT size, received, complete FROM photos WHERE hash = $1 FOR UPDATE", {hash});
    if (!row)
        return row.error();
    const qint64 knownSize = row->integer(0, 0);
    qint64 received = row->integer(0, 1);
    if (row->text(0, 2) == u"t")
        return statusJson(hash, knownSize, received, true); // another device finished it: stored once
    if (store.holds(hash)) {
        // Finished before, then counted as lost (an older check, another host's stale view):
        // a file that matches its name is the photo.
        if (auto file = store.read(hash, 0, -1); file) {
            HEARTH_TRY(markHeld(pg, hash, file->size()));
            HEARTH_TRY(tx->commit());
            return statusJson(hash, file->size(), file->size(), true);
        }
    }
    if (knownSize != size) {
        // The size is only what the first sender said (the bytes' hash decides). A device that
        // starts from 0 with another size starts the upload again once nothing of it is held,
        // or its last piece is ten minutes old: a wrong size cannot block a photo for good, and
        // a sender cannot keep resetting an upload that is moving.
        auto idle = pg.exec("SELECT received_at IS NULL OR received_at < now() - interval '10 minutes' FROM photos"
                            " WHERE hash = $1",
                            {hash});
        if (!idle)
            return idle.error();
        if (received > 0 && idle->text(0, 0) != u"t")
            return Error::withReason(ErrorCode::InvalidArgument, u"另一台设备正在以不同大小上传这张照片，请稍后再试"_qs,
                                     u"another device is uploading this photo with another size; try again later"_qs);
        if (offset != 0)
            return Error::withReason(ErrorCode::Conflict, u"照片大小与之前不同，请从头上传"_qs,
                                     u"the photo's size differs from the one announced before; start from 0"_qs, u"0"_qs);
        HEARTH_TRY(store.dropPieces(hash));
        if (auto r = pg.exec("UPDATE photos SET size = $2, received = 0 WHERE hash = $1", {hash, size}); !r)
            return r.error();
        received = 0;
    }
    if (offset != received)
        return Error::withReason(ErrorCode::Conflict, u"服务器已收到 %1 字节，请从那里继续"_qs.arg(received),
                                 u"the server holds %1 bytes; continue from there"_qs.arg(received),
                                 QString::number(received));
    // The piece is on disk before PostgreSQL says the server holds it: a crash in between
    // leaves a piece the device sends again, never a count of bytes that are not there.
    HEARTH_TRY(store.putPiece(hash, offset, data));
    const qint64 now = offset + data.size();
    bool complete = false;
    if (now == size) {
        if (auto finished = store.finish(hash, size); !finished) {
            if (finished.error().code() != ErrorCode::InvalidArgument)
                return finished.error();
            // Start again from nothing rather than keep bytes that are not this photo.
            if (auto r = pg.exec("UPDATE photos SET received = 0 WHERE hash = $1", {hash}); !r)
                return r.error();
            HEARTH_TRY(tx->commit());
            return finished.error();
        }
        complete = true;
    }
    if (auto r = pg.exec("UPDATE photos SET received = $2, complete = $3, finished_at = CASE WHEN $3 THEN now() END,"
                         " lost_at = CASE WHEN $3 THEN NULL ELSE lost_at END, received_at = now() WHERE hash = $1",
                         {hash, now, complete ? u"true"_qs : u"false"_qs});
        !r)
        return r.error();
    HEARTH_TRY(tx->commit());
    if (complete)
        HEARTH_TRY(store.dropPieces(hash)); // after the commit: a failed commit sends the last piece again
    return statusJson(hash, size, now, complete);
}

Result<PhotoPiece> photoContent(Pg &pg, const PhotoStore &store, const Device &device, const QString &hash, qint64 offset)
{
    HEARTH_TRY(checkAccess(pg, device, hash));
    auto r = pg.exec("SELECT complete, size FROM photos WHERE hash = $1", {hash});
    if (!r)
        return r.error();
    if (r->rows() == 1 && r->text(0, 0) != u"t" && store.holds(hash)) {
        // Counted as not held while a file is there (finished by another process, restored):
        // the file decides, under the lock.
        auto held = reconcile(pg, store, hash);
        if (!held)
            return held.error();
        r = pg.exec("SELECT complete, size FROM photos WHERE hash = $1", {hash});
        if (!r)
            return r.error();
    }
    if (r->rows() == 0 || r->text(0, 0) != u"t")
        return Error::withReason(ErrorCode::NotFound, u"服务器还没有这张照片"_qs, u"the server does not hold this photo yet"_qs);
    const qint64 size = r->integer(0, 1);
    if (offset < 0 || offset >= size)
        return Error::withReason(ErrorCode::InvalidArgument, u"照片没有这个位置"_qs, u"no such offset in this photo"_qs);
    // Every piece fetched is audited (a fetch that skipped the first byte would otherwise not be).
    HEARTH_TRY(appendAudit(pg, {device.userName, u"photo.fetch"_qs, hash,
                                u"device %1, offset %2"_qs.arg(device.id).arg(offset), {}}));
    auto data = store.read(hash, offset, kMaxChunkBytes);
    if (!data) {
        if (data.error().code() != ErrorCode::NotFound && data.error().code() != ErrorCode::StoreDamaged)
            return data.error();
        // Another process may have just written it again: the file decides, under the lock.
        auto held = reconcile(pg, store, hash);
        if (!held)
            return held.error();
        if (*held)
            data = store.read(hash, offset, kMaxChunkBytes);
    }
    if (!data) {
        return Error::withReason(ErrorCode::NotFound, u"服务器上的这张照片已损坏或丢失，正等待拍摄的设备重新上传"_qs,
                                 u"the server's copy of this photo is damaged or lost; it waits for the device that took it to send it again"_qs);
    }
    return PhotoPiece{std::move(data).value(), size, offset};
}

Result<QJsonObject> wantedPhotos(Pg &pg, const Device &device)
{
    // Only copies the server lost (partial index photos_lost): few rows, read whole (a cut-off
    // list could leave out the one this scope's devices should resend). Uploads merely under
    // way are not listed: their senders carry on by themselves.
    auto r = pg.exec("SELECT DISTINCT p.hash, r.scope FROM photos p JOIN photo_refs r USING (hash)"
                     " WHERE p.lost_at IS NOT NULL AND NOT p.complete ORDER BY 1");
    if (!r)
        return r.error();
    QJsonArray wanted;
    QString last;
    for (int i = 0; i < r->rows(); ++i)
        if (r->text(i, 0) != last && inScope(device.scopes, r->text(i, 1)))
            wanted.append(last = r->text(i, 0));
    return QJsonObject{{u"wanted"_qs, wanted}};
}

Result<int> movePhotosToStore(Pg &pg, const PhotoStore &store)
{
    auto hashes = pg.exec("SELECT DISTINCT hash FROM photo_chunks_v10");
    if (!hashes)
        return hashes.error();
    int moved = 0;
    for (const QString &hash : hashes->texts(0)) {
        auto tx = PgTransaction::begin(pg);
        if (!tx)
            return tx.error();
        auto row = pg.exec("SELECT size, received, complete FROM photos WHERE hash = $1 FOR UPDATE", {hash});
        if (!row)
            return row.error();
        auto chunks = pg.exec("SELECT \"offset\", encode(data, 'base64') FROM photo_chunks_v10 WHERE hash = $1 ORDER BY 1", {hash});
        if (!chunks)
            return chunks.error();
        if (chunks->rows() == 0) { // another process starting at the same time moved it first
            HEARTH_TRY(tx->commit());
            continue;
        }
        bool kept = row->rows() == 1;
        for (int i = 0; kept && i < chunks->rows(); ++i)
            HEARTH_TRY(store.putPiece(hash, chunks->integer(i, 0), QByteArray::fromBase64(chunks->bytes(i, 1))));
        if (kept && row->text(0, 2) == u"t") {
            auto finished = store.finish(hash, row->integer(0, 0));
            if (!finished && finished.error().code() != ErrorCode::InvalidArgument)
                return finished.error();
            kept = finished.ok();
        }
        if (!kept) // chunks that were not this photo: its upload starts again
            if (auto r = pg.exec("UPDATE photos SET received = 0, complete = false, finished_at = NULL WHERE hash = $1", {hash}); !r)
                return r.error();
        if (auto r = pg.exec("DELETE FROM photo_chunks_v10 WHERE hash = $1", {hash}); !r)
            return r.error();
        HEARTH_TRY(tx->commit());
        if (kept && row->text(0, 2) == u"t")
            HEARTH_TRY(store.dropPieces(hash));
        ++moved;
    }
    return moved;
}

Result<QStringList> verifyPhotoStore(Pg &pg, const PhotoStore &store)
{
    auto damaged = store.verifyAll(); // damaged files are set aside by the check
    if (!damaged)
        return damaged.error();
    QStringList lost;
    // Every photo where PostgreSQL and the store may disagree: the damaged, the complete whose
    // file is gone, the incomplete whose file is there and whole.
    auto rows = pg.exec("SELECT hash, complete FROM photos");
    if (!rows)
        return rows.error();
    QSet<QString> check(damaged->begin(), damaged->end());
    for (int i = 0; i < rows->rows(); ++i)
        if ((rows->text(i, 1) == u"t") != store.holds(rows->text(i, 0)))
            check.insert(rows->text(i, 0));
    for (const QString &hash : check) {
        auto held = reconcile(pg, store, hash);
        if (!held)
            return held.error();
        if (!*held)
            lost << hash;
    }
    lost.sort();
    return lost;
}

Result<int> sweepUploads(Pg &pg, const PhotoStore &store, int days)
{
    int swept = 0;
    const QDir uploads(store.root() + u"/uploads"_qs);
    for (const QFileInfo &dir : uploads.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString hash = dir.fileName();
        if (!PhotoStore::isHash(hash))
            continue;
        auto tx = PgTransaction::begin(pg);
        if (!tx)
            return tx.error();
        auto row = pg.exec("SELECT complete, received FROM photos WHERE hash = $1 FOR UPDATE", {hash});
        if (!row)
            return row.error();
        QDateTime newest = dir.lastModified();
        for (const QFileInfo &piece : QDir(dir.filePath()).entryInfoList(QDir::Files))
            newest = std::max(newest, piece.lastModified());
        // No row yet may be a first piece whose transaction has not committed (another process):
        // only its age lets it go.
        const bool finished = row->rows() == 1 && row->text(0, 0) == u"t";
        const bool abandoned = newest.daysTo(QDateTime::currentDateTime()) > days;
        if (!finished && !abandoned) {
            HEARTH_TRY(tx->commit());
            continue;
        }
        if (!finished && row->rows() == 1)
            if (auto r = pg.exec("UPDATE photos SET received = 0 WHERE hash = $1", {hash}); !r)
                return r.error();
        HEARTH_TRY(store.dropPieces(hash));
        HEARTH_TRY(tx->commit());
        ++swept;
    }
    return swept;
}

} // namespace hearth::server
