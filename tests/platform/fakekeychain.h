// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The iOS Keychain and Secure Enclave as KeychainKeyWrap sees them (tests only): items by
// account in memory, an "enclave" whose keys can be lost (a restore onto another phone), and a
// locked phone.

#include "platforms/common/keychainkeywrap.h"

#include "core/crypto/kdf.h"

#include <QHash>

namespace hearth::test {

struct FakeKeychainState
{
    QHash<QString, QByteArray> items;
    QHash<QString, std::shared_ptr<SecretBytes>> enclaveKeys;
    bool enclave = false;
    bool locked = false;
    bool storeFails = false; // the Keychain refuses the item (full, or a passing fault)
};

class FakeKeychainBackend final : public platform::KeychainBackend
{
public:
    explicit FakeKeychainBackend(std::shared_ptr<FakeKeychainState> state) : m(std::move(state)) {}

    Status store(const QString &account, QByteArrayView bytes) override
    {
        if (m->locked)
            return Status::Locked;
        if (m->storeFails)
            return Status::Failed;
        m->items.insert(account, bytes.toByteArray());
        return Status::Ok;
    }
    Status load(const QString &account, QByteArray *bytes) override
    {
        if (m->locked)
            return Status::Locked;
        if (!m->items.contains(account))
            return Status::NotFound;
        *bytes = m->items.value(account);
        return Status::Ok;
    }
    Status remove(const QString &account) override
    {
        m->enclaveKeys.remove(account);
        return m->items.remove(account) ? Status::Ok : Status::NotFound;
    }
    QStringList accounts() override { return m->items.keys(); }
    bool hasEnclave() const override { return m->enclave; }
    Status enclaveSeal(const QString &tag, const SecretBytes &plain, QByteArray *sealed) override
    {
        if (m->locked)
            return Status::Locked;
        if (!m->enclaveKeys.contains(tag))
            m->enclaveKeys.insert(tag, std::make_shared<SecretBytes>(SecretBytes::random(crypto::kKeySize)));
        *sealed = crypto::seal(plain, *m->enclaveKeys.value(tag), "enclave");
        return Status::Ok;
    }
    Status enclaveOpen(const QString &tag, QByteArrayView sealed, SecretBytes *plain) override
    {
        if (m->locked)
            return Status::Locked;
        if (!m->enclaveKeys.contains(tag))
            return Status::NotFound;
        auto opened = crypto::open(sealed.toByteArray(), *m->enclaveKeys.value(tag), "enclave");
        if (!opened)
            return Status::Failed;
        *plain = std::move(*opened);
        return Status::Ok;
    }

private:
    std::shared_ptr<FakeKeychainState> m;
};

} // namespace hearth::test
