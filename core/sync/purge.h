// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Leaving a scope (docs/sync-protocol.md, "Scopes"): when the server no longer lists an area or
// station among the user's scopes, the device removes what belonged to it: people and their
// tags, search terms, visits, follow-ups and notes; households; a station's service log; and
// photos nothing refers to any more, files included. Only after a push: whatever this device
// still had to send has reached the server by then (applied, or refused and kept there for
// review), so nothing exists only here.

#include "core/error.h"
#include "scope.h"

#include <QStringList>

namespace hearth::storage {
class Database;
}
namespace hearth::media {
class MediaStore;
}

namespace hearth::sync {

struct PurgeReport
{
    int people = 0, households = 0, visits = 0, services = 0, photos = 0;
};

// Removes everything outside `scopes`, in one transaction; then the orphaned photo files.
Result<PurgeReport> purgeOutside(storage::Database &db, media::MediaStore *media, const QStringList &scopes);
// Removes one record that moved out of this device's scope, with what hangs from it, inside the
// caller's transaction (a pull page). Photo files stay until the next purgeOutside: a file is
// removed only after the rows that named it are committed gone.
Result<void> purgeRecord(storage::Database &db, const QString &entity, const QString &id);

} // namespace hearth::sync
