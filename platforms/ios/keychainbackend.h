// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "platforms/common/keychainkeywrap.h"

namespace hearth::platform {

// The Keychain (generic-password items, kSecAttrAccessibleWhenUnlockedThisDeviceOnly) and the
// Secure Enclave (ECIES P-256) of an iPhone. iOS only: keychainbackend.mm.
class AppleKeychainBackend final : public KeychainBackend
{
public:
    Status store(const QString &account, QByteArrayView bytes) override;
    Status load(const QString &account, QByteArray *bytes) override;
    Status remove(const QString &account) override;
    QStringList accounts() override;
    bool hasEnclave() const override;
    Status enclaveSeal(const QString &tag, const SecretBytes &plain, QByteArray *sealed) override;
    Status enclaveOpen(const QString &tag, QByteArrayView sealed, SecretBytes *plain) override;
};

} // namespace hearth::platform
