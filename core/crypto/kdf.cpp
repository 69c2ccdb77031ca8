// SPDX-License-Identifier: GPL-3.0-or-later
#include "kdf.h"

#include "sodiuminit.h"

namespace hearth::crypto {

KdfParams KdfParams::standard()
{
    return {3, std::size_t(64) << 20};
}

KdfParams KdfParams::minimal()
{
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

bool KdfParams::isValid() const
{
    // Upper bounds keep a hostile key file from making us allocate without limit.
    return opsLimit >= crypto_pwhash_OPSLIMIT_MIN && opsLimit <= 64
        && memLimitBytes >= crypto_pwhash_MEMLIMIT_MIN && memLimitBytes <= (std::size_t(1) << 30);
}

Result<SecretBytes> deriveKey(const SecretBytes &pin, const QByteArray &salt, const KdfParams &params)
{
    ensureSodium();
    if (salt.size() != qsizetype(kSaltSize) || !params.isValid())
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("bad KDF salt or parameters"));
    SecretBytes key(kKeySize);
    if (crypto_pwhash(key.data(), key.size(), pin.chars(), pin.size(),
                      reinterpret_cast<const unsigned char *>(salt.constData()), params.opsLimit,
                      params.memLimitBytes, crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        return Error(ErrorCode::Crypto, QStringLiteral("Argon2id ran out of memory"));
    }
    return key;
}

QByteArray seal(const SecretBytes &plaintext, const SecretBytes &key, QByteArrayView associated)
{
    ensureSodium();
    constexpr auto nonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    QByteArray out(qsizetype(nonceSize + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES),
                   Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(out.data());
    randombytes_buf(nonce, nonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        nonce + nonceSize, &written, plaintext.data(), plaintext.size(),
        reinterpret_cast<const unsigned char *>(associated.data()), std::size_t(associated.size()),
        nullptr, nonce, key.data());
    out.resize(qsizetype(nonceSize + written));
    return out;
}

Result<SecretBytes> open(const QByteArray &sealed, const SecretBytes &key, QByteArrayView associated)
{
    ensureSodium();
    constexpr auto nonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr auto tagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (sealed.size() < qsizetype(nonceSize + tagSize) || key.size() != kKeySize)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("sealed value too short"));
    const auto *nonce = reinterpret_cast<const unsigned char *>(sealed.constData());
    SecretBytes plain(std::size_t(sealed.size()) - nonceSize - tagSize);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain.data(), &written, nullptr, nonce + nonceSize, std::size_t(sealed.size()) - nonceSize,
            reinterpret_cast<const unsigned char *>(associated.data()), std::size_t(associated.size()),
            nonce, key.data())
        != 0) {
        return Error(ErrorCode::Crypto, QStringLiteral("authentication failed"));
    }
    return plain;
}

QByteArray randomBytes(std::size_t size)
{
    ensureSodium();
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    randombytes_buf(out.data(), size);
    return out;
}

} // namespace hearth::crypto
