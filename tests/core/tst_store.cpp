// SPDX-License-Identifier: GPL-3.0-or-later
// The store's key life cycle: create, unlock, wrong PINs and lockout, recovery, PIN change.
#include "core/domain/personrepository.h"
#include "core/storage/keyfile.h"
#include "core/storage/migrations.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QStandardPaths>
#include <QTemporaryDir>

using namespace hearth;
using namespace hearth::storage;
using namespace hearth::test;

class TestStore : public QObject
{
    Q_OBJECT
private:
    platform::PinKeyStore m_keys{crypto::KdfParams::minimal()};
    QTemporaryDir m_root;
    int m_n = 0;
    QString freshDir() { return m_root.filePath(QStringLiteral("store%1").arg(++m_n)); }

    QString makeStore(const char *pin = "258013", StoreOptions options = {}, QString *code = nullptr)
    {
        const QString dir = freshDir();
        auto created = Store::create(dir, secret(pin), m_keys, options);
        if (!created.ok())
            qWarning() << created.error().bilingual();
        if (code && created.ok())
            *code = created->recoveryCode;
        return created.ok() ? dir : QString();
    }
    int failedAttempts(const QString &dir) { return Store::lockState(dir).value().failedAttempts; }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
    }

    void createAndReopen()
    {
        const QString dir = freshDir();
        auto created = Store::create(dir, secret("258013"), m_keys);
        HEARTH_VERIFY_OK(created);
        const QString id = created->store->storeId();
        QCOMPARE(created->store->schemaVersion(), latestSchemaVersion());
        QVERIFY(importTestAreas(created->store->database()));
        domain::PersonRepository people(created->store->database());
        auto personId = people.add({.name = u"李春燕"_qs, .gender = u"F"_qs, .phone = u"13912345678"_qs,
                                    .areaCode = u"510321"_qs});
        HEARTH_VERIFY_OK(personId);
        created->store.reset();

        auto opened = Store::open(dir, secret("258013"), m_keys);
        HEARTH_VERIFY_OK(opened);
        QCOMPARE((*opened)->storeId(), id);
        auto status = (*opened)->status();
        HEARTH_VERIFY_OK(status);
        QCOMPARE(status->records.value(u"people"_qs), 1);
        QCOMPARE(status->outboxPending, 1); // the save and its outbox entry went together
        auto found = domain::PersonRepository((*opened)->database()).find(*personId);
        HEARTH_VERIFY_OK(found);
        QCOMPARE(found->name, u"李春燕"_qs);
        QVERIFY(QFileInfo(dir + u"/media"_qs).isDir());
    }

    void refusesExistingStoreAndBadPins()
    {
        const QString dir = makeStore();
        QVERIFY(!dir.isEmpty());
        HEARTH_VERIFY_ERROR(Store::create(dir, secret("258013"), m_keys), ErrorCode::StoreExists);
        HEARTH_VERIFY_ERROR(Store::create(freshDir(), secret(""), m_keys), ErrorCode::EmptyPin);
        HEARTH_VERIFY_ERROR(Store::create(freshDir(), secret("111111"), m_keys), ErrorCode::WeakPin);
        HEARTH_VERIFY_ERROR(Store::open(dir, secret(""), m_keys), ErrorCode::EmptyPin);
        QCOMPARE(failedAttempts(dir), 0); // an empty PIN tries nothing and costs nothing
    }

    void notAStore()
    {
        HEARTH_VERIFY_ERROR(Store::open(m_root.path(), secret("258013"), m_keys), ErrorCode::NotAStore);
        HEARTH_VERIFY_ERROR(Store::open(m_root.filePath(u"missing"_qs), secret("258013"), m_keys), ErrorCode::NotAStore);
        const QString file = m_root.filePath(u"plain-file"_qs);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        HEARTH_VERIFY_ERROR(Store::create(file, secret("258013"), m_keys), ErrorCode::NotAStore);
    }

    void wrongPinIsCountedAndRightPinResets()
    {
        const QString dir = makeStore();
        for (int i = 1; i <= 3; ++i) {
            auto r = Store::open(dir, secret("999999"), m_keys);
            HEARTH_VERIFY_ERROR(r, ErrorCode::WrongPin);
            QCOMPARE(r.error().count(), 10 - i);
            QCOMPARE(failedAttempts(dir), i);
        }
        HEARTH_VERIFY_OK(Store::open(dir, secret("258013"), m_keys));
        QCOMPARE(failedAttempts(dir), 0);
    }

    void lockoutAfterTenAndRecoveryCodeUnlocks()
    {
        QString code;
        const QString dir = makeStore("258013", {}, &code);
        for (int i = 1; i <= 9; ++i)
            HEARTH_VERIFY_ERROR(Store::open(dir, secret("999999"), m_keys), ErrorCode::WrongPin);
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("999999"), m_keys), ErrorCode::LockedOut);
        // Locked: even the right PIN is refused, and trying does not move the counter.
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("258013"), m_keys), ErrorCode::LockedOut);
        QCOMPARE(failedAttempts(dir), 10);
        QVERIFY(Store::lockState(dir)->lockedOut);
        HEARTH_VERIFY_ERROR(Store::changePin(dir, secret("258013"), secret("864209"), m_keys), ErrorCode::LockedOut);

        HEARTH_VERIFY_ERROR(Store::recover(dir, u"AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"_qs, secret("864209"), m_keys),
                            ErrorCode::WrongRecoveryCode);
        HEARTH_VERIFY_ERROR(Store::recover(dir, code, secret("000000"), m_keys), ErrorCode::WeakPin);
        HEARTH_VERIFY_OK(Store::recover(dir, code.toLower(), secret("864209"), m_keys));
        QCOMPARE(failedAttempts(dir), 0);
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("258013"), m_keys), ErrorCode::WrongPin);
        HEARTH_VERIFY_OK(Store::open(dir, secret("864209"), m_keys));
    }

    void wipeOnLockoutDestroysTheKey()
    {
        StoreOptions options;
        options.wipeOnLockout = true;
        QString code;
        const QString dir = makeStore("258013", options, &code);
        const QByteArray dbBefore = sha256Of(dir + u"/hearth.db"_qs);
        for (int i = 1; i <= 9; ++i)
            HEARTH_VERIFY_ERROR(Store::open(dir, secret("999999"), m_keys), ErrorCode::WrongPin);
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("999999"), m_keys), ErrorCode::StoreWiped);
        QVERIFY(!QFileInfo::exists(dir + u"/hearth.key"_qs));
        QVERIFY(filesBelow(dir).filter(u"hearth.key"_qs).isEmpty()); // no temp copy left either
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("258013"), m_keys), ErrorCode::StoreWiped);
        HEARTH_VERIFY_ERROR(Store::recover(dir, code, secret("864209"), m_keys), ErrorCode::StoreWiped);
        QCOMPARE(sha256Of(dir + u"/hearth.db"_qs), dbBefore);
    }

    void changePinRewrapsWithoutTouchingTheDatabase()
    {
        const QString dir = makeStore();
        const QByteArray dbBefore = sha256Of(dir + u"/hearth.db"_qs);
        HEARTH_VERIFY_ERROR(Store::changePin(dir, secret("999999"), secret("864209"), m_keys), ErrorCode::WrongPin);
        QCOMPARE(failedAttempts(dir), 1);
        HEARTH_VERIFY_ERROR(Store::changePin(dir, secret("258013"), secret("123456"), m_keys), ErrorCode::WeakPin);
        HEARTH_VERIFY_OK(Store::changePin(dir, secret("258013"), secret("864209"), m_keys));
        QCOMPARE(sha256Of(dir + u"/hearth.db"_qs), dbBefore);
        QCOMPARE(failedAttempts(dir), 0);
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("258013"), m_keys), ErrorCode::WrongPin);
        HEARTH_VERIFY_OK(Store::open(dir, secret("864209"), m_keys));
    }

    void keyFileFromAnotherStore()
    {
        const QString a = makeStore();
        const QString b = makeStore(); // same PIN: only the pairing can tell them apart
        QVERIFY(QFile::remove(a + u"/hearth.key"_qs));
        QVERIFY(QFile::copy(b + u"/hearth.key"_qs, a + u"/hearth.key"_qs));
        HEARTH_VERIFY_ERROR(Store::open(a, secret("258013"), m_keys), ErrorCode::ForeignKeyFile);
        QCOMPARE(failedAttempts(a), 0);
    }

    void damagedKeyFile()
    {
        const QString dir = makeStore();
        QFile f(dir + u"/hearth.key"_qs);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"format\": \"hearth-key\", \"version\": 1");
        f.close();
        HEARTH_VERIFY_ERROR(Store::open(dir, secret("258013"), m_keys), ErrorCode::KeyFileDamaged);
    }

    void weakerParametersAreRaisedAtUnlock()
    {
        const QString dir = makeStore(); // minimal cost
        platform::PinKeyStore standard;
        HEARTH_VERIFY_OK(Store::open(dir, secret("258013"), standard));
        auto kf = KeyFile::load(dir + u"/hearth.key"_qs);
        HEARTH_VERIFY_OK(kf);
        QCOMPARE(kf->pinWrap.value(u"memlimit").toDouble(), double(crypto::KdfParams::standard().memLimitBytes));
        QVERIFY(!standard.needsRewrap(kf->pinWrap));
        HEARTH_VERIFY_OK(Store::open(dir, secret("258013"), standard));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
