// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace hearth::location {

// One position a receiver reported as valid.
struct Fix
{
    double latitude = 0;
    double longitude = 0;
    double accuracyM = -1; // horizontal, metres; < 0 when unknown
    qint64 timeMs = 0;     // UTC
    QString source;        // "nmea", "gps", "network", ...
    bool mock = false;     // Android's mock-location flag
};

struct FixPolicy
{
    double accuracyLimitM = 50; // DESIGN.md §7 default
    qint64 maxAgeMs = 30'000;
};

// What a visit records: a fix, or none and why (never 0,0).
struct Location
{
    std::optional<Fix> fix;
    QString reasonCode; // "no_fix", "inaccurate", "stale", "mock", "accuracy_unknown", "no_source",
                        // "permission_denied"
    QString reasonChinese() const;
    QString reasonEnglish() const;
};

// The newest fix that is fresh (no older than maxAgeMs at nowMs), has a known accuracy within
// the limit and is not mocked; otherwise none, with the reason of the best candidate.
Location chooseFix(const QList<Fix> &fixes, const FixPolicy &policy, qint64 nowMs);

} // namespace hearth::location
