// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The supervisors' console (DESIGN.md §12, docs/console.md), served by hearth-server under
// /console: its page and assets (ECharts bundled at build time: nothing from outside the
// server), sign-in with a password and TOTP, and the JSON and exports the page reads. Every
// answer is limited to the signed-in user's scope, direct URLs and exports included.

#include "server/http/message.h"
#include "sealedsecret.h"
#include "server/photostore.h"

#include <memory>

namespace hearth::server::console {

struct ConsoleOptions
{
    int idleMinutes = 30; // a session ends after this long without a request
    SecretSealer sealer;  // the TOTP secrets' key (sealedsecret.h)
};

class Console;

// The route for a /console path (an empty Route, with no handler, for any other path).
class ConsoleRoutes
{
public:
    ConsoleRoutes(QString databaseUrl, PhotoStore photos, ConsoleOptions options);
    ~ConsoleRoutes();
    static bool isConsolePath(const QString &path);
    Route route(const QByteArray &method, const QString &path) const;

private:
    std::shared_ptr<Console> d;
};

} // namespace hearth::server::console
