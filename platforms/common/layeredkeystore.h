// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/platform/devicekeywrap.h"
#include "platforms/common/pinkeystore.h"

#include <memory>

namespace hearth::platform {

// Phones: the PIN wrap (Argon2id, as on Linux), sealed once more by the phone's key store.
//
//   key file "pinWrap" = {"layer": "android-keystore", "alias": ..., "sealed": base64(
//                            device AES-GCM( JSON of the PIN wrap ), aad = store context)}
//
// Unwrapping opens the device seal first, then tries the PIN. So a key file copied off the
// phone cannot even be attacked with PIN guesses elsewhere, and on the phone the PIN and its
// attempt counter still decide. When the device key is lost (new screen lock, restore), unwrap
// says DeviceKeyLost and the recovery code opens the store; that wrap makes a new device key.
// A record without the layer (a store made before the shell, or copied from Linux) still opens
// with the PIN alone and is sealed at the next unlock (needsRewrap). Older device keys of the
// store are removed once the key file holds a newer record (committed()).
class LayeredKeyStore final : public SecureKeyStore
{
public:
    LayeredKeyStore(std::unique_ptr<DeviceKeyWrap> device, PinKeyStore pin = PinKeyStore());

    QString method() const override;
    Result<QJsonObject> wrap(const SecretBytes &databaseKey, const SecretBytes &pin, QByteArrayView context) override;
    Result<SecretBytes> unwrap(const QJsonObject &wrapped, const SecretBytes &pin, QByteArrayView context) override;
    bool needsRewrap(const QJsonObject &wrapped) const override;
    void committed(const QJsonObject &wrapped, QByteArrayView context) override;
    void forget(QByteArrayView context) override;

    // The prefix of a store's device-key aliases ("hearth-db-" and 32 hex digits of the store
    // context's SHA-256). Every wrap adds "-" and 16 random hex digits: a new key, so a crash
    // between making it and saving the key file never costs the key the file still needs.
    static QString aliasFor(QByteArrayView context);

private:
    std::unique_ptr<DeviceKeyWrap> m_device;
    PinKeyStore m_pin;
    // The sealed form of the last record unwrapped whose inner PIN wrap used weaker Argon2
    // parameters than this build: needsRewrap() says so for it (the parameters are only
    // visible once the seal is open).
    QString m_weakSealed;
};

} // namespace hearth::platform
