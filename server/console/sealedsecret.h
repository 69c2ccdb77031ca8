// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The console's TOTP secrets at rest: sealed (XChaCha20-Poly1305, libsodium) with a key kept
// outside the database, in the photo store's folder that every server process shares
// (console-secrets.key, made on first start, mode 0600). A dump, a replica or a database
// administrator sees only sealed text; a sealed secret copied to another user's row does not
// open there (the user's id is bound in). Values written before sealing are sealed at start.

#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace hearth::server {
class Pg;
}

namespace hearth::server::console {

class SecretSealer
{
public:
    SecretSealer() = default;
    // The key in `dir` (made when missing); an error when it cannot be read or made.
    static Result<SecretSealer> inFolder(const QString &dir);

    bool ready() const { return m_key.size() == 32; }
    // "sealed:" + base64(nonce | ciphertext), bound to the user's id.
    QString seal(qint64 userId, const QString &secret) const;
    // The secret; a value from before sealing comes back as it is. Error when it does not open.
    Result<QString> open(qint64 userId, const QString &stored) const;
    // Seals every secret still stored as it was (at start, once per process: idempotent).
    Result<int> sealStored(Pg &pg) const;

private:
    QByteArray m_key;
};

} // namespace hearth::server::console
