// SPDX-License-Identifier: GPL-3.0-or-later
// Schema 18: the console's three lookups on `records` (a county's flagged visits by time, a
// visit's review, a village's household by its head's name) under one partial index, whose key
// the BEFORE trigger keeps. Against a real PostgreSQL, migrated by the real server: a database
// written at schema 16 gets its keys at the upgrade; every write after keeps them (an edit, a
// move to another county, a visit no longer flagged, a household renamed or deleted); the
// console's statements can find each through the one index; `admin digests verify` catches a
// key that disagrees with its record; and no other partial index is left for a push to prepare.
#include "server/pg.h"
#include "server/report/pushcostschema.h"
#include "serverfixture.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

class TestLookups : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    std::optional<server::Pg> m_pg; // the fixture's database
    std::optional<server::Pg> m_old; // one migrated to 16, written, then upgraded
    QString m_oldUrl;

    int admin(const QStringList &args, const QStringList &before = {}, QByteArray *out = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(HEARTH_SERVER_PATH), QStringList{u"--database"_qs, m_oldUrl} + before + QStringList{u"admin"_qs} + args);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        if (out)
            *out = p.readAll();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    QString lookupOf(const char *entity, const char *id)
    {
        auto r = m_old->exec("SELECT coalesce(lookup, '<none>') FROM records WHERE entity = $1 AND id = $2",
                             {QString::fromLatin1(entity), QString::fromLatin1(id)});
        return r && r->rows() == 1 ? r->text(0, 0) : u"<missing>"_qs;
    }

    // The indexes a plan reads, with sequential and bitmap scans forbidden: which index the
    // planner finds cheapest for the statement (over a few thousand rows it would rather read
    // the table).
    QStringList indexesOf(const QByteArray &sql, const QVariantList &params)
    {
        if (!m_old->execScript("SET enable_seqscan = off; SET enable_bitmapscan = off"))
            return {u"<set failed>"_qs};
        auto r = m_old->exec(("EXPLAIN (FORMAT JSON) " + sql).constData(), params);
        (void)m_old->execScript("RESET enable_seqscan; RESET enable_bitmapscan");
        if (!r)
            return {r.error().detail()};
        QStringList out;
        const QString plan = r->text(0, 0);
        for (qsizetype at = plan.indexOf(u"\"Index Name\": \""_qs); at >= 0; at = plan.indexOf(u"\"Index Name\": \""_qs, at + 1)) {
            const qsizetype from = at + 15;
            out << plan.mid(from, plan.indexOf(u'"', from) - from);
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        auto pg = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        m_pg.emplace(std::move(pg).value());
        QVERIFY(m_pg->exec("CREATE DATABASE lookups"));
        m_oldUrl = m_server.databaseUrl();
        m_oldUrl.replace(m_oldUrl.lastIndexOf(u"/hearth"_qs), 7, u"/lookups"_qs);
        QCOMPARE(admin({u"devices"_qs}, {u"--migrate-to"_qs, u"16"_qs}), 0);
        auto old = server::Pg::connect(m_oldUrl);
        QVERIFY(old);
        m_old.emplace(std::move(old).value());
        QCOMPARE(m_old->exec("SELECT max(version) FROM schema_version")->integer(0, 0), 16);
        // As schema 16 wrote them: a flagged visit (no location), one not flagged, the first's
        // review, two households, a person.
        QVERIFY(m_old->execScript(R"sql(
            INSERT INTO records (entity, id, scope, body) VALUES
             ('person', 'p1', '510321100027', '{"name": "甲", "area_code": "510321100027"}'),
             ('visit', 'v1', '510321100027', '{"person_id": "p1", "kind": "phone", "visited_at": 1764000000000,
               "utc_offset_min": 480, "location": {"status": "none", "reason": "no_fix"}}'),
             ('visit', 'v2', '510321100027', '{"person_id": "p1", "kind": "phone", "visited_at": 1764000100000,
               "utc_offset_min": 480, "location": {"status": "fix", "latitude": 29.4, "longitude": 104.4}}'),
             ('review', 'r1', '510321100027', '{"visit_id": "v1", "decision": "approved", "at": 1764000200000}'),
             ('household', 'h1', '510321100027', '{"area_code": "510321100027", "head_name": "王 大山"}'),
             ('household', 'h2', '510321100027', '{"area_code": "510321100027"}');
            INSERT INTO record_ids (entity, id) SELECT entity, id FROM records;
            INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)
             SELECT entity, id, scope, 'create', body, 'old', NULL, 1 FROM records ORDER BY id;
        )sql"));
        QCOMPARE(m_old->exec("SELECT count(*) FROM records WHERE flagged")->integer(0, 0), 1);
        QCOMPARE(admin({u"digests"_qs, u"backfill"_qs}), 0); // migrates to the newest, then hashes
        auto version = m_old->exec("SELECT max(version) FROM schema_version");
        QVERIFY(version);
        QVERIFY(version->integer(0, 0) >= 18);
    }
    void cleanupTestCase() { m_server.stop(); }

    // The upgrade gave every record that needs a key its key, and nothing else one.
    void anUpgradeKeysWhatSchema16Wrote()
    {
        QCOMPARE(lookupOf("visit", "v1"), u"flagged 510321"_qs);
        QCOMPARE(lookupOf("visit", "v2"), u"<none>"_qs);
        QCOMPARE(lookupOf("review", "r1"), u"review v1"_qs);
        QCOMPARE(lookupOf("household", "h1"), u"household 510321100027 王 大山"_qs);
        QCOMPARE(lookupOf("household", "h2"), u"<none>"_qs); // no head named: found by no name
        QCOMPARE(lookupOf("person", "p1"), u"<none>"_qs);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // The step runs again over itself (a development database an earlier build of it migrated
    // under the number 17): nothing fails, every key stays.
    void theStepRunsAgainOverItself()
    {
        HEARTH_VERIFY_OK(m_old->execScript(server::kLookupSchema));
        QCOMPARE(lookupOf("visit", "v1"), u"flagged 510321"_qs);
        QCOMPARE(lookupOf("review", "r1"), u"review v1"_qs);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // Every later write keeps the key: a visit given a location leaves the queue's index, one
    // that loses it joins it, a move to another county changes the county in the key, a
    // household's head renamed is found by the new name only, a deleted record keeps its key
    // (the console's statements test `deleted` themselves).
    void writesKeepTheKeys()
    {
        QVERIFY(m_old->execScript(
            "UPDATE records SET body = jsonb_set(body, '{location}', '{\"status\": \"fix\", \"latitude\": 29.4, \"longitude\": 104.4}')"
            " WHERE id = 'v1';"
            "UPDATE records SET body = jsonb_set(body, '{location}', '{\"status\": \"none\"}') WHERE id = 'v2';"
            "UPDATE records SET scope = '510322003001' WHERE id = 'v2';"
            "UPDATE records SET body = jsonb_set(body, '{head_name}', '\"王二河\"') WHERE id = 'h1';"
            "UPDATE records SET body = jsonb_set(body, '{head_name}', '\"李四\"') WHERE id = 'h2';"
            "UPDATE records SET deleted = true WHERE id = 'h2';"));
        QCOMPARE(lookupOf("visit", "v1"), u"<none>"_qs);
        QCOMPARE(lookupOf("visit", "v2"), u"flagged 510322"_qs);
        QCOMPARE(lookupOf("household", "h1"), u"household 510321100027 王二河"_qs);
        QCOMPARE(lookupOf("household", "h2"), u"household 510321100027 李四"_qs);
        QCOMPARE(admin({u"digests"_qs, u"backfill"_qs}), 0); // the bodies written here, hashed
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // A key written around the trigger (a script, a restore with triggers disabled) is caught,
    // named by its record.
    void verifyCatchesAKeyThatDisagrees()
    {
        QVERIFY(m_old->execScript("ALTER TABLE records DISABLE TRIGGER records_unhash;"
                                  " UPDATE records SET lookup = 'review v2' WHERE id = 'r1';"
                                  " ALTER TABLE records ENABLE TRIGGER records_unhash"));
        QByteArray out;
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}, {}, &out), 3);
        QVERIFY2(out.contains("review r1"), out.constData());
        QVERIFY(m_old->execScript("UPDATE records SET body = body WHERE id = 'r1'")); // the trigger puts it right
        QCOMPARE(lookupOf("review", "r1"), u"review v1"_qs);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // The console's three statements' shapes (server/console/reviews.cpp, ledgerupload.cpp) can
    // each be served by the one index; the three it replaces are gone, and a push prepares no
    // partial-index predicate beyond what it did before the console (the records' indexes are
    // those of e402e0e, plus this one).
    void oneIndexServesTheThreeLookups()
    {
        // Other villages' households and reviews, as a county has, so that the key is the
        // cheapest index and not the primary key's prefix (entity).
        QVERIFY(m_old->execScript("INSERT INTO records (entity, id, scope, body) SELECT e, e || i, '510321101' || lpad((i % 50)::text, 3, '0'),"
                                  " jsonb_build_object('head_name', '户主' || i, 'visit_id', 'v' || i)"
                                  " FROM generate_series(1, 3000) i, (VALUES ('household'), ('review')) k(e);"
                                  " ANALYZE records"));
        const QStringList lookup{u"records_lookup"_qs};
        QCOMPARE(indexesOf("SELECT id FROM records r WHERE r.lookup = 'flagged ' || $1::text AND r.county = $1::text"
                           " AND r.entity = 'visit' AND r.flagged"
                           " AND (r.body->>'visited_at')::bigint BETWEEN $2 AND $3"
                           " ORDER BY (r.body->>'visited_at')::bigint DESC, r.id DESC LIMIT 10",
                           {u"510322"_qs, 0, 9'000'000'000'000LL}),
                 lookup);
        QCOMPARE(indexesOf("SELECT 1 FROM records WHERE lookup = 'review ' || $1::text AND entity = 'review'", {u"v1"_qs}), lookup);
        // A move's walk under a visit (server/placement.cpp, subtree) finds its reviews so too.
        QCOMPARE(indexesOf("SELECT id, body, voided_at FROM records WHERE entity = 'review' AND body->>'visit_id' = $1"
                           " AND lookup = 'review ' || $1::text ORDER BY updated_at, id",
                           {u"v1"_qs}),
                 lookup);
        QCOMPARE(indexesOf("SELECT id FROM records WHERE lookup = 'household ' || $1::text || ' ' || $2::text"
                           " AND entity = 'household' AND NOT deleted ORDER BY id LIMIT 1",
                           {u"510321100027"_qs, u"王二河"_qs}),
                 lookup);
        for (server::Pg *pg : {&*m_old, &*m_pg}) {
            auto r = pg->exec("SELECT string_agg(indexrelname, ',' ORDER BY indexrelname) FROM pg_stat_user_indexes"
                              " WHERE relname = 'records'");
            QVERIFY(r);
            QCOMPARE(r->text(0, 0), u"records_county,records_extra_scopes,records_followup_ref,records_household_ref,"
                                    "records_id_number,records_lookup,records_person_ref,records_pkey,records_unhashed"_qs);
        }
    }
};

QTEST_GUILESS_MAIN(TestLookups)
#include "tst_lookups.moc"
