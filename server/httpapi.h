// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The HTTP face of the server (docs/sync-protocol.md): routes, bearer tokens, JSON bodies,
// limits, and errors as {"error", "reason_zh", "reason_en"} with a 4xx or 5xx status.

#include <QHttpServer>
#include <QString>

namespace hearth::server {

class Pg;

inline constexpr qint64 kMaxBodyBytes = 8 * 1024 * 1024;

// Routes `server` to the database at `databaseUrl` (one connection, reopened if it drops).
void installRoutes(QHttpServer &server, const QString &databaseUrl);

} // namespace hearth::server
