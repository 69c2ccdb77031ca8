// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Sends the photos (and thumbnails) of records already pushed, tus-style: ask the server how
// much of a photo it holds, send chunks from there, each with its SHA-256; the server checks
// the whole file against its name when the last byte arrives. A killed upload resumes from
// what the server acknowledged, so at most the chunk in flight is sent again. A photo the
// server already has, from any device, costs one small request.

#include "transport.h"

#include <QStringList>

#include <functional>

namespace hearth::storage {
class Database;
}
namespace hearth::media {
class MediaStore;
}

namespace hearth::sync {

struct PhotoUploadReport
{
    int uploaded = 0;     // finished by us in this round
    int alreadyThere = 0; // the server held it already (deduplicated by hash)
    qint64 bytes = 0;     // chunk bytes sent
    QStringList errors;   // bilingual, one per photo that could not go now
};

inline constexpr int kDefaultPhotoChunk = 256 * 1024;

Result<PhotoUploadReport> uploadPhotos(storage::Database &db, media::MediaStore &media, Transport &transport,
                                       const QByteArray &token, int chunkBytes = kDefaultPhotoChunk,
                                       const std::function<void(qint64 bytes)> &onChunk = {});

} // namespace hearth::sync
