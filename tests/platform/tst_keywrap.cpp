// SPDX-License-Identifier: GPL-3.0-or-later
// The layered phone key store over the fake device key store: the same suite the Android
// Keystore passes in tst_android_jvm, and the contract the iOS Keychain backend is written to.

#include "fakedevicekeywrap.h"
#include "keywrapsuite.h"
#include "platforms/common/layeredkeystore.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth;

class TestKeyWrap : public QObject
{
    Q_OBJECT

    std::shared_ptr<test::FakeKeyVault> m_vault;
    test::KeyWrapHooks m_hooks;

private Q_SLOTS:
    void init()
    {
        m_vault = std::make_shared<test::FakeKeyVault>();
        m_hooks.make = [v = m_vault] { return std::make_unique<test::FakeDeviceKeyWrap>(v, u"ios-keychain"_qs); };
        m_hooks.forget = [v = m_vault](const QString &alias) { v->keys.remove(alias); };
        m_hooks.invalidate = [v = m_vault](const QString &alias) { v->invalidated.insert(alias); };
    }
    void roundTrip() { test::keyWrapRoundTrip(m_hooks); }
    void wrongPin() { test::keyWrapWrongPin(m_hooks); }
    void tampered() { test::keyWrapTampered(m_hooks); }
    void wrongContext() { test::keyWrapWrongContext(m_hooks); }
    void lostKey() { test::keyWrapLostKey(m_hooks); }
    void invalidatedKey() { test::keyWrapInvalidatedKey(m_hooks); }
    void unlayeredRecord() { test::keyWrapUnlayeredRecord(m_hooks); }
    void storeRecovery()
    {
        QTemporaryDir dir;
        test::keyWrapStoreRecovery(m_hooks, dir.filePath(u"store"_qs));
    }
    // One device key per store, made once and reused: rewrapping for a new PIN does not pile
    // up keys in the phone's key store.
    void oneKeyPerStore()
    {
        platform::LayeredKeyStore keys(m_hooks.make(), platform::PinKeyStore(crypto::KdfParams::minimal()));
        const SecretBytes dbKey = SecretBytes::random(32);
        for (int i = 0; i < 3; ++i)
            QVERIFY(keys.wrap(dbKey, SecretBytes::copyOf("258013"), "hearth-store:a"));
        QVERIFY(keys.wrap(dbKey, SecretBytes::copyOf("258013"), "hearth-store:b"));
        QCOMPARE(m_vault->created, 2);
        QCOMPARE(m_vault->keys.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestKeyWrap)
#include "tst_keywrap.moc"
