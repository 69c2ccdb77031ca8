// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/kdf.h"
#include "core/platform/securekeystore.h"

namespace hearth::platform {

// Linux desktops have no hardware key store we can count on, so the database key is wrapped
// by a key derived from the PIN with Argon2id, sealed with XChaCha20-Poly1305.
class PinKeyStore final : public SecureKeyStore
{
public:
    explicit PinKeyStore(crypto::KdfParams params = crypto::KdfParams::standard()) : m_params(params) {}

    QString method() const override { return QStringLiteral("pin-argon2id"); }
    Result<QJsonObject> wrap(const SecretBytes &databaseKey, const SecretBytes &pin, QByteArrayView context) override;
    Result<SecretBytes> unwrap(const QJsonObject &wrapped, const SecretBytes &pin, QByteArrayView context) override;
    bool needsRewrap(const QJsonObject &wrapped) const override;

private:
    crypto::KdfParams m_params;
};

} // namespace hearth::platform
