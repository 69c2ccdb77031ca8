// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam for a platform's own position source, where Qt Positioning leaves out what the fix
// policy needs: Android's mock-location flag, and satellites counted by system. Linux has none
// (Qt Positioning and NMEA serve it); Android's relays LocationManager (platforms/android).

#include "core/location/fix.h"

#include <array>
#include <functional>
#include <memory>

namespace hearth::platform {

// Satellites by GNSS system; the index is Android's GnssStatus constellation type.
struct SatelliteCounts
{
    enum System { Unknown, Gps, Sbas, Glonass, Qzss, BeiDou, Galileo, Irnss, Systems };
    std::array<int, Systems> used{};
    std::array<int, Systems> visible{};
    static QString name(int system); // "北斗 / BeiDou", ...
};

class LocationFeed
{
public:
    using FixSink = std::function<void(const location::Fix &)>;
    using SatelliteSink = std::function<void(const SatelliteCounts &)>;

    virtual ~LocationFeed() = default;
    // The sinks are called on the platform's thread (Android's main looper): hop to your own.
    // False when there is no provider or the permission is missing.
    virtual bool start(FixSink onFix, SatelliteSink onSatellites) = 0;
    // After stop() returns, no sink is called any more.
    virtual void stop() = 0;
};

// The platform's feed, or null where Qt Positioning is the source (defined in platforms/<os>/).
std::unique_ptr<LocationFeed> createLocationFeed();

} // namespace hearth::platform
