// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The console's second factor: TOTP (RFC 6238; HMAC-SHA1, 6 digits, 30-second steps, the
// authenticator apps' defaults) through liboath, and the QR code that enrols it (libqrencode).

#include <QByteArray>
#include <QString>

#include <optional>

namespace hearth::server::console {

// A new random secret (20 bytes, as RFC 4226 recommends), in base32 as apps show it.
QString newTotpSecret();
// otpauth://totp/Hearth:NAME?secret=...&issuer=Hearth — what the QR code holds.
QString totpUri(const QString &user, const QString &secret);
// The time step a 6-digit `code` is valid for at `nowS` (one step either side, for clocks that
// differ by up to 30 s), or nothing. A code is accepted once: the caller keeps the last step.
std::optional<qint64> totpStep(const QString &secret, const QString &code, qint64 nowS);
// The code for `nowS` (the tests compute what an app would show).
QString totpCode(const QString &secret, qint64 nowS);

// The QR code of `text` as an SVG image (black modules on white, a quiet zone of four).
QByteArray qrSvg(const QString &text);

} // namespace hearth::server::console
