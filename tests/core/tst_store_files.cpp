// SPDX-License-Identifier: GPL-3.0-or-later
// The store's files on disk: upgrade from version 1, damage, and no plaintext anywhere.
#include "core/domain/personrepository.h"
#include "core/storage/keyfile.h"
#include "core/storage/migrations.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace hearth;
using namespace hearth::storage;
using namespace hearth::test;

class TestStoreFiles : public QObject
{
    Q_OBJECT
private:
    platform::PinKeyStore m_keys{crypto::KdfParams::minimal()};
    QTemporaryDir m_root;
    int m_n = 0;

    // A store with a few hundred people, so damage can land on a data page.
    QString populatedStore()
    {
        const QString dir = m_root.filePath(QStringLiteral("store%1").arg(++m_n));
        auto created = Store::create(dir, secret("258013"), m_keys);
        if (!created.ok())
            return {};
        if (!importTestAreas(created->store->database()))
            return {};
        domain::PersonRepository people(created->store->database());
        for (int i = 0; i < 300; ++i)
            (void)people.add({.name = QStringLiteral("测试%1").arg(i), .areaCode = u"510321"_qs});
        return dir;
    }

    // Files under `dir` that contain any of `needles` as UTF-8 or UTF-16.
    static QStringList plaintextHits(const QString &dir, const QStringList &needles)
    {
        QStringList hits;
        for (const QString &file : filesBelow(dir)) {
            const QByteArray bytes = readAll(file);
            for (const QString &s : needles) {
                const QByteArray utf16(reinterpret_cast<const char *>(s.utf16()), s.size() * 2);
                if (bytes.contains(s.toUtf8()) || bytes.contains(utf16))
                    hits << file;
            }
        }
        return hits;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
    }

    void upgradesAVersionOneStore()
    {
        const QString dir = m_root.filePath(u"v1"_qs);
        QVERIFY(copyTree(QStringLiteral(HEARTH_TEST_DATA "/store-v1"), dir));
        auto store = Store::open(dir, secret("246810"), m_keys);
        HEARTH_VERIFY_OK(store);
        QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
        auto status = (*store)->status();
        HEARTH_VERIFY_OK(status);
        QCOMPARE(status->records.value(u"people"_qs), 2);
        QCOMPARE(status->outboxPending, 1);
        auto old = domain::PersonRepository((*store)->database()).find(u"01900000-0000-7000-8000-000000000001"_qs);
        HEARTH_VERIFY_OK(old);
        QCOMPARE(old->name, u"测试甲"_qs);
        QCOMPARE(old->phone, u"138****0001"_qs); // masked unless revealed
        // What version 2 added works on the upgraded store.
        HEARTH_VERIFY_OK((*store)->database().exec(
            "INSERT INTO households(id, area_code, created_at, updated_at) VALUES ('h1', '510321', 1, 1);"
            "UPDATE people SET household_id = 'h1';"));
        HEARTH_VERIFY_OK((*store)->verify());
    }

    void flippedByteIsCaughtAndNothingIsOverwritten_data()
    {
        QTest::addColumn<qint64>("page"); // 4096-byte pages; page 0 holds the salt and header
        QTest::newRow("header page") << qint64(0);
        QTest::newRow("a middle page") << qint64(-2);
        QTest::newRow("the last page") << qint64(-1);
    }
    void flippedByteIsCaughtAndNothingIsOverwritten()
    {
        QFETCH(qint64, page);
        const QString dir = populatedStore();
        QVERIFY(!dir.isEmpty());
        const QString db = dir + u"/hearth.db"_qs;
        const qint64 pages = QFileInfo(db).size() / 4096;
        QVERIFY(pages > 4);
        const qint64 target = page == -1 ? pages - 1 : page == -2 ? pages / 2 : page;
        flipByte(db, target * 4096 + 100);
        const QByteArray damaged = sha256Of(db);

        auto store = Store::open(dir, secret("258013"), m_keys);
        if (store.ok()) {
            auto verified = (*store)->verify();
            HEARTH_VERIFY_ERROR(verified, ErrorCode::StoreDamaged);
            store->reset();
        } else {
            HEARTH_VERIFY_ERROR(store, ErrorCode::StoreDamaged);
        }
        QCOMPARE(sha256Of(db), damaged);
    }

    void truncatedDatabase_data()
    {
        QTest::addColumn<qint64>("keep");
        QTest::newRow("10 bytes") << qint64(10);
        QTest::newRow("half") << qint64(-1);
    }
    void truncatedDatabase()
    {
        QFETCH(qint64, keep);
        const QString dir = populatedStore();
        const QString db = dir + u"/hearth.db"_qs;
        QFile f(db);
        QVERIFY(f.resize(keep < 0 ? (f.size() / 8192) * 4096 : keep));
        auto store = Store::open(dir, secret("258013"), m_keys);
        if (store.ok()) {
            auto status = (*store)->status();
            HEARTH_VERIFY_ERROR(status, ErrorCode::StoreDamaged);
        } else {
            HEARTH_VERIFY_ERROR(store, ErrorCode::StoreDamaged);
        }
    }

    void noPlaintextOnDisk()
    {
        const QString name = u"欧阳春花"_qs;
        const QString phone = u"13987654321"_qs;
        const QString idNumber = u"11010519491231002X"_qs;
        const QString dir = m_root.filePath(u"plain"_qs);
        {
            auto created = Store::create(dir, secret("258013"), m_keys);
            HEARTH_VERIFY_OK(created);
            QVERIFY(importTestAreas(created->store->database()));
            domain::PersonRepository people(created->store->database());
            HEARTH_VERIFY_OK(people.add({.name = name, .gender = u"F"_qs, .idNumber = idNumber, .phone = phone,
                                         .areaCode = u"510321"_qs}));
            for (int i = 0; i < 49; ++i)
                HEARTH_VERIFY_OK(people.add({.name = name, .gender = u"F"_qs, .phone = phone, .areaCode = u"510321"_qs}));
            // Look while the connection is open too: the WAL must be encrypted as well.
            QVERIFY(QFileInfo::exists(dir + u"/hearth.db-wal"_qs));
            QCOMPARE(plaintextHits(dir, {name, phone, idNumber}), QStringList());
        }
        QVERIFY(filesBelow(dir).size() >= 2);
        QCOMPARE(plaintextHits(dir, {name, phone, idNumber}), QStringList());
        QVERIFY(!readAll(dir + u"/hearth.db"_qs).startsWith("SQLite format 3"));
    }

    void sqlcipherShellNeedsTheKey()
    {
        const QString sqlcipher = QStandardPaths::findExecutable(u"sqlcipher"_qs);
        QVERIFY2(!sqlcipher.isEmpty(), "the sqlcipher shell is installed by scripts/setup-deps.sh");
        const QString dir = populatedStore();
        auto kf = KeyFile::load(dir + u"/hearth.key"_qs);
        HEARTH_VERIFY_OK(kf);
        auto key = m_keys.unwrap(kf->pinWrap, secret("258013"), kf->context());
        HEARTH_VERIFY_OK(key);

        auto shell = [&](const QByteArray &script) {
            QProcess p;
            p.start(sqlcipher, {dir + u"/hearth.db"_qs});
            p.write(script);
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return p.readAllStandardOutput() + p.readAllStandardError();
        };
        const QByteArray without = shell("SELECT count(*) FROM people;\n");
        QVERIFY2(without.contains("file is not a database"), without.constData());

        const QByteArray hex = QByteArray(key->chars(), qsizetype(key->size())).toHex();
        const QByteArray with = shell("PRAGMA key = \"x'" + hex + "'\";\nSELECT count(*) FROM people;\n");
        QVERIFY2(with.contains("300"), with.constData());
    }
};

QTEST_GUILESS_MAIN(TestStoreFiles)
#include "tst_store_files.moc"
