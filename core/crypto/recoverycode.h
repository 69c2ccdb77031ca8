// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "secretbytes.h"

#include <QByteArray>
#include <QString>

namespace hearth::crypto {

// The administrator's way back into a locked store: 160 random bits shown once at creation
// as 8 groups of 4 base32 characters (ABCD-EFGH-...). High entropy, so a keyed BLAKE2b over
// it is a sufficient KDF; no PIN-style stretching needed.
QString generateRecoveryCode();
// Uppercases and drops separators and spaces; empty when the code has the wrong form.
QString normalizeRecoveryCode(const QString &code);
Result<SecretBytes> deriveRecoveryKey(const QString &code, const QByteArray &salt);

// At least 6 characters, not one character repeated, not a run like 123456 or 654321.
Result<void> checkPinStrength(const SecretBytes &pin);

} // namespace hearth::crypto
