// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakedevicekeywrap.h"

#include "core/crypto/kdf.h"

namespace hearth::test {

Result<QByteArray> FakeDeviceKeyWrap::seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad)
{
    if (m_vault->sealFails)
        return Error(ErrorCode::Crypto, QStringLiteral("key store busy"));
    // Like KeystoreWrap.java: a missing key is made; an existing one is never replaced.
    if (m_vault->invalidated.contains(alias))
        return Error(ErrorCode::DeviceKeyLost, alias);
    if (!m_vault->keys.contains(alias)) {
        m_vault->keys.insert(alias, std::make_shared<SecretBytes>(SecretBytes::random(crypto::kKeySize)));
        ++m_vault->created;
    }
    return crypto::seal(plain, *m_vault->keys.value(alias), aad);
}

Result<SecretBytes> FakeDeviceKeyWrap::open(const QString &alias, QByteArrayView sealed, QByteArrayView aad)
{
    if (m_vault->onOpen)
        m_vault->onOpen();
    if (!m_vault->keys.contains(alias) || m_vault->invalidated.contains(alias))
        return Error(ErrorCode::DeviceKeyLost, alias);
    auto plain = crypto::open(sealed.toByteArray(), *m_vault->keys.value(alias), aad);
    if (!plain)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("device seal does not open"));
    return plain;
}

void FakeDeviceKeyWrap::prune(const QString &prefix, const QString &keep)
{
    for (const QString &alias : m_vault->keys.keys())
        if (alias.startsWith(prefix) && alias != keep)
            m_vault->keys.remove(alias);
}

} // namespace hearth::test
