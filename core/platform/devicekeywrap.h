// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The phone's own key store, seen from the core: AES-GCM keys that never leave it (the Android
// Keystore, the iOS Keychain / Secure Enclave), addressed by an alias. LayeredKeyStore puts one
// such seal over the PIN wrap, so a copied key file is useless without this very phone, and
// the PIN still guards it on the phone.
//
// Implementations: platforms/android (JNI into KeystoreWrap.java), platforms/ios (Keychain),
// and FakeDeviceKeyWrap in tests. All of them must pass tests/platform/keywrapsuite.h.

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace hearth::platform {

class DeviceKeyWrap
{
public:
    virtual ~DeviceKeyWrap() = default;

    // A short name recorded in the key file ("android-keystore", "ios-keychain").
    virtual QString method() const = 0;

    // Seals `plain` under the key named `alias`, making that key when there is none. Never
    // deletes or replaces an existing key: LayeredKeyStore gives every wrap a new alias, and old
    // keys go only through prune(), once the key file no longer needs them. `aad` is
    // authenticated, not stored.
    virtual Result<QByteArray> seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad) = 0;

    // DeviceKeyLost when the key is gone or was invalidated (a new screen lock, a restore onto
    // another phone); KeyFileDamaged when the bytes or `aad` do not match what was sealed;
    // Crypto for anything else the key store reports (a locked phone: try again later).
    virtual Result<SecretBytes> open(const QString &alias, QByteArrayView sealed, QByteArrayView aad) = 0;

    // Removes the keys whose alias starts with `prefix`, except `keep`. Best effort.
    virtual void prune(const QString &prefix, const QString &keep) = 0;
};

} // namespace hearth::platform
