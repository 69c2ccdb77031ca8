// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/crypto/kdf.h"
#include "core/crypto/recoverycode.h"
#include "core/domain/uuid.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace hearth;
using namespace hearth::test;

class TestCrypto : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deriveKeyIsDeterministicPerSalt()
    {
        const auto params = crypto::KdfParams::minimal();
        const QByteArray salt = crypto::randomBytes(crypto::kSaltSize);
        auto a = crypto::deriveKey(secret("135790"), salt, params);
        auto b = crypto::deriveKey(secret("135790"), salt, params);
        auto c = crypto::deriveKey(secret("135790"), crypto::randomBytes(crypto::kSaltSize), params);
        auto d = crypto::deriveKey(secret("135791"), salt, params);
        HEARTH_VERIFY_OK(a);
        QCOMPARE(a->size(), crypto::kKeySize);
        QVERIFY(a->equals(*b));
        QVERIFY(!a->equals(*c));
        QVERIFY(!a->equals(*d));
    }

    void deriveKeyRejectsHostileParameters()
    {
        // A key file cannot make us allocate 64 GiB or loop forever.
        const QByteArray salt = crypto::randomBytes(crypto::kSaltSize);
        HEARTH_VERIFY_ERROR(crypto::deriveKey(secret("135790"), salt, {3, std::size_t(64) << 30}),
                            ErrorCode::KeyFileDamaged);
        HEARTH_VERIFY_ERROR(crypto::deriveKey(secret("135790"), salt, {1000000, 1 << 20}), ErrorCode::KeyFileDamaged);
        HEARTH_VERIFY_ERROR(crypto::deriveKey(secret("135790"), "short", crypto::KdfParams::minimal()),
                            ErrorCode::KeyFileDamaged);
    }

    void sealDetectsTamperingAndWrongContext()
    {
        const SecretBytes key = SecretBytes::random(32);
        const SecretBytes plain = secret("database key bytes");
        QByteArray sealed = crypto::seal(plain, key, "store-a");
        auto opened = crypto::open(sealed, key, "store-a");
        HEARTH_VERIFY_OK(opened);
        QVERIFY(opened->equals(plain));
        HEARTH_VERIFY_ERROR(crypto::open(sealed, key, "store-b"), ErrorCode::Crypto);
        HEARTH_VERIFY_ERROR(crypto::open(sealed, SecretBytes::random(32), "store-a"), ErrorCode::Crypto);
        sealed[sealed.size() - 1] = char(sealed[sealed.size() - 1] ^ 1);
        HEARTH_VERIFY_ERROR(crypto::open(sealed, key, "store-a"), ErrorCode::Crypto);
        HEARTH_VERIFY_ERROR(crypto::open("tiny", key, "store-a"), ErrorCode::KeyFileDamaged);
    }

    void pinKeyStoreWrapsAndRejectsWrongPin()
    {
        platform::PinKeyStore keys(crypto::KdfParams::minimal());
        const SecretBytes dbKey = SecretBytes::random(32);
        auto wrapped = keys.wrap(dbKey, secret("135790"), "ctx");
        HEARTH_VERIFY_OK(wrapped);
        QVERIFY(!QJsonDocument(*wrapped).toJson().contains(QByteArray(dbKey.chars(), 32).toBase64()));
        auto back = keys.unwrap(*wrapped, secret("135790"), "ctx");
        HEARTH_VERIFY_OK(back);
        QVERIFY(back->equals(dbKey));
        HEARTH_VERIFY_ERROR(keys.unwrap(*wrapped, secret("135791"), "ctx"), ErrorCode::WrongPin);
        HEARTH_VERIFY_ERROR(keys.unwrap(*wrapped, secret("135790"), "other"), ErrorCode::WrongPin);
        QJsonObject broken = *wrapped;
        broken.insert(u"kdf"_qs, u"scrypt"_qs);
        HEARTH_VERIFY_ERROR(keys.unwrap(broken, secret("135790"), "ctx"), ErrorCode::KeyFileDamaged);
    }

    void needsRewrapWhenParametersRise()
    {
        platform::PinKeyStore cheap(crypto::KdfParams::minimal());
        platform::PinKeyStore standard;
        auto wrapped = cheap.wrap(SecretBytes::random(32), secret("135790"), "ctx");
        HEARTH_VERIFY_OK(wrapped);
        QVERIFY(!cheap.needsRewrap(*wrapped));
        QVERIFY(standard.needsRewrap(*wrapped));
    }

    void recoveryCodeFormat()
    {
        const QString code = crypto::generateRecoveryCode();
        QVERIFY2(QRegularExpression(u"^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$"_qs).match(code).hasMatch(), qPrintable(code));
        QVERIFY(code != crypto::generateRecoveryCode());
        // Typed back in lower case, with spaces instead of dashes, it is the same code.
        QString typed = code.toLower();
        typed.replace(u'-', u' ');
        QCOMPARE(crypto::normalizeRecoveryCode(typed), QString(code).remove(u'-'));
        QVERIFY(crypto::normalizeRecoveryCode(u"ABCD-1234"_qs).isEmpty());
        QVERIFY(crypto::normalizeRecoveryCode(code + u"A"_qs).isEmpty());
        const QByteArray salt = crypto::randomBytes(16);
        auto k1 = crypto::deriveRecoveryKey(code, salt);
        auto k2 = crypto::deriveRecoveryKey(typed, salt);
        HEARTH_VERIFY_OK(k1);
        QVERIFY(k1->equals(*k2));
        HEARTH_VERIFY_ERROR(crypto::deriveRecoveryKey(u"not a code"_qs, salt), ErrorCode::WrongRecoveryCode);
    }

    void pinStrength_data()
    {
        QTest::addColumn<QByteArray>("pin");
        QTest::addColumn<int>("expected"); // -1: accepted
        QTest::newRow("empty") << QByteArray() << int(ErrorCode::EmptyPin);
        QTest::newRow("short") << QByteArray("13579") << int(ErrorCode::WeakPin);
        QTest::newRow("repeated") << QByteArray("000000") << int(ErrorCode::WeakPin);
        QTest::newRow("ascending") << QByteArray("123456") << int(ErrorCode::WeakPin);
        QTest::newRow("descending") << QByteArray("987654") << int(ErrorCode::WeakPin);
        QTest::newRow("six digits") << QByteArray("258013") << -1;
        QTest::newRow("passphrase") << QByteArray("山里的春天 spring") << -1;
    }
    void pinStrength()
    {
        QFETCH(QByteArray, pin);
        QFETCH(int, expected);
        auto r = crypto::checkPinStrength(SecretBytes::copyOf(pin));
        if (expected < 0)
            HEARTH_VERIFY_OK(r);
        else
            HEARTH_VERIFY_ERROR(r, ErrorCode(expected));
    }

    void uuidV7IsVersionedAndTimeOrdered()
    {
        const QRegularExpression form(u"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_qs);
        const QString a = makeUuidV7(1700000000000);
        const QString b = makeUuidV7(1700000000001);
        QVERIFY2(form.match(a).hasMatch(), qPrintable(a));
        QVERIFY(a < b);
        QVERIFY(a.startsWith(u"018bcfe5-6800"));
        QVERIFY(makeUuidV7(5) != makeUuidV7(5));
    }

    void errorsSpeakBothLanguages()
    {
        const Error e(ErrorCode::WrongPin, {}, 7);
        QCOMPARE(e.english(), u"wrong PIN, 7 attempts left"_qs);
        QVERIFY(e.chinese().contains(u"7"));
        QVERIFY(e.bilingual().contains(e.chinese()) && e.bilingual().contains(e.english()));
        QCOMPARE(e.localized(u"en_US"_qs), e.english());
        QCOMPARE(e.localized(u"zh_CN"_qs), e.chinese());
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
