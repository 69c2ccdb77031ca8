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
    if (status == KeychainBackend::Status::Ok) {
        const QByteArrayView body = item.size() > 1 ? QByteArrayView(item).sliced(1) : QByteArrayView();
        if (item.startsWith(kPlainItem) && std::size_t(body.size()) == crypto::kKeySize)
            return SecretBytes::copyOf(body);
        if (item.startsWith(kEnclaveItem)) {
            SecretBytes key;
            const auto opened = m_backend->enclaveOpen(alias, body, &key);
            if (opened == KeychainBackend::Status::Ok && key.size() == crypto::kKeySize)
                return key;
            if (opened == KeychainBackend::Status::Locked) // wait for the unlock
                return statusError(opened);
        }
        // The enclave key is gone (a restore onto another phone), or the item holds no key.
        return Error(ErrorCode::DeviceKeyLost, QStringLiteral("keychain item unusable"));
    }
    if (status != KeychainBackend::Status::NotFound || !create)
        return statusError(status); // NotFound: DeviceKeyLost; locked or failing: try later

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
    if (stored != KeychainBackend::Status::Ok) {
        m_backend->remove(alias); // the enclave key made for an item that was never stored
        return statusError(stored);
    }
    return key;
}

void KeychainKeyWrap::prune(const QString &prefix, const QString &keep)
{
    for (const QString &account : m_backend->accounts())
        if (account.startsWith(prefix) && account != keep)
            m_backend->remove(account);
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
