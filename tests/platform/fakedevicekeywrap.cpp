// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakedevicekeywrap.h"

#include "core/crypto/kdf.h"

namespace hearth::test {

Result<QByteArray> FakeDeviceKeyWrap::seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad)
{
    // Like KeystoreWrap.java: an unusable key is replaced by a new one.
    if (!m_vault->keys.contains(alias) || m_vault->invalidated.contains(alias)) {
        m_vault->invalidated.remove(alias);
        m_vault->keys.insert(alias, std::make_shared<SecretBytes>(SecretBytes::random(crypto::kKeySize)));
        ++m_vault->created;
    }
    return crypto::seal(plain, *m_vault->keys.value(alias), aad);
}

Result<SecretBytes> FakeDeviceKeyWrap::open(const QString &alias, QByteArrayView sealed, QByteArrayView aad)
{
    if (!m_vault->keys.contains(alias) || m_vault->invalidated.contains(alias))
        return Error(ErrorCode::DeviceKeyLost, alias);
    auto plain = crypto::open(sealed.toByteArray(), *m_vault->keys.value(alias), aad);
    if (!plain)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("device seal does not open"));
    return plain;
}

} // namespace hearth::test
