// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The iOS seal, in portable C++ so that all of it but the Keychain calls runs on Linux:
// a random 256-bit wrapping key per store, kept as a Keychain item that never leaves this
// phone (kSecAttrAccessibleWhenUnlockedThisDeviceOnly: not in iCloud, not restored onto
// another phone), and on phones with a Secure Enclave kept only sealed by an enclave key, so
// the item alone does not yield it. The sealing itself is libsodium's XChaCha20-Poly1305.
//
// KeychainBackend is the thin part: platforms/ios/keychainbackend.mm on a phone,
// FakeKeychainBackend in tests/platform.

#include "core/platform/devicekeywrap.h"

#include <QStringList>

#include <memory>

namespace hearth::platform {

class KeychainBackend
{
public:
    enum class Status { Ok, NotFound, Locked, Failed };
    virtual ~KeychainBackend() = default;

    virtual Status store(const QString &account, QByteArrayView bytes) = 0; // replaces any item
    virtual Status load(const QString &account, QByteArray *bytes) = 0;
    virtual Status remove(const QString &account) = 0; // the item and its enclave key
    virtual QStringList accounts() = 0;

    virtual bool hasEnclave() const = 0;
    // ECIES with an enclave P-256 key named `tag` (made on first use, never exportable).
    virtual Status enclaveSeal(const QString &tag, const SecretBytes &plain, QByteArray *sealed) = 0;
    virtual Status enclaveOpen(const QString &tag, QByteArrayView sealed, SecretBytes *plain) = 0;
};

class KeychainKeyWrap final : public DeviceKeyWrap
{
public:
    explicit KeychainKeyWrap(std::unique_ptr<KeychainBackend> backend) : m_backend(std::move(backend)) {}

    QString method() const override { return QStringLiteral("ios-keychain"); }
    Result<QByteArray> seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad) override;
    Result<SecretBytes> open(const QString &alias, QByteArrayView sealed, QByteArrayView aad) override;
    void prune(const QString &prefix, const QString &keep) override;

private:
    // The wrapping key named `alias`: DeviceKeyLost when it is gone or unusable; `create` makes
    // one when there is no item at all. An existing item is never replaced.
    Result<SecretBytes> wrappingKey(const QString &alias, bool create);

    std::unique_ptr<KeychainBackend> m_backend;
};

} // namespace hearth::platform
