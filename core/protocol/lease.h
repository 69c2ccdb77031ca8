// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The offline lease's unlock code (docs/access.md, "Offline lease"): a device that has not
// reached its server for the user's lease days locks; an administrator reads it a code over
// the phone. Device and server compute the code alike without talking: an HMAC-SHA256, keyed
// by the SHA-256 of the device's token (the device has the token, the server its hash), over
// the device id and the UTC day. Eight digits, good for that day and the one before.

#include <QByteArray>
#include <QString>

namespace hearth::protocol {

// `tokenSha256` is the raw 32-byte hash; `utcDay` is days since 1970-01-01 (UTC).
QString leaseUnlockCode(const QByteArray &tokenSha256, const QString &deviceId, qint64 utcDay);
inline qint64 utcDayOf(qint64 msSinceEpoch) { return msSinceEpoch / (24LL * 60 * 60 * 1000); }

} // namespace hearth::protocol
