// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Photos of the scope's earlier visits, fetched from the server when they are wanted (a
// person's history is opened, a photo is shown) or ahead of time on an unmetered link where
// the user allows it (docs/sync-protocol.md, "Photos"). Each is read in pieces, checked
// against its name (its SHA-256), stored encrypted in the media store and counted in the
// cache (core/media/mediacache.h), which then evicts down to its limit.

#include "transport.h"

#include <QStringList>

namespace hearth::storage {
class Database;
}
namespace hearth::media {
class MediaStore;
}

namespace hearth::sync {

struct PhotoFetchReport
{
    int fetched = 0;     // now here
    QStringList fetchedHashes;
    int unavailable = 0; // the server does not hold it (yet), or it is outside the scope
    qint64 bytes = 0;
    int evicted = 0;
};

// Fetches those of `hashes` this device lacks. The ones asked for are not evicted to make room
// for each other; older ones are. Stops at the first network failure (what came stays).
Result<PhotoFetchReport> fetchPhotos(storage::Database &db, media::MediaStore &media, Transport &transport,
                                     const QByteArray &token, const QStringList &hashes);

// The photos of a person's visits that are not on this device: every thumbnail, and with
// `full` the photos too, newest visit first.
Result<QStringList> missingPhotosOfPerson(storage::Database &db, const media::MediaStore &media,
                                          const QString &personId, bool full);

// What to fetch ahead: the scope's visits newest first, thumbnails then photos missing here,
// as many as fit in `room` bytes.
Result<QStringList> prefetchList(storage::Database &db, const media::MediaStore &media, qint64 room);

// Fetches ahead into the cache's free room, when the user allows it and the link is not
// metered (the caller knows the link). Never evicts anything to make room.
Result<PhotoFetchReport> prefetchPhotos(storage::Database &db, media::MediaStore &media, Transport &transport,
                                        const QByteArray &token);

} // namespace hearth::sync
