// SPDX-License-Identifier: GPL-3.0-or-later
#include "keychainkeywrap.h"

#include "core/crypto/kdf.h"

namespace hearth::platform {
namespace {

// The item's first byte says how the wrapping key is kept.
constexpr char kPlainItem = 'K';   // the key itself (no Secure Enclave)
constexpr char kEnclaveItem = 'E'; // the key sealed by the enclave key

Error statusError(KeychainBackend::Status status)
{
    switch (status) {
    case KeychainBackend::Status::NotFound: return Error(ErrorCode::DeviceKeyLost, QStringLiteral("keychain item missing"));
    case KeychainBackend::Status::Locked: return Error(ErrorCode::Crypto, QStringLiteral("the phone is locked"));
    default: return Error(ErrorCode::Crypto, QStringLiteral("keychain failed"));
    }
}

} // namespace

Result<SecretBytes> KeychainKeyWrap::wrappingKey(const QString &alias, bool create)
{
    QByteArray item;
    const auto status = m_backend->load(alias, &item);
    if (status == KeychainBackend::Status::Ok && item.size() > 1) {
        const QByteArrayView body = QByteArrayView(item).sliced(1);
        if (item.front() == kPlainItem && std::size_t(body.size()) == crypto::kKeySize)
            return SecretBytes::copyOf(body);
        if (item.front() == kEnclaveItem) {
            SecretBytes key;
            const auto opened = m_backend->enclaveOpen(alias, body, &key);
            if (opened == KeychainBackend::Status::Ok && key.size() == crypto::kKeySize)
                return key;
            if (opened == KeychainBackend::Status::Locked) // wait for the unlock; never replace
                return statusError(opened);
            if (!create) // the enclave key is gone (a restore onto another phone) or refuses
                return Error(ErrorCode::DeviceKeyLost, QStringLiteral("enclave key lost"));
        }
    } else if (status != KeychainBackend::Status::NotFound && status != KeychainBackend::Status::Ok) {
        return statusError(status); // locked or failing: never replace what may still be good
    }
    if (!create)
        return Error(ErrorCode::DeviceKeyLost, QStringLiteral("no usable keychain item"));

    SecretBytes key = SecretBytes::random(crypto::kKeySize);
    QByteArray fresh;
    if (m_backend->hasEnclave()) {
        QByteArray sealed;
        const auto s = m_backend->enclaveSeal(alias, key, &sealed);
        if (s != KeychainBackend::Status::Ok)
            return statusError(s);
        fresh = kEnclaveItem + sealed;
    } else {
        fresh = kPlainItem + key.view().toByteArray();
    }
    const auto stored = m_backend->store(alias, fresh);
    wipe(fresh);
    if (stored != KeychainBackend::Status::Ok)
        return statusError(stored);
    return key;
}

Result<QByteArray> KeychainKeyWrap::seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad)
{
    auto key = wrappingKey(alias, true);
    if (!key)
        return key.error();
    return crypto::seal(plain, *key, aad);
}

Result<SecretBytes> KeychainKeyWrap::open(const QString &alias, QByteArrayView sealed, QByteArrayView aad)
{
    auto key = wrappingKey(alias, false);
    if (!key)
        return key.error();
    auto plain = crypto::open(sealed.toByteArray(), *key, aad);
    if (!plain)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("keychain seal does not open"));
    return plain;
}

} // namespace hearth::platform
