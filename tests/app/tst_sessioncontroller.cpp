// SPDX-License-Identifier: GPL-3.0-or-later
// The app's session flow on a real store: first run, recovery code, unlock, wrong PIN, lockout.
#include "controllers/sessioncontroller.h"
#include "core/crypto/kdf.h"
#include "core/protocol/lease.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "platforms/common/layeredkeystore.h"
#include "platforms/common/pinkeystore.h"
#include "platform/fakedevicekeywrap.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace hearth;
using hearth::app::SessionController;
using State = SessionController::State;

class TestSessionController : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_root;
    std::unique_ptr<SessionController> make(const QString &dir, const char *lang = "en")
    {
        return std::make_unique<SessionController>(
            dir, std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()), QString::fromLatin1(lang));
    }
    static void waitIdle(SessionController &s) { QTRY_VERIFY_WITH_TIMEOUT(!s.busy(), 20000); }
    static void enterWrongPins(SessionController &s, int times)
    {
        for (int i = 0; i < times; ++i) {
            s.unlock(u"999999"_qs);
            waitIdle(s);
        }
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstRunThroughUnlock()
    {
        const QString dir = m_root.filePath(u"a"_qs);
        auto s = make(dir);
        QCOMPARE(s->state(), State::NeedsSetup);

        s->createStore(u"258013"_qs, u"258014"_qs);
        QCOMPARE(s->errorString(), u"The two PINs differ."_qs);
        QVERIFY(!s->busy());

        s->createStore(u"123456"_qs, u"123456"_qs);
        waitIdle(*s);
        QVERIFY(s->errorString().contains(u"too weak"));
        QCOMPARE(s->state(), State::NeedsSetup);

        QSignalSpy busy(s.get(), &SessionController::busyChanged);
        s->createStore(u"258013"_qs, u"258013"_qs);
        QVERIFY(s->busy()); // Argon2id runs off the UI thread
        waitIdle(*s);
        QCOMPARE(busy.count(), 2);
        QCOMPARE(s->state(), State::ShowRecoveryCode);
        QCOMPARE(s->recoveryCode().size(), 39);
        QVERIFY(!s->hasError());
        s->acknowledgeRecoveryCode();
        QCOMPARE(s->state(), State::Unlocked);
        QVERIFY(s->recoveryCode().isEmpty());
        QVERIFY(s->store());

        s->lock();
        QCOMPARE(s->state(), State::Locked);
        QVERIFY(!s->store());
        s->unlock(u"999999"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Locked);
        QCOMPARE(s->attemptsLeft(), 9);
        QCOMPARE(s->errorString(), u"wrong PIN, 9 attempts left"_qs);
        s->unlock(u"258013"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Unlocked);
        QVERIFY(!s->hasError());

        // A later start finds the store and asks for the PIN.
        s.reset();
        QCOMPARE(make(dir)->state(), State::Locked);
    }

    // Past the offline lease the app opens on the lease page, not on the records; the
    // administrator's code for that day lets it through; a confirmed wipe is finished at unlock.
    void theLeaseLocksAndAConfirmedWipeFinishes()
    {
        const QString dir = m_root.filePath(u"lease"_qs);
        auto s = make(dir);
        s->createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(*s);
        s->acknowledgeRecoveryCode();
        const qint64 now = QDateTime::currentMSecsSinceEpoch(), day = 24LL * 60 * 60 * 1000;
        storage::Database &db = s->store()->database();
        for (const auto &[key, value] : {std::pair{"sync.token", u"token-of-this-device"_qs}, {"sync.device_id", u"dev-1"_qs},
                                         {"sync.lease_days", u"30"_qs}, {"sync.last_at", QString::number(now - 40 * day)}})
            QVERIFY(storage::writeMeta(db, key, value));
        s->recheckLease();
        QCOMPARE(s->state(), State::LeaseExpired);
        QCOMPARE(s->daysWithoutContact(), 40);
        s->unlockLease(u"00000000"_qs);
        QCOMPARE(s->state(), State::LeaseExpired);
        QVERIFY(s->errorString().contains(u"unlock code"));
        const QByteArray key = QCryptographicHash::hash("token-of-this-device", QCryptographicHash::Sha256);
        s->unlockLease(protocol::leaseUnlockCode(key, u"dev-1"_qs, protocol::utcDayOf(now)));
        QCOMPARE(s->state(), State::Unlocked);
        // Three days later it is due again (the clock moved on, the store did not sync).
        s->setClock([=] { return now + 4 * day; });
        s->recheckLease();
        QCOMPARE(s->state(), State::LeaseExpired);
        // A wipe the server confirmed, then the app was killed: the next unlock finishes it.
        QVERIFY(storage::writeMeta(s->store()->database(), "sync.wipe_pending", u"1"_qs));
        s->lock();
        s->unlock(u"258013"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::NeedsSetup);
        QVERIFY(s->wipedNotice().contains(u"administrator"));
        QVERIFY(!QFile::exists(dir + u"/hearth.key"_qs));
        QVERIFY(!QFile::exists(dir + u"/hearth.db"_qs));
    }

    void lockoutShowsItsOwnState()
    {
        const QString dir = m_root.filePath(u"b"_qs);
        auto s = make(dir, "zh_CN");
        s->createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(*s);
        s->acknowledgeRecoveryCode();
        s->lock();
        enterWrongPins(*s, 10);
        QCOMPARE(s->state(), State::LockedOut);
        QVERIFY(s->errorString().contains(u"锁定")); // Chinese interface, Chinese error
        s->unlock(u"258013"_qs);                   // ignored while locked out
        QVERIFY(!s->busy());
        QCOMPARE(make(dir)->state(), State::LockedOut);
        QVERIFY(make(dir)->needsRecoveryCode());
    }

    // On the device itself: a lockout lifted with the recovery code, a wrong code refused, the
    // new PIN then the only one.
    void recoveryCodeOnTheDevice()
    {
        const QString dir = m_root.filePath(u"c"_qs);
        auto s = make(dir);
        s->createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(*s);
        const QString code = s->recoveryCode();
        s->acknowledgeRecoveryCode();
        s->lock();
        enterWrongPins(*s, 10);
        QCOMPARE(s->state(), State::LockedOut);
        s->recover(code, u"369147"_qs, u"369148"_qs);
        QCOMPARE(s->errorString(), u"The two PINs differ."_qs);
        s->recover(u"AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAA"_qs, u"369147"_qs, u"369147"_qs);
        waitIdle(*s);
        QVERIFY(s->errorString().contains(u"recovery code"));
        QCOMPARE(s->state(), State::LockedOut);
        s->recover(u"  "_qs + code + u" "_qs, u"369147"_qs, u"369147"_qs); // as pasted
        waitIdle(*s);
        QCOMPARE(s->state(), State::Unlocked);
        QVERIFY(!s->needsRecoveryCode());
        s->lock();
        s->unlock(u"258013"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Locked);
        s->unlock(u"369147"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Unlocked);
    }

    // The administrator's wipe arriving while a PIN change is writing the key file: the UI
    // thread does not wait for the file, the erase follows once the change is done; a user's
    // erase meanwhile is refused, not run half-way.
    void remoteWipeDuringAPinChange()
    {
        auto vault = std::make_shared<test::FakeKeyVault>();
        const QString dir = m_root.filePath(u"e"_qs);
        auto s = std::make_unique<SessionController>(
            dir, std::make_unique<platform::LayeredKeyStore>(std::make_unique<test::FakeDeviceKeyWrap>(vault),
                                                             platform::PinKeyStore(crypto::KdfParams::minimal())),
            u"en"_qs);
        s->createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(*s);
        s->acknowledgeRecoveryCode();
        vault->onOpen = [] { std::this_thread::sleep_for(std::chrono::milliseconds(400)); };
        QSignalSpy changed(s.get(), &SessionController::pinChangeFinished);
        s->changePin(u"258013"_qs, u"369147"_qs, u"369147"_qs);
        QElapsedTimer t;
        t.start();
        s->wipe();
        s->finishRemoteWipe();
        QVERIFY(t.elapsed() < 200); // neither waited for the key file
        QVERIFY(storage::Store::exists(dir));
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
        QVERIFY(changed.at(0).at(0).toBool());
        QTRY_VERIFY(!storage::Store::exists(dir));
        QVERIFY(!s->wipedNotice().isEmpty());
        QCOMPARE(vault->keys.size(), 0); // and the device keys went with it
    }

    // A phone's key store lost the store's key (a new screen lock): the unlock page asks for the
    // recovery code instead of more PINs, and no attempt is used up.
    void lostDeviceKeyAsksForTheRecoveryCode()
    {
        auto vault = std::make_shared<test::FakeKeyVault>();
        auto layered = [vault] {
            return std::make_unique<platform::LayeredKeyStore>(std::make_unique<test::FakeDeviceKeyWrap>(vault),
                                                               platform::PinKeyStore(crypto::KdfParams::minimal()));
        };
        const QString dir = m_root.filePath(u"d"_qs);
        auto s = std::make_unique<SessionController>(dir, layered(), u"zh_CN"_qs);
        s->createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(*s);
        const QString code = s->recoveryCode();
        s->acknowledgeRecoveryCode();
        s->lock();
        const int attempts = s->attemptsLeft();
        vault->keys.clear(); // the screen lock changed
        s = std::make_unique<SessionController>(dir, layered(), u"zh_CN"_qs);
        s->unlock(u"258013"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Locked);
        QVERIFY(s->needsRecoveryCode());
        QVERIFY(s->errorString().contains(u"恢复码"));
        QCOMPARE(s->attemptsLeft(), attempts);
        s->recover(code, u"369147"_qs, u"369147"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Unlocked);
        QCOMPARE(vault->keys.size(), 1); // a new device key
        s->lock();
        s->unlock(u"369147"_qs);
        waitIdle(*s);
        QCOMPARE(s->state(), State::Unlocked);
    }
};

QTEST_GUILESS_MAIN(TestSessionController)
#include "tst_sessioncontroller.moc"
