// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The pieces of docs/sync-protocol.md that device and server must compute alike: an entry's
// content hash (how the server tells a re-sent entry from a copied store's new one), the hybrid
// logical clock's encoding, and the outcome of an entry.

#include <QJsonObject>
#include <QString>

namespace hearth::protocol {

// A hybrid logical clock: wall milliseconds << 16 plus a counter. On the wire as decimal text
// (a JSON double would round a 64-bit value).
inline constexpr int kClockShift = 16;
inline QString clockText(qint64 clock) { return QString::number(clock); }
// An entry's clock: its "hlc" text, or (older clients) its wall time "created_at", or now.
qint64 entryClock(const QJsonObject &entry, qint64 nowMs);

// SHA-256 (hex) over an entry's entity, id, op and compact payload: equal exactly when the
// entries say the same thing (compact JSON of a QJsonObject has its keys in one order).
QString entryHash(const QString &entity, const QString &entityId, const QString &op, const QJsonObject &payload);

// Outcomes of a pushed entry.
inline constexpr const char *kApplied = "applied";
inline constexpr const char *kDuplicate = "duplicate";
inline constexpr const char *kRejected = "rejected";
// The error a push gets when a sequence number it re-sends was applied with other content: the
// store was copied or restored, and must enrol again as a new device.
inline constexpr const char *kCopiedStore = "copied_store";
// The error an enrolment gets when the user's role enrols devices with a second factor
// (supervisors, administrators) and the request carried no code, or a wrong one: ask for it.
inline constexpr const char *kSecondFactorRequired = "second_factor_required";

} // namespace hearth::protocol
