// SPDX-License-Identifier: GPL-3.0-or-later
// Linux desktops (and the Debian-based office systems, UOS and Kylin): the implementations of
// core/platform, chosen here. No hardware key store we can count on, so the PIN wrap alone; Qt
// Positioning or NMEA for location; the app's own timer for sync; no runtime permissions.
#include "platforms/common/pinkeystore.h"
#include "platforms/common/qtconnectivity.h"

#include "core/platform/backgroundwork.h"
#include "core/platform/locationfeed.h"
#include "core/platform/permissions.h"

namespace hearth::platform {
namespace {

class DesktopPermissions final : public Permissions
{
public:
    bool granted(Permission) const override { return true; }
    QFuture<bool> request(Permission) override { return QtFuture::makeReadyFuture(true); }
};

} // namespace

std::unique_ptr<SecureKeyStore> createSecureKeyStore()
{
    return std::make_unique<PinKeyStore>();
}

std::unique_ptr<LocationFeed> createLocationFeed()
{
    return nullptr; // Qt Positioning (GeoClue) or an NMEA source
}

std::unique_ptr<BackgroundWork> createBackgroundWork()
{
    return nullptr; // SyncController's timer while the app runs
}

std::unique_ptr<Connectivity> createConnectivity()
{
    return std::make_unique<QtConnectivity>();
}

std::unique_ptr<Permissions> createPermissions()
{
    return std::make_unique<DesktopPermissions>();
}

} // namespace hearth::platform
