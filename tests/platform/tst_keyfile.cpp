// SPDX-License-Identifier: GPL-3.0-or-later
// The store's key file on a phone: one operation at a time (an unlock during a PIN change, a
// lock file left by a crashed run or held by a live process), device keys forgotten when a
// store is destroyed or never comes to be, and a seal that cannot be made now costing nothing.

#include "fakedevicekeywrap.h"
#include "platforms/common/layeredkeystore.h"
#include "support/testsupport.h"
#include "core/storage/keyfile.h"
#include "core/storage/store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <future>
#include <thread>

using namespace hearth;

class TestKeyFile : public QObject
{
    Q_OBJECT

    std::shared_ptr<test::FakeKeyVault> m_vault;

    platform::LayeredKeyStore layered()
    {
        return platform::LayeredKeyStore(std::make_unique<test::FakeDeviceKeyWrap>(m_vault),
                                         platform::PinKeyStore(crypto::KdfParams::minimal()));
    }

private Q_SLOTS:
    void init() { m_vault = std::make_shared<test::FakeKeyVault>(); }

    // An unlock and a PIN change at the same moment (the change runs on a worker; the user
    // locks and unlocks meanwhile): one waits for the other, so the key file ends with the new
    // PIN's record and its device key, never with a record whose key the other pruned.
    void unlockDuringAPinChange()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(u"s"_qs);
        auto keys = [this] { return layered(); };
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

    // The lock file beside the key file: one left by an earlier run under this very process id
    // (Android reuses them) is not waited for; one held by a live process is, for a bounded
    // time, then StoreInUse in both languages; once that process is gone, the store opens.
    void lockFileHolders()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(u"s"_qs);
        platform::PinKeyStore keys(crypto::KdfParams::minimal());
        QVERIFY(storage::Store::create(store, SecretBytes::copyOf("258013"), keys));
        const auto writeLock = [&](qint64 pid, const QByteArray &app) {
            QFile f(store + u"/hearth.key.lock"_qs);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::number(pid) + '\n' + app + '\n' + QSysInfo::machineHostName().toUtf8() + '\n'
                    + QSysInfo::machineUniqueId() + '\n' + QSysInfo::bootUniqueId() + '\n');
        };
        QElapsedTimer t;
        writeLock(QCoreApplication::applicationPid(), QCoreApplication::applicationName().toUtf8());
        t.start();
        QVERIFY(storage::Store::open(store, SecretBytes::copyOf("258013"), keys));
        QVERIFY(t.elapsed() < 3000);
        QVERIFY(!QFile::exists(store + u"/hearth.key.lock"_qs));

        QProcess holder;
        holder.start(u"sleep"_qs, {u"60"_qs});
        QVERIFY(holder.waitForStarted());
        writeLock(holder.processId(), "sleep");
        t.restart();
        auto busy = storage::Store::open(store, SecretBytes::copyOf("258013"), keys);
        HEARTH_VERIFY_ERROR(busy, ErrorCode::StoreInUse);
        QVERIFY(busy.error().chinese().contains(u"稍后再试"));
        QVERIFY(t.elapsed() >= 9000 && t.elapsed() < 20000);
        QCOMPARE(storage::Store::lockState(store)->attemptsLeft, storage::KeyFile::kDefaultMaxAttempts);
        holder.kill();
        holder.waitForFinished();
        QVERIFY(storage::Store::open(store, SecretBytes::copyOf("258013"), keys));
    }

    // Destroying a store removes its device keys too (an overwritten key file may survive on
    // flash; without its device key it opens nowhere): erased, and wiped at the tenth wrong PIN.
    void destroyingAStoreForgetsItsKeys()
    {
        QTemporaryDir dir;
        auto keys = layered();
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
        QTemporaryDir dir;
        const QString store = dir.filePath(u"s"_qs);
        platform::PinKeyStore pinOnly(crypto::KdfParams::minimal());
        QVERIFY(storage::Store::create(store, SecretBytes::copyOf("258013"), pinOnly));
        auto phone = layered();
        m_vault->sealFails = true;
        for (int i = 0; i < 12; ++i)
            QVERIFY(storage::Store::open(store, SecretBytes::copyOf("258013"), phone));
        QCOMPARE(storage::Store::lockState(store)->attemptsLeft, storage::KeyFile::kDefaultMaxAttempts);
        m_vault->sealFails = false;
        QVERIFY(storage::Store::open(store, SecretBytes::copyOf("258013"), phone));
        QCOMPARE(m_vault->keys.size(), 1); // sealed now
        QVERIFY(!storage::Store::open(store, SecretBytes::copyOf("258013"), pinOnly)); // and only on this phone
    }

    // A phone's store copied elsewhere (a backup, a rooted phone's files, a transfer to a new
    // phone): on another phone, and with the PIN wrap alone on a computer, the right PIN and a
    // wrong one get the same answer (nothing to guess against) and no attempt is counted; the
    // recovery code opens the copy, under the new phone's key; the original is untouched.
    void copiedToAnotherPhone()
    {
        QTemporaryDir dir;
        const QString original = dir.filePath(u"phone-a"_qs);
        auto phoneA = layered();
        auto created = storage::Store::create(original, SecretBytes::copyOf("258013"), phoneA);
        QVERIFY(created);
        const QString code = created->recoveryCode;
        created->store.reset();
        const QString copy = dir.filePath(u"copy"_qs);
        QVERIFY(QDir().mkpath(copy));
        for (const QString &name : QDir(original).entryList(QDir::Files))
            QVERIFY(QFile::copy(original + u'/' + name, copy + u'/' + name));

        const auto vaultA = m_vault;
        m_vault = std::make_shared<test::FakeKeyVault>(); // phone B: its own key store
        auto phoneB = layered();
        platform::PinKeyStore computer(crypto::KdfParams::minimal());
        for (const char *pin : {"258013", "000000"}) {
            HEARTH_VERIFY_ERROR(storage::Store::open(copy, SecretBytes::copyOf(pin), phoneB), ErrorCode::DeviceKeyLost);
            HEARTH_VERIFY_ERROR(storage::Store::open(copy, SecretBytes::copyOf(pin), computer), ErrorCode::KeyFileDamaged);
        }
        QCOMPARE(storage::Store::lockState(copy)->attemptsLeft, storage::KeyFile::kDefaultMaxAttempts);

        QVERIFY(storage::Store::recover(copy, code, SecretBytes::copyOf("369147"), phoneB));
        QVERIFY(storage::Store::open(copy, SecretBytes::copyOf("369147"), phoneB));
        QCOMPARE(m_vault->keys.size(), 1);
        QCOMPARE(vaultA->keys.size(), 1); // phone A's key is not phone B's to prune
        m_vault = vaultA;
        auto backOnA = layered();
        QVERIFY(storage::Store::open(original, SecretBytes::copyOf("258013"), backOnA));
    }
};

QTEST_GUILESS_MAIN(TestKeyFile)
#include "tst_keyfile.moc"
