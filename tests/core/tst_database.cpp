// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/database.h"
#include "core/storage/migrations.h"
#include "support/testsupport.h"

#include <QStandardPaths>
#include <QTemporaryDir>

#include <array>

using namespace hearth;
using namespace hearth::storage;
using namespace hearth::test;

class TestDatabase : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void isSqlCipher4()
    {
        const SecretBytes key = SecretBytes::random(32);
        auto db = Database::open(path("version.db"), &key, Database::Mode::Create);
        HEARTH_VERIFY_OK(db);
        auto stmt = db->prepare("PRAGMA cipher_version");
        HEARTH_VERIFY_OK(stmt);
        auto row = stmt->step();
        QVERIFY(row.ok() && *row);
        QVERIFY2(stmt->columnText(0).startsWith(u"4."), qPrintable(stmt->columnText(0)));
    }

    void rawKeyRoundTripAndWrongKey()
    {
        const SecretBytes key = SecretBytes::random(32);
        {
            auto db = Database::open(path("a.db"), &key, Database::Mode::Create);
            HEARTH_VERIFY_OK(db);
            HEARTH_VERIFY_OK(db->exec("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('春节')"));
            QCOMPARE(db->queryInt("PRAGMA synchronous").value(), 2); // FULL
            auto mode = db->prepare("PRAGMA journal_mode");
            QVERIFY(mode->step().value());
            QCOMPARE(mode->columnText(0), u"wal"_qs);
        }
        auto again = Database::open(path("a.db"), &key, Database::Mode::OpenExisting);
        HEARTH_VERIFY_OK(again);
        auto stmt = again->prepare("SELECT x FROM t");
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->columnText(0), u"春节"_qs);

        const SecretBytes other = SecretBytes::random(32);
        HEARTH_VERIFY_ERROR(Database::open(path("a.db"), &other, Database::Mode::OpenExisting),
                            ErrorCode::StoreDamaged);
        HEARTH_VERIFY_ERROR(Database::open(path("a.db"), nullptr, Database::Mode::OpenExisting),
                            ErrorCode::StoreDamaged);
        HEARTH_VERIFY_ERROR(Database::open(path("missing.db"), &key, Database::Mode::OpenExisting), ErrorCode::Io);
    }

    void transactionRollsBackUnlessCommitted()
    {
        const SecretBytes key = SecretBytes::random(32);
        auto db = Database::open(path("tx.db"), &key, Database::Mode::Create);
        HEARTH_VERIFY_OK(db->exec("CREATE TABLE t(x INTEGER)"));
        {
            auto tx = Transaction::begin(*db);
            HEARTH_VERIFY_OK(tx);
            HEARTH_VERIFY_OK(db->exec("INSERT INTO t VALUES (1)"));
        } // dropped: rolled back
        QCOMPARE(db->queryInt("SELECT count(*) FROM t").value(), 0);
        {
            auto tx = Transaction::begin(*db);
            HEARTH_VERIFY_OK(db->exec("INSERT INTO t VALUES (2)"));
            HEARTH_VERIFY_OK(tx->commit());
        }
        QCOMPARE(db->queryInt("SELECT sum(x) FROM t").value(), 2);
    }

    void statementBindsAndReports()
    {
        const SecretBytes key = SecretBytes::random(32);
        auto db = Database::open(path("stmt.db"), &key, Database::Mode::Create);
        HEARTH_VERIFY_OK(db->exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n TEXT) STRICT"));
        auto ins = db->prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
        HEARTH_VERIFY_OK(ins);
        ins->bind(1, qint64(1) << 40).bind(2, 1.5).bind(3, u"王小明"_qs).bind(4, QByteArrayView("\0\1", 2)).bindNull(5);
        HEARTH_VERIFY_OK(ins->run());
        auto sel = db->prepare("SELECT i, r, s, b, n FROM t");
        QVERIFY(sel->step().value());
        QCOMPARE(sel->columnInt(0), qint64(1) << 40);
        QCOMPARE(sel->columnDouble(1), 1.5);
        QCOMPARE(sel->columnText(2), u"王小明"_qs);
        QCOMPARE(sel->columnBlob(3), QByteArray("\0\1", 2));
        QVERIFY(sel->columnIsNull(4));
        QVERIFY(!sel->step().value());
        // STRICT tables reject a wrong type with a clear error, not a silent coercion.
        auto bad = db->prepare("INSERT INTO t(i) VALUES (?)");
        bad->bind(1, u"not a number"_qs);
        HEARTH_VERIFY_ERROR(bad->run(), ErrorCode::Database);
        HEARTH_VERIFY_ERROR(db->prepare("SELECT * FROM nowhere"), ErrorCode::Database);
    }

    void migrationsApplyInOrderAndRollBackOnFailure()
    {
        const SecretBytes key = SecretBytes::random(32);
        auto db = Database::open(path("mig.db"), &key, Database::Mode::Create);
        constexpr std::array good{Migration{1, "one", "CREATE TABLE a(x INTEGER);"},
                                  Migration{2, "two", "CREATE TABLE b(x INTEGER);"}};
        QCOMPARE(migrate(*db, good).value(), 2);
        QCOMPARE(migrate(*db, good).value(), 2); // idempotent

        // Step 3 creates a table and then fails: the table must not survive.
        constexpr std::array broken{good[0], good[1],
                                    Migration{3, "three", "CREATE TABLE c(x INTEGER); INSERT INTO nowhere VALUES (1);"}};
        auto r = migrate(*db, broken);
        HEARTH_VERIFY_ERROR(r, ErrorCode::MigrationFailed);
        QVERIFY(r.error().detail().contains(u"migration 3"));
        QCOMPARE(db->queryInt("PRAGMA user_version").value(), 2);
        QCOMPARE(db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'c'").value(), 0);

        // A store from a newer build is refused, not downgraded.
        constexpr std::array older{good[0]};
        HEARTH_VERIFY_ERROR(migrate(*db, older), ErrorCode::NewerSchema);
    }

    void builtinMigrationsAreNumberedWithoutGaps()
    {
        int expected = 1;
        for (const auto &m : builtinMigrations())
            QCOMPARE(m.version, expected++);
        QCOMPARE(latestSchemaVersion(), expected - 1);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
