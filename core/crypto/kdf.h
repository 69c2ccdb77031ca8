// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "secretbytes.h"

#include <QByteArray>

#include <cstdint>

namespace hearth::crypto {

// Argon2id cost. Recorded beside every wrapped key so it can be raised later: a store made
// with lower parameters is rewrapped with the current ones at its next unlock.
struct KdfParams
{
    std::uint64_t opsLimit = 0;
    std::size_t memLimitBytes = 0;

    // The shipping default, tuned for a mid-range phone (docs/storage.md): 3 passes over 64 MiB.
    static KdfParams standard();
    // For tests and fixtures only: the smallest cost libsodium accepts.
    static KdfParams minimal();
    bool isBelow(const KdfParams &other) const
    {
        return opsLimit < other.opsLimit || memLimitBytes < other.memLimitBytes;
    }
    bool isValid() const;
};

inline constexpr std::size_t kSaltSize = 16; // crypto_pwhash_SALTBYTES
inline constexpr std::size_t kKeySize = 32;

// Argon2id13 over the PIN and salt, into a 32-byte key.
Result<SecretBytes> deriveKey(const SecretBytes &pin, const QByteArray &salt, const KdfParams &params);

// XChaCha20-Poly1305 with a random 24-byte nonce; the nonce is prepended to the output.
QByteArray seal(const SecretBytes &plaintext, const SecretBytes &key, QByteArrayView associated);
// Fails with Crypto when the tag does not verify (wrong key or altered data).
Result<SecretBytes> open(const QByteArray &sealed, const SecretBytes &key, QByteArrayView associated);

QByteArray randomBytes(std::size_t size);

} // namespace hearth::crypto
