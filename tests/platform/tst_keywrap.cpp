// SPDX-License-Identifier: GPL-3.0-or-later
// The layered phone key store over the device key stores this machine can run: the iOS
// KeychainKeyWrap (portable C++) over a fake Keychain, with and without a Secure Enclave, and
// the generic fake. The same suite runs against the Android Keystore in tst_android_jvm.

#include "fakedevicekeywrap.h"
#include "fakekeychain.h"
#include "keywrapsuite.h"
#include "platforms/common/layeredkeystore.h"
#include "support/testsupport.h"
#include "core/storage/keyfile.h"
#include "core/storage/store.h"

#include <QDir>
#include <QTemporaryDir>

#include <future>
#include <thread>
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

    // An unlock and a PIN change at the same moment (the change runs on a worker; the user
    // locks and unlocks meanwhile): one waits for the other, so the key file ends with the new
    // PIN's record and its device key, never with a record whose key the other pruned.
    void unlockDuringAPinChange()
    {
        if (m_variant != Variant::Fake)
            QSKIP("once is enough");
        QTemporaryDir dir;
        const QString store = dir.filePath(u"s"_qs);
        auto keys = [this] {
            return platform::LayeredKeyStore(m_hooks.make(), platform::PinKeyStore(crypto::KdfParams::minimal()));
        };
        auto maker = keys();
        QVERIFY(storage::Store::create(store, SecretBytes::copyOf("258013"), maker));
        std::atomic_bool inside = false;
        m_vault->onOpen = [&] {
            if (!inside.exchange(true))
                std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the unlock, mid-way
        };
        auto unlocker = keys();
        auto unlocking = std::async(std::launch::async, [&] {
            return bool(storage::Store::open(store, SecretBytes::copyOf("258013"), unlocker));
        });
        while (!inside)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        auto changer = keys();
        auto changed = storage::Store::changePin(store, SecretBytes::copyOf("258013"), SecretBytes::copyOf("369147"), changer);
        QVERIFY2(changed, qPrintable(changed ? QString() : changed.error().bilingual()));
        QVERIFY(unlocking.get());
        m_vault->onOpen = nullptr;
        auto after = keys();
        auto opened = storage::Store::open(store, SecretBytes::copyOf("369147"), after);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().bilingual()));
        QCOMPARE(m_vault->keys.size(), 1);
    }

    // Destroying a store removes its device keys too (an overwritten key file may survive on
    // flash; without its device key it opens nowhere): erased, and wiped at the tenth wrong PIN.
    void destroyingAStoreForgetsItsKeys()
    {
        if (m_variant != Variant::Fake)
            QSKIP("once is enough");
        QTemporaryDir dir;
        platform::LayeredKeyStore keys(m_hooks.make(), platform::PinKeyStore(crypto::KdfParams::minimal()));
        const QString erased = dir.filePath(u"erased"_qs);
        QVERIFY(storage::Store::create(erased, SecretBytes::copyOf("258013"), keys));
        const QString wiped = dir.filePath(u"wiped"_qs);
        QVERIFY(storage::Store::create(wiped, SecretBytes::copyOf("258013"), keys, {.wipeOnLockout = true}));
        QCOMPARE(m_vault->keys.size(), 2);
        QVERIFY(storage::Store::erase(erased, {}, &keys));
        QCOMPARE(m_vault->keys.size(), 1);
        for (int i = 0; i < 10; ++i)
            (void)storage::Store::open(wiped, SecretBytes::copyOf("999999"), keys);
        HEARTH_VERIFY_ERROR(storage::Store::open(wiped, SecretBytes::copyOf("258013"), keys), ErrorCode::StoreWiped);
        QCOMPARE(m_vault->keys.size(), 0);
        // A store whose creation fails after its wrap (the key file cannot be written) leaves
        // no device key behind.
        const QString failed = dir.filePath(u"failed"_qs);
        QVERIFY(QDir().mkpath(failed + u"/.hearth.key.tmp/blocker"_qs));
        QVERIFY(!storage::Store::create(failed, SecretBytes::copyOf("258013"), keys));
        QCOMPARE(m_vault->created, 3);
        QCOMPARE(m_vault->keys.size(), 0);
    }

    // A store made before the layer, on a phone whose key store cannot seal right now: the right
    // PIN opens it every time and costs no attempt; the seal is added when the key store works.
    void failedRewrapCostsNoAttempt()
    {
        if (m_variant != Variant::Fake)
            QSKIP("once is enough");
        QTemporaryDir dir;
        const QString store = dir.filePath(u"s"_qs);
        platform::PinKeyStore pinOnly(crypto::KdfParams::minimal());
        QVERIFY(storage::Store::create(store, SecretBytes::copyOf("258013"), pinOnly));
        platform::LayeredKeyStore phone(m_hooks.make(), platform::PinKeyStore(crypto::KdfParams::minimal()));
        m_vault->sealFails = true;
        for (int i = 0; i < 12; ++i)
            QVERIFY(storage::Store::open(store, SecretBytes::copyOf("258013"), phone));
        QCOMPARE(storage::Store::lockState(store)->attemptsLeft, storage::KeyFile::kDefaultMaxAttempts);
        m_vault->sealFails = false;
        QVERIFY(storage::Store::open(store, SecretBytes::copyOf("258013"), phone));
        QCOMPARE(m_vault->keys.size(), 1); // sealed now
        QVERIFY(!storage::Store::open(store, SecretBytes::copyOf("258013"), pinOnly)); // and only on this phone
    }

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
