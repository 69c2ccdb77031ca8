// SPDX-License-Identifier: GPL-3.0-or-later
#include "locationfeed.h"

namespace hearth::platform {

QString SatelliteCounts::name(int system)
{
    switch (system) {
    case Gps: return u"GPS"_qs;
    case Sbas: return u"SBAS"_qs;
    case Glonass: return u"GLONASS"_qs;
    case Qzss: return u"QZSS"_qs;
    case BeiDou: return u"北斗 BeiDou"_qs;
    case Galileo: return u"Galileo"_qs;
    case Irnss: return u"NavIC"_qs;
    default: return u"?"_qs;
    }
}

} // namespace hearth::platform
