// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 15: the schema, as migrated, is ready for a distributed PostgreSQL (Citus or the engines
// derived from PostgreSQL that government clouds run). Every table has a declared place (by
// county, by another key, a reference table, or the coordinator's own), every key of a
// distributed table includes its distribution column, no foreign key leaves the reference
// tables, every sequence is 64-bit, no function takes an advisory lock, and docs/scaling.md
// states exactly these distribution statements.
#include "server/digests.h"
#include "server/pg.h"
#include "server/syncservice.h"
#include "serverfixture.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

// Where each table lives: its distribution column, or "reference" (copied to every node, small
// and read everywhere), or "local" (the coordinator's own: the audit chain, the migrations).
const QMap<QString, QString> kPlacement{
    {u"units"_qs, u"unit"_qs},           {u"changes"_qs, u"county"_qs},      {u"records"_qs, u"county"_qs},
    {u"conflicts"_qs, u"county"_qs},     {u"scope_digests"_qs, u"county"_qs}, {u"report_figures"_qs, u"county"_qs}, {u"report_deltas"_qs, u"county"_qs}, {u"record_ids"_qs, u"id"_qs},
    {u"photos"_qs, u"hash"_qs},          {u"photo_chunks_v10"_qs, u"hash"_qs},   {u"photo_refs"_qs, u"hash"_qs},
    {u"rejections"_qs, u"device_id"_qs}, {u"entry_hashes"_qs, u"device_id"_qs}, {u"device_audit"_qs, u"device_id"_qs},
    {u"id_number_guard"_qs, u"bucket"_qs}, {u"users"_qs, u"reference"_qs},  {u"devices"_qs, u"reference"_qs},
    {u"areas"_qs, u"reference"_qs},      {u"duplicates"_qs, u"reference"_qs}, {u"auth_failures"_qs, u"reference"_qs},
    {u"station_units"_qs, u"reference"_qs}, {u"console_sessions"_qs, u"reference"_qs}, {u"console_imports"_qs, u"reference"_qs}, {u"audit"_qs, u"local"_qs},          {u"schema_version"_qs, u"local"_qs},
};

bool distributed(const QString &table) { return kPlacement.value(table) != u"reference" && kPlacement.value(table) != u"local"; }

} // namespace

class TestDistribution : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    std::optional<server::Pg> m_pg;

    QStringList column(const char *sql, const QVariantList &params = {})
    {
        QStringList out;
        auto r = m_pg->exec(sql, params);
        if (!r) {
            qWarning() << r.error().detail();
            return {u"<error>"_qs};
        }
        for (int i = 0; i < r->rows(); ++i) {
            QStringList cells;
            for (int c = 0; c < r->columns(); ++c)
                cells << r->text(i, c);
            out << cells.join(u'|');
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start()); // the server migrated the database to its newest schema
        auto pg = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        m_pg.emplace(std::move(pg).value());
    }
    void cleanupTestCase() { m_server.stop(); }

    // A new table must be given its place before it lands.
    void everyTableHasItsPlace()
    {
        const QStringList tables = column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        QVERIFY(tables.size() >= 15);
        for (const QString &t : tables)
            QVERIFY2(kPlacement.contains(t), qPrintable(t + u" has no declared place (tst_distribution, docs/scaling.md)"_qs));
        for (auto it = kPlacement.begin(); it != kPlacement.end(); ++it) {
            QVERIFY2(tables.contains(it.key()), qPrintable(it.key() + u" is declared but not in the schema"_qs));
            if (distributed(it.key()))
                QCOMPARE(column("SELECT is_nullable FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
                                {it.key(), it.value()}),
                         QStringList{u"NO"_qs});
        }
    }

    // Citus enforces a primary key or a unique constraint only when it includes the
    // distribution column (each shard checks its own rows).
    void everyKeyOfADistributedTableIncludesItsColumn()
    {
        const QStringList keys = column(
            "SELECT c.relname, i.relname, array_to_string(array_agg(a.attname ORDER BY a.attnum), ',')"
            " FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(x.indkey)"
            " WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary) GROUP BY 1, 2 ORDER BY 1, 2");
        int checked = 0;
        for (const QString &line : keys) {
            const QStringList parts = line.split(u'|');
            if (!distributed(parts[0]))
                continue;
            ++checked;
            QVERIFY2(parts[2].split(u',').contains(kPlacement.value(parts[0])),
                     qPrintable(u"%1: key %2 (%3) lacks %4"_qs.arg(parts[0], parts[1], parts[2], kPlacement.value(parts[0]))));
        }
        QVERIFY(checked >= 13);
        for (const QString &t : kPlacement.keys())
            if (distributed(t))
                QVERIFY2(!column("SELECT 1 FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid WHERE c.relname = $1"
                                 " AND x.indisprimary",
                                 {t})
                              .isEmpty(),
                         qPrintable(t + u" has no primary key"_qs));
    }

    // A foreign key between shards cannot be checked where either row lives: they may only point
    // from a reference table to a reference table.
    void noForeignKeyLeavesTheReferenceTables()
    {
        const QStringList keys = column("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
                                        " WHERE contype = 'f' ORDER BY 1");
        for (const QString &line : keys) {
            const QStringList parts = line.split(u'|');
            QVERIFY2(kPlacement.value(parts[0]) == u"reference" && kPlacement.value(parts[1]) == u"reference",
                     qPrintable(line));
        }
    }

    void everySequenceIs64Bit()
    {
        const QStringList sequences = column("SELECT sequence_name, data_type FROM information_schema.sequences ORDER BY 1");
        QVERIFY(!sequences.isEmpty());
        for (const QString &s : sequences)
            QVERIFY2(s.endsWith(u"|bigint"_qs), qPrintable(s));
    }

    // Unit locks are rows of `units`, the ID-number guard a row of its bucket: locks that live
    // with the shard. Advisory locks only where the coordinator alone runs them (migrations, the
    // audit chain of its local table).
    void noLockHasToSpanTheCluster()
    {
        QCOMPARE(column("SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        " WHERE n.nspname = 'public' AND prosrc ILIKE '%advisory%'"
                        " ORDER BY 1"),
                 QStringList());
        const QRegularExpression advisory(u"pg_advisory"_qs);
        const QDir server(QStringLiteral(HEARTH_SOURCE_DIR "/server"));
        const QStringList sources = server.entryList({u"*.cpp"_qs, u"*.h"_qs});
        QVERIFY(sources.size() > 20);
        for (const QString &file : sources) {
            if (file == u"schema.cpp" || file == u"audit.cpp") // the migrations' lock; the audit chain's
                continue;
            QFile f(server.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!QString::fromUtf8(f.readAll()).contains(advisory), qPrintable(file));
        }
    }

    // A database written by the server before version 9 (its rows without units, records
    // without content hashes) comes up whole: every county a unit, every record hashed at the
    // first start, every scope's checksum equal to its recount, every change pulled again.
    void anOlderDatabaseUpgradesWhole()
    {
        QVERIFY(m_pg->exec("CREATE DATABASE upgrade"));
        QString url = m_server.databaseUrl();
        url.replace(url.lastIndexOf(u"/hearth"_qs), 7, u"/upgrade"_qs);
        auto admin = [&](const QStringList &args, const QStringList &before = {}) {
            QProcess p;
            p.start(QStringLiteral(HEARTH_SERVER_PATH), QStringList{u"--database"_qs, url} + before + QStringList{u"admin"_qs} + args);
            p.waitForFinished(60000);
            return p.exitCode();
        };
        QCOMPARE(admin({u"devices"_qs}, {u"--migrate-to"_qs, u"8"_qs}), 0);
        auto old = server::Pg::connect(url);
        QVERIFY(old);
        QCOMPARE(old->exec("SELECT max(version) FROM schema_version")->integer(0, 0), 8);
        // As version 8 wrote them: two people in two counties of a city, and the city's campaign.
        QVERIFY(old->execScript(
            "INSERT INTO records (entity, id, scope, body) VALUES"
            " ('person', 'p1', '510321100027', '{\"name\": \"甲\", \"area_code\": \"510321100027\"}'),"
            " ('person', 'p2', '510322003001', '{\"name\": \"乙\", \"area_code\": \"510322003001\"}'),"
            " ('campaign', 'c1', '5103', '{\"name\": \"春节\", \"starts_on\": \"2027-01-01\", \"ends_on\": \"2027-02-01\","
            " \"target_areas\": [\"5103\"]}');"
            "INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
            " SELECT entity, id, scope, 'create', body, 'old', NULL, 1 FROM records ORDER BY id;"));
        QCOMPARE(admin({u"digests"_qs, u"backfill"_qs}), 0); // migrates to the newest, then hashes
        auto now = server::Pg::connect(url);
        QVERIFY(now);
        QCOMPARE(now->exec("SELECT string_agg(unit, ',' ORDER BY unit) FROM units")->text(0, 0), u"5103,510321,510322"_qs);
        QCOMPARE(now->exec("SELECT count(*) FROM records WHERE content_hash IS NULL")->integer(0, 0), 0);
        QCOMPARE(now->exec("SELECT count(*) FROM record_ids")->integer(0, 0), 3);
        QVERIFY(now->exec("INSERT INTO users (name, role, password_hash, scopes) VALUES ('city', 'supervisor', 'x', '{5103}')"));
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
        server::Device city;
        city.scopes = QStringList{u"5103"_qs};
        city.role = u"supervisor"_qs;
        auto page = server::pull(*now, city, server::UnitCursors{}, 100);
        HEARTH_VERIFY_OK(page);
        QCOMPARE(page->value(u"changes"_qs).toArray().size(), 3);
        auto village = server::pull(*now, server::Device{.scopes = {u"510321100027"_qs}}, server::UnitCursors{}, 100);
        HEARTH_VERIFY_OK(village);
        QCOMPARE(village->value(u"changes"_qs).toArray().size(), 2); // its person, and the city's campaign
        auto checksum = server::scopeChecksum(*now, city.scopes);
        HEARTH_VERIFY_OK(checksum);
        QCOMPARE(checksum->value(u"entities"_qs).toObject().value(u"person"_qs).toObject().value(u"count"_qs).toInteger(), 2);
    }

    // docs/scaling.md gives the distribution statements: exactly the placement above.
    void theDocsStateThePlacement()
    {
        QFile f(QStringLiteral(HEARTH_SOURCE_DIR "/docs/scaling.md"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QMap<QString, QString> stated;
        const QRegularExpression statement(u"create_(reference|distributed)_table\\('(\\w+)'(?:, '(\\w+)')?"_qs);
        for (auto it = statement.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            stated.insert(m.captured(2), m.captured(1) == u"reference" ? u"reference"_qs : m.captured(3));
        }
        const QRegularExpression local(u"coordinator's own: ([\\w, `]+)\\."_qs);
        const auto m = local.match(text);
        QVERIFY2(m.hasMatch(), "docs/scaling.md names the coordinator's own tables");
        for (QString t : m.captured(1).split(QRegularExpression(u"\\s*(?:,|\\band\\b)\\s*"_qs), Qt::SkipEmptyParts))
            stated.insert(t.remove(u'`').trimmed(), u"local"_qs);
        QCOMPARE(stated, kPlacement);
    }
};

QTEST_GUILESS_MAIN(TestDistribution)
#include "tst_distribution.moc"
