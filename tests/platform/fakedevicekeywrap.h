// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A stand-in for a phone's key store (the iOS Keychain backend is tested with it): keys held in
// memory by alias, sealed with libsodium's AEAD. Keys can be lost or invalidated on purpose,
// as a new screen lock or a restore onto another phone would.

#include "core/platform/devicekeywrap.h"

#include <QHash>
#include <QSet>

#include <functional>

#include <memory>

namespace hearth::test {

class FakeKeyVault
{
public:
    QHash<QString, std::shared_ptr<SecretBytes>> keys;
    QSet<QString> invalidated;
    int created = 0;
    bool sealFails = false; // a busy or locked key store
    std::function<void()> onOpen; // runs inside open(), e.g. to hold it there a while
};

class FakeDeviceKeyWrap final : public platform::DeviceKeyWrap
{
public:
    explicit FakeDeviceKeyWrap(std::shared_ptr<FakeKeyVault> vault, QString method = u"fake-keystore"_qs)
        : m_vault(std::move(vault)), m_method(std::move(method)) {}

    QString method() const override { return m_method; }
    Result<QByteArray> seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad) override;
    Result<SecretBytes> open(const QString &alias, QByteArrayView sealed, QByteArrayView aad) override;
    void prune(const QString &prefix, const QString &keep) override;

private:
    std::shared_ptr<FakeKeyVault> m_vault;
    QString m_method;
};

} // namespace hearth::test
