// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The sync API's routes (docs/sync-protocol.md): which handler serves a method and path, with
// the largest body it takes and the lane it runs on.

#include "http/message.h"
#include "console/consoleapi.h"
#include "pg.h"
#include "photostore.h"

#include <QString>

namespace hearth::server {

inline constexpr qint64 kMaxBodyBytes = 8 * 1024 * 1024; // a push (inflated too)
inline constexpr qint64 kMaxEnrolBytes = 16 * 1024;

// `replicaUrl`, when given: a streaming replica that serves protocol-2 pulls (its snapshot is a
// prefix of the primary's commit order, so a unit's cursor never steps over a change there
// either); everything else, and any pull while the replica is unreachable, goes to the primary.
// Photo bytes go to and come from `photos`.
// `console`: the supervisors' console's settings (server/console/consoleapi.h).
Router makeRouter(const QString &databaseUrl, const QString &replicaUrl, const PhotoStore &photos,
                  const console::ConsoleOptions &console = {});

// An error as the API answers it: its status (401, 403, 404, 409, 429 with Retry-After, 400,
// else 500 logged without its detail) and the reason in Chinese and English.
HttpResponse errorResponse(const Error &e);

// This worker thread's connection to `url`, reconnected after the database restarted or
// dropped it. Each worker has its own: a slow statement on one never waits for another.
Result<Pg *> workerDatabase(const QString &url);

} // namespace hearth::server
