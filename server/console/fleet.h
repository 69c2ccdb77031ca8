// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Devices and users (DESIGN.md §11 and §12, docs/console.md "Devices and users"), for
// administrators only: the users inside the administrator's scope (every scope of theirs inside
// it; a station's by its home county) with their role, scopes, offline lease and second factor,
// and their devices with last contact, what waits to be sent, app version, lease, wipe and
// revocation. Actions: revoke a device, wipe it at its next contact (it pushes what it holds
// first), change a user's scopes (only to areas inside the administrator's own), set the offline
// lease, reset the second factor (the user enrols again at their next sign-in). Each audited
// under the administrator's name.

#include "sessions.h"

#include <QJsonObject>

namespace hearth::server::console {

Result<QJsonObject> fleet(Pg &pg, const ConsoleUser &admin);

// `action`: revoke {device, reason}, wipe {device}, scopes {user, scopes: [...]},
// lease {user, days}, totp_reset {user}.
Result<void> fleetAction(Pg &pg, const ConsoleUser &admin, const QString &action, const QJsonObject &body);

} // namespace hearth::server::console
