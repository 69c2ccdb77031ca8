// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The sync API's routes (docs/sync-protocol.md): which handler serves a method and path, with
// the largest body it takes and the lane it runs on.

#include "http/message.h"

#include <QString>

namespace hearth::server {

inline constexpr qint64 kMaxBodyBytes = 8 * 1024 * 1024; // a push (inflated too)
inline constexpr qint64 kMaxEnrolBytes = 16 * 1024;

Router makeRouter(const QString &databaseUrl);

} // namespace hearth::server
