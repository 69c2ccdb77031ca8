// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam for runtime permissions: asked at the moment they are needed (a visit opens: location;
// the camera button: camera; the first returned record: notifications), never at start-up, and
// never by blocking the UI thread. A refusal is an answer the app lives with: the visit is saved
// without a fix and says why, photos come from the gallery, nothing is notified.
// Linux: everything is granted. Android: QtAndroidPrivate's QFuture-based requests.

#include <QFuture>
#include <QString>

#include <memory>

namespace hearth::platform {

enum class Permission { Location, Camera, Notifications };

class Permissions
{
public:
    virtual ~Permissions() = default;
    // Without asking: is it granted now?
    virtual bool granted(Permission permission) const = 0;
    // Asks (the system's dialog, where there is one); the future says whether it was granted.
    // Continue with .then(context, ...) so the answer arrives on the UI thread.
    virtual QFuture<bool> request(Permission permission) = 0;
};

// Why the app asks, in the app's words (shown before the system dialog and after a refusal).
QString permissionReason(Permission permission, bool english);

std::unique_ptr<Permissions> createPermissions();

} // namespace hearth::platform
