// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The console's page, script, styles and ECharts, compiled into hearth-server (Qt resources;
// ECharts comes from npm at build time, server/console/web/package-lock.json), so the console
// works on a government intranet with nothing fetched from elsewhere. Served gzip-compressed
// to browsers that accept it (compressed once, at first use).

#include "server/http/message.h"

namespace hearth::server::console {

HttpResponse asset(const QString &name, const HttpRequest &request);

} // namespace hearth::server::console
