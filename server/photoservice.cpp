// SPDX-License-Identifier: GPL-3.0-or-later
#include "photoservice.h"

#include "audit.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace hearth::server {
namespace {

QString sha256Hex(QByteArrayView bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

Result<void> checkAccess(Pg &pg, const Device &device, const QString &hash)
{
    static const QRegularExpression kHex(u"^[0-9a-f]{64}$"_qs);
    if (!kHex.match(hash).hasMatch())
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

// The stored bytes of a photo from `from` on, at most `most` of them: read a chunk at a time,
// so no photo is ever held whole (at most two chunks, 2 MiB).
Result<QByteArray> readRange(Pg &pg, const QString &hash, qint64 from, qint64 most)
{
    auto chunks = pg.exec("SELECT \"offset\", encode(data, 'base64') FROM photo_chunks WHERE hash = $1"
                          " AND \"offset\" < $2::bigint + $3::bigint AND \"offset\" + length(data) > $2::bigint ORDER BY \"offset\"",
                          {hash, from, most});
    if (!chunks)
        return chunks.error();
    QByteArray out;
    for (int i = 0; i < chunks->rows(); ++i) {
        const qint64 at = chunks->integer(i, 0);
        const QByteArray data = QByteArray::fromBase64(chunks->bytes(i, 1), QByteArray::IgnoreBase64DecodingErrors);
        const qint64 skip = std::max<qint64>(0, from + out.size() - at);
        out += data.mid(skip, most - out.size());
    }
    return out;
}

// The SHA-256 of the whole stored photo, read a chunk at a time.
Result<QString> storedSha256(Pg &pg, const QString &hash, qint64 size)
{
    QCryptographicHash whole(QCryptographicHash::Sha256);
    for (qint64 at = 0; at < size;) {
        auto piece = readRange(pg, hash, at, kMaxChunkBytes);
        if (!piece)
            return piece.error();
        if (piece->isEmpty())
            break;
        whole.addData(*piece);
        at += piece->size();
    }
    return QString::fromLatin1(whole.result().toHex());
}

} // namespace

Result<QJsonObject> photoStatus(Pg &pg, const Device &device, const QString &hash)
{
    HEARTH_TRY(checkAccess(pg, device, hash));
    auto r = pg.exec("SELECT size, received, complete FROM photos WHERE hash = $1", {hash});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return statusJson(hash, 0, 0, false);
    return statusJson(hash, r->integer(0, 0), r->integer(0, 1), r->text(0, 2) == u"t");
}

Result<QJsonObject> putPhotoChunk(Pg &pg, const Device &device, const QString &hash, qint64 size, qint64 offset,
                                  const QByteArray &chunkSha256Hex, const QByteArray &data)
{
    HEARTH_TRY(checkAccess(pg, device, hash));
    if (size <= 0 || size > kMaxPhotoBytes)
        return Error::withReason(ErrorCode::InvalidArgument, u"照片大小不对（最大 32 MB）"_qs,
                                 u"bad photo size (at most 32 MB)"_qs);
    if (data.isEmpty() || data.size() > kMaxChunkBytes || offset < 0 || offset + data.size() > size)
        return Error::withReason(ErrorCode::InvalidArgument, u"分块的位置或大小不对"_qs,
                                 u"the chunk's offset or length is wrong"_qs);
    if (sha256Hex(data) != QString::fromLatin1(chunkSha256Hex).toLower())
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
    const qint64 knownSize = row->integer(0, 0), received = row->integer(0, 1);
    if (row->text(0, 2) == u"t")
        return statusJson(hash, knownSize, received, true); // another device finished it: stored once
    if (knownSize != size)
        return Error::withReason(ErrorCode::InvalidArgument, u"照片大小与之前不同"_qs,
                                 u"the photo's size differs from the one announced before"_qs);
    if (offset != received)
        return Error::withReason(ErrorCode::Conflict, u"服务器已收到 %1 字节，请从那里继续"_qs.arg(received),
                                 u"the server holds %1 bytes; continue from there"_qs.arg(received),
                                 QString::number(received));
    if (auto r = pg.exec("INSERT INTO photo_chunks (hash, \"offset\", data) VALUES ($1, $2, decode($3, 'base64'))",
                         {hash, offset, data.toBase64()});
        !r)
        return r.error();
    const qint64 now = offset + data.size();
    bool complete = false;
    if (now == size) {
        auto whole = storedSha256(pg, hash, size);
        if (!whole)
            return whole.error();
        if (*whole != hash) {
            // Start again from nothing rather than keep bytes that are not this photo.
            if (auto r = pg.exec("DELETE FROM photo_chunks WHERE hash = $1", {hash}); !r)
                return r.error();
            if (auto r = pg.exec("UPDATE photos SET received = 0 WHERE hash = $1", {hash}); !r)
                return r.error();
            HEARTH_TRY(tx->commit());
            return Error::withReason(ErrorCode::InvalidArgument, u"整张照片与其 SHA-256 不符，已丢弃，请重传"_qs,
                                     u"the whole photo does not match its SHA-256; discarded, send it again"_qs);
        }
        complete = true;
    }
    if (auto r = pg.exec("UPDATE photos SET received = $2, complete = $3, finished_at = CASE WHEN $3 THEN now() END"
                         " WHERE hash = $1",
                         {hash, now, complete ? u"true"_qs : u"false"_qs});
        !r)
        return r.error();
    HEARTH_TRY(tx->commit());
    return statusJson(hash, size, now, complete);
}

Result<PhotoPiece> photoContent(Pg &pg, const Device &device, const QString &hash, qint64 offset)
{
    HEARTH_TRY(checkAccess(pg, device, hash));
    auto r = pg.exec("SELECT complete, size FROM photos WHERE hash = $1", {hash});
    if (!r)
        return r.error();
    if (r->rows() == 0 || r->text(0, 0) != u"t")
        return Error::withReason(ErrorCode::NotFound, u"服务器还没有这张照片"_qs, u"the server does not hold this photo yet"_qs);
    const qint64 size = r->integer(0, 1);
    if (offset < 0 || offset >= size)
        return Error::withReason(ErrorCode::InvalidArgument, u"照片没有这个位置"_qs, u"no such offset in this photo"_qs);
    // Every piece fetched is audited (a fetch that skipped the first byte would otherwise not be).
    HEARTH_TRY(appendAudit(pg, {device.userName, u"photo.fetch"_qs, hash,
                                u"device %1, offset %2"_qs.arg(device.id).arg(offset), {}}));
    auto data = readRange(pg, hash, offset, kMaxChunkBytes);
    if (!data)
        return data.error();
    return PhotoPiece{std::move(data).value(), size, offset};
}

} // namespace hearth::server
