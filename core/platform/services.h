// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Everything the app takes from its platform, made in one call by the composition root
// (app/main.cpp). Each member comes from the platform's own factory (platforms/<os>/); a null
// member means the platform has none and the app uses its portable path (Qt Positioning for
// location, the app's timer for background sync).

#include "core/platform/backgroundwork.h"
#include "core/platform/camera.h"
#include "core/platform/connectivity.h"
#include "core/platform/locationfeed.h"
#include "core/platform/permissions.h"
#include "core/platform/securekeystore.h"

namespace hearth::platform {

struct Services
{
    std::unique_ptr<SecureKeyStore> keys;
    std::unique_ptr<LocationFeed> location;        // may be null
    std::unique_ptr<BackgroundWork> background;    // may be null
    std::unique_ptr<Connectivity> connectivity;
    std::unique_ptr<Camera> camera;
    std::unique_ptr<Permissions> permissions;
};

inline Services createServices()
{
    return {createSecureKeyStore(), createLocationFeed(), createBackgroundWork(),
            createConnectivity(),   createCamera(),       createPermissions()};
}

} // namespace hearth::platform
