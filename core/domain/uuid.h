// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cstdint>

namespace hearth {

// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Made on the device, sortable
// by creation time, so ids from many offline devices never collide and index well.
QString makeUuidV7(std::int64_t unixMs);
QString makeUuidV7();

} // namespace hearth
