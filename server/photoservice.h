// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Photo upload (docs/sync-protocol.md, "Photos"): tus-style resumable chunks into the photo
// store on disk (photostore.h), with how far each upload got in PostgreSQL. The device asks
// how much of a photo the server holds, then sends chunks from that offset, each with its own
// SHA-256; when the last byte arrives the whole file is checked against its name (its SHA-256).
// A photo the server already holds (from any device) is complete at once: stored once by hash.

#include "accounts.h"
#include "photostore.h"

#include <QJsonObject>

namespace hearth::server {

inline constexpr qint64 kMaxPhotoBytes = 32 * 1024 * 1024;
inline constexpr qint64 kMaxChunkBytes = 1024 * 1024;

// {"hash", "size", "offset", "complete"}. Forbidden unless a record in the device's scope
// names the photo.
Result<QJsonObject> photoStatus(Pg &pg, const PhotoStore &store, const Device &device, const QString &hash);
// Appends one chunk at `offset` of a photo of `size` bytes. Conflict (409, detail = the offset
// the server holds) when `offset` is not where the server stands; InvalidArgument when the
// chunk does not match `chunkSha256` or the whole file does not match its hash.
Result<QJsonObject> putPhotoChunk(Pg &pg, const PhotoStore &store, const Device &device, const QString &hash, qint64 size, qint64 offset,
                                  const QByteArray &chunkSha256Hex, const QByteArray &data);
// A piece of a stored photo: at most kMaxChunkBytes from `offset` (a client reads on until it
// has `size` bytes). The first piece of each fetch is audited.
struct PhotoPiece
{
    QByteArray data;
    qint64 size = 0, offset = 0;
};
Result<PhotoPiece> photoContent(Pg &pg, const PhotoStore &store, const Device &device, const QString &hash,
                                qint64 offset = 0);

// {"wanted": [hash, ...]}: photos named by records of the device's scope whose copy the server
// lost (missing or damaged). A device that holds one sends it again.
Result<QJsonObject> wantedPhotos(Pg &pg, const Device &device);

// Photos stored in PostgreSQL by schema 10 and before (photo_chunks, renamed photo_chunks_v10
// by schema 11 so that an older server still running fails instead of writing there) into the
// store, emptying the table; the number of photos moved. Run at start, before devices are served.
Result<int> movePhotosToStore(Pg &pg, const PhotoStore &store);
// `admin photos verify`: every file checked against its name, and PostgreSQL made to agree with
// the files (a whole file is held; a missing or damaged one is lost and asked for again). The
// names of the photos now lost.
Result<QStringList> verifyPhotoStore(Pg &pg, const PhotoStore &store);
// Upload folders of photos finished (a crash between the commit and the cleanup) or with no new
// piece for `days` days (a device wiped mid-upload; that upload starts again from 0). Run at start.
Result<int> sweepUploads(Pg &pg, const PhotoStore &store, int days = 30);

} // namespace hearth::server
