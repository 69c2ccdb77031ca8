// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

#include <functional>

namespace hearth::domain {

// Unix milliseconds. Repositories take one so tests can fix the time.
using Clock = std::function<qint64()>;

inline Clock orSystemClock(Clock clock)
{
    return clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
}

} // namespace hearth::domain
