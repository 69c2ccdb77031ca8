// SPDX-License-Identifier: GPL-3.0-or-later
// The layered phone key store over the device key stores this machine can run: the iOS
// KeychainKeyWrap (portable C++) over a fake Keychain, with and without a Secure Enclave, and
// the generic fake. The same suite runs against the Android Keystore in tst_android_jvm.

#include "fakedevicekeywrap.h"
#include "fakekeychain.h"
#include "keywrapsuite.h"
#include "platforms/common/layeredkeystore.h"
#include "support/testsupport.h"

#include <QTemporaryDir>

#include <QtTest>

using namespace hearth;

enum class Variant { Fake, Keychain, KeychainEnclave };

class TestKeyWrap : public QObject
{
    Q_OBJECT

public:
    explicit TestKeyWrap(Variant variant) : m_variant(variant) {}

private:
    Variant m_variant;
    std::shared_ptr<test::FakeKeyVault> m_vault;
    std::shared_ptr<test::FakeKeychainState> m_keychain;
    test::KeyWrapHooks m_hooks;

private Q_SLOTS:
    void init()
    {
        m_vault = std::make_shared<test::FakeKeyVault>();
        m_keychain = std::make_shared<test::FakeKeychainState>();
        m_keychain->enclave = m_variant == Variant::KeychainEnclave;
        if (m_variant == Variant::Fake) {
            m_hooks.make = [v = m_vault] { return std::make_unique<test::FakeDeviceKeyWrap>(v); };
            m_hooks.forget = [v = m_vault](const QString &prefix) {
                for (const QString &a : v->keys.keys())
                    if (a.startsWith(prefix))
                        v->keys.remove(a);
            };
            m_hooks.invalidate = [v = m_vault](const QString &prefix) {
                for (const QString &a : v->keys.keys())
                    if (a.startsWith(prefix))
                        v->invalidated.insert(a);
            };
            m_hooks.count = [v = m_vault](const QString &prefix) {
                return int(std::count_if(v->keys.keyBegin(), v->keys.keyEnd(),
                                         [&](const QString &a) { return a.startsWith(prefix); }));
            };
            return;
        }
        m_hooks.make = [k = m_keychain] {
            return std::make_unique<platform::KeychainKeyWrap>(std::make_unique<test::FakeKeychainBackend>(k));
        };
        // The item is gone (the app was deleted and installed again).
        m_hooks.forget = [k = m_keychain](const QString &prefix) {
            for (const QString &a : k->items.keys())
                if (a.startsWith(prefix))
                    k->items.remove(a);
        };
        // A restore onto another phone: the item came along, the enclave key did not; without
        // an enclave, an item that no longer holds a key.
        m_hooks.invalidate = [k = m_keychain](const QString &prefix) {
            for (const QString &a : k->items.keys()) {
                if (!a.startsWith(prefix))
                    continue;
                if (k->enclave)
                    k->enclaveKeys.remove(a);
                else
                    k->items.insert(a, QByteArray("K-short"));
            }
        };
        m_hooks.count = [k = m_keychain](const QString &prefix) {
            return int(std::count_if(k->items.keyBegin(), k->items.keyEnd(),
                                     [&](const QString &a) { return a.startsWith(prefix); }));
        };
    }
    void roundTrip() { test::keyWrapRoundTrip(m_hooks); }
    void wrongPin() { test::keyWrapWrongPin(m_hooks); }
    void tampered() { test::keyWrapTampered(m_hooks); }
    void wrongContext() { test::keyWrapWrongContext(m_hooks); }
    void lostKey() { test::keyWrapLostKey(m_hooks); }
    void invalidatedKey() { test::keyWrapInvalidatedKey(m_hooks); }
    void unlayeredRecord() { test::keyWrapUnlayeredRecord(m_hooks); }
    void weakInnerParameters() { test::keyWrapWeakInnerParameters(m_hooks); }
    void storeRecovery()
    {
        QTemporaryDir dir;
        test::keyWrapStoreRecovery(m_hooks, dir.filePath(u"store"_qs));
    }

    void crashBeforeTheKeyFileIsSaved() { test::keyWrapCrashBeforeTheKeyFileIsSaved(m_hooks); }



    // With an enclave, the Keychain item alone is not the key: it does not open a seal.
    void enclaveItemIsNotTheKey()
    {
        if (m_variant != Variant::KeychainEnclave)
            QSKIP("only with a Secure Enclave");
        auto wrap = m_hooks.make();
        auto sealed = wrap->seal(u"a"_qs, SecretBytes::copyOf("inner"), "ctx");
        QVERIFY(sealed);
        const QByteArray item = m_keychain->items.value(u"a"_qs);
        QCOMPARE(item.front(), 'E');
        QCOMPARE(m_keychain->enclaveKeys.size(), 1);
        QVERIFY(item.size() != 33); // not a bare 32-byte key
        QVERIFY(!crypto::open(*sealed, SecretBytes::copyOf(QByteArrayView(item).sliced(1).first(qMin<qsizetype>(32, item.size() - 1))), "ctx"));
    }

    // The Keychain refuses the item after the enclave key was made: the enclave key goes too.
    void failedItemLeavesNoEnclaveKey()
    {
        if (m_variant != Variant::KeychainEnclave)
            QSKIP("only with a Secure Enclave");
        m_keychain->storeFails = true;
        auto wrap = m_hooks.make();
        HEARTH_VERIFY_ERROR(wrap->seal(u"a"_qs, SecretBytes::copyOf("inner"), "ctx"), ErrorCode::Crypto);
        QCOMPARE(m_keychain->items.size(), 0);
        QCOMPARE(m_keychain->enclaveKeys.size(), 0);
    }

    // A locked phone (a background job before the first unlock) neither opens nor replaces.
    void lockedPhoneReplacesNothing()
    {
        if (m_variant == Variant::Fake)
            QSKIP("the Keychain's lock only");
        auto wrap = m_hooks.make();
        auto sealed = wrap->seal(u"a"_qs, SecretBytes::copyOf("inner"), "ctx");
        QVERIFY(sealed);
        const QByteArray item = m_keychain->items.value(u"a"_qs);
        m_keychain->locked = true;
        auto refused = wrap->open(u"a"_qs, *sealed, "ctx");
        HEARTH_VERIFY_ERROR(refused, ErrorCode::Crypto);
        QVERIFY(refused.error().detail().contains(u"locked"));
        HEARTH_VERIFY_ERROR(wrap->seal(u"a"_qs, SecretBytes::copyOf("other"), "ctx"), ErrorCode::Crypto);
        m_keychain->locked = false;
        QCOMPARE(m_keychain->items.value(u"a"_qs), item);
        auto opened = wrap->open(u"a"_qs, *sealed, "ctx");
        QVERIFY(opened);
        QCOMPARE(opened->view(), QByteArrayView("inner"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int failures = 0;
    for (Variant v : {Variant::Fake, Variant::Keychain, Variant::KeychainEnclave}) {
        TestKeyWrap test(v);
        failures += QTest::qExec(&test, argc, argv);
    }
    return failures;
}

#include "tst_keywrap.moc"
