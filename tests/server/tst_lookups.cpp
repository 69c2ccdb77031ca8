// SPDX-License-Identifier: GPL-3.0-or-later
// Schema 18: the console's three lookups on `records` (a county's flagged visits by time, a
// visit's review, a village's household by its head's name) under one partial index, whose key
// the BEFORE trigger keeps. Against a real PostgreSQL, migrated by the real server: a database
// written at schema 16 gets its keys at the upgrade; every write after keeps them (an edit, a
// move to another county, a visit no longer flagged, a household renamed or deleted); the
// console's statements can find each through the one index; `admin digests verify` catches a
// key that disagrees with its record; and no other partial index is left for a push to prepare.
//
// Schema 19 (server/report/reportitemschema.h): the report's rule restated as one expression,
// and area codes told from station ids by trimming digits. Over records of every counted kind
// written at schema 16, the restated rule gives exactly the rows schema 16's gave; the digit
// test agrees with the regular expression it replaced; the step runs again over itself (as over
// a database c7c4a6a migrated); a push's batch that changes a record and puts it back adds
// nothing; and the server refuses to serve a database left below its schema.
#include "server/console/recordlist.h"
#include "server/console/recordlistschema.h"
#include "server/digests.h"
#include "server/pg.h"
#include "server/report/pushcostschema.h"
#include "server/report/reportitemschema.h"
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

    // Bodies the report's rule must refuse (a time PostgreSQL cannot hold, a cash amount that is
    // not a number), whether or not the record counts, and the same records gone (voided or
    // deleted: never read).
    struct Probe
    {
        const char *entity, *body;
        bool gone, fails;
    };
    static constexpr Probe kProbes[] = {
        {"certificate", R"({"outcome": "not_possible", "at": 10000000000000000})", false, true},
        {"certificate", R"({"outcome": "done", "at": 10000000000000000})", false, true},
        {"followup_note", R"({"followup_id": "f1", "status": "open", "at": 10000000000000000})", false, true},
        {"followup_note", R"({"followup_id": "f3", "status": "resolved", "at": 10000000000000000})", false, true},
        {"visit", R"({"visited_at": 10000000000000000})", false, true},
        {"visit", R"({"visited_at": 1764100000000, "cash_fen": "多"})", false, true},
        {"certificate", R"({"outcome": "not_possible", "at": 10000000000000000})", true, false},
        {"visit", R"({"visited_at": 10000000000000000})", true, false},
        {"certificate", R"({"outcome": "not_possible", "at": 1764100000000})", false, false},
    };
    bool ruleFails(const Probe &p)
    {
        return !m_old->exec("SELECT count(*) FROM hearth_report_rows($1, '510321100027', $2::jsonb, $3)",
                            {QString::fromLatin1(p.entity), QString::fromUtf8(p.body), p.gone});
    }

    // A list's ids, page after page (`limit` a page) until it says there is no more.
    QStringList listed(const QString &thing, const QString &area, const QDate &from, const QDate &to, int limit)
    {
        QStringList ids;
        for (int offset = 0; offset < 1000; offset += limit) {
            auto page = server::console::recordList(*m_old, {thing, area, {from, to}, offset, limit});
            if (!page)
                return {page.error().detail()};
            for (const QJsonValue &r : page->value(u"records").toArray())
                ids << r[u"id"].toString();
            if (!page->value(u"more").toBool())
                break;
        }
        return ids;
    }
    // A column the BEFORE trigger keeps, written around it (a script, a restore with triggers
    // disabled): `admin digests verify` names the record; a write through the trigger puts it right.
    void caughtAroundTheTrigger(const char *set, const char *id, const char *named)
    {
        QVERIFY(m_old->execScript(QByteArray("ALTER TABLE records DISABLE TRIGGER records_unhash; UPDATE records SET ") + set
                                  + " WHERE id = '" + id + "'; ALTER TABLE records ENABLE TRIGGER records_unhash"));
        QByteArray out;
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}, {}, &out), 3);
        QVERIFY2(out.contains(named), out.constData());
        QVERIFY(m_old->execScript(QByteArray("UPDATE records SET body = body WHERE id = '") + id + "'"));
    }

    // A station's list as the console read it before schema 21: every record of the kind that
    // names the station, each month read from its body.
    QStringList scanned(const QString &thing, const QString &area, const QDate &from, const QDate &to)
    {
        auto r = m_old->exec("SELECT string_agg(id, ',' ORDER BY hearth_report_month(entity, body) DESC, id DESC)"
                             " FROM records r WHERE entity = $2 AND NOT deleted AND voided_at IS NULL"
                             " AND hearth_report_month(entity, body) BETWEEN $3 AND $4 AND (r.scope = $1 OR r.extra_scopes @> ARRAY[$1])",
                             {area, thing, from, to});
        return r ? r->text(0, 0).split(u',', Qt::SkipEmptyParts) : QStringList{r.error().detail()};
    }

    // The records a figure counts: those the recount's rule (hearth_report_rows) gives a row of
    // the thing in a month of the range and an area inside `area` (a station's own rows left
    // out), newest first.
    QStringList counted(const QString &thing, const QString &area, const QDate &from, const QDate &to)
    {
        auto r = m_old->exec("SELECT string_agg(id, ',' ORDER BY month DESC, id DESC) FROM (SELECT DISTINCT r.id, x.month"
                             " FROM records r, hearth_report_rows(r.entity, r.scope, r.body, r.deleted OR r.voided_at IS NOT NULL) x"
                             " WHERE x.thing = $2 AND x.month BETWEEN $3 AND $4 AND x.area COLLATE \"C\" >= $1"
                             " AND x.area COLLATE \"C\" < $1 || ':' AND x.area ~ '^[0-9]+$') t",
                             {area, thing, from, to});
        return r ? r->text(0, 0).split(u',', Qt::SkipEmptyParts) : QStringList{r.error().detail()};
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
        // Every kind the report counts, in each of the rule's branches, and what schema 16's rule
        // made of each (kept to compare with the rule restated at schema 19).
        QVERIFY(m_old->execScript(R"sql(
            INSERT INTO records (entity, id, scope, body, voided_at) VALUES
             ('station', 'st-gz', 'st-gz', '{"name": "广州站", "home_county": "510321"}', NULL),
             ('visit', 'v3', '510321100027', '{"person_id": "p1", "kind": "home", "visited_at": 1764100000000,
               "utc_offset_min": 480, "cash_fen": 50000, "goods": [{"item": "米", "quantity": 2}, {"item": "油", "quantity": 3}]}', NULL),
             ('visit', 'v4', '510321100027', '{"person_id": "p1", "kind": "home", "visited_at": 1764100000000}', 1764100000001),
             ('job_fair', 'jf1', '510321100', '{"held_on": "2025-11-20", "placed": 7}', NULL),
             ('job_fair', 'jf2', 'st-gz', '{"held_on": "2025-12-01", "placed": 4, "station_id": "st-gz"}', NULL),
             ('certificate', 'c1', '510321100027', '{"kind": "id_card", "at": 1764100000000, "utc_offset_min": 480, "outcome": "done"}', NULL),
             ('certificate', 'c2', '510321100027', '{"kind": "id_card", "at": 1764100000000, "outcome": "not_possible"}', NULL),
             ('certificate', 'c3', 'st-gz', '{"kind": "residence_permit", "at": 1764100000000, "station_id": "st-gz", "outcome": "done"}', NULL),
             ('service', 's1', 'st-gz', '{"at": 1764100000000, "count": 3}', NULL),
             ('service', 's2', 'st-gz', '{"at": 1764100000000}', NULL),
             ('followup', 'f1', '510321100027', '{"category": "wage_arrears"}', NULL),
             ('followup', 'f2', 'st-gz', '{"category": "wage_arrears"}', NULL),
             ('followup', 'f3', '510321100027', '{"category": "job"}', NULL),
             ('followup_note', 'n1', '510321100027', '{"followup_id": "f1", "status": "resolved", "at": 1764100000000, "recovered_fen": 880000}', NULL),
             ('followup_note', 'n2', 'st-gz', '{"followup_id": "f2", "status": "resolved", "at": 1764100000000, "recovered_fen": -5}', NULL),
             ('followup_note', 'n3', '510321100027', '{"followup_id": "f3", "status": "resolved", "at": 1764100000000}', NULL),
             ('followup_note', 'n4', '510321100027', '{"followup_id": "f1", "status": "open", "at": 1764100000000}', NULL),
             ('job_fair', 'jf3', '510321100', '{"held_on": "2025-11-21", "placed": 2, "station_id": "st-gz"}', NULL),
             ('certificate', 'c4', '510321100027', '{"kind": "id_card", "at": 1764100000000}', NULL),
             ('station', 'st-x', 'st-x', '{"name": "无县站"}', NULL),
             ('service', 's3', 'st-x', '{"at": 1764100000000, "count": 2}', NULL),
             ('visit', 'v5', '510321100027', '{"person_id": "p1", "kind": "home", "visited_at": 1764100000000, "goods": []}', NULL),
             ('visit', 'v6', '510321100027', '{"person_id": "p1", "kind": "home", "visited_at": 1764100000000, "goods": {"米": 1}}', NULL),
             ('visit', 'v7', '5', '{"person_id": "p1", "kind": "home", "visited_at": 1764100000000}', NULL),
             ('visit', 'v8', '5103211000271', '{"person_id": "p1", "kind": "home", "visited_at": 1764100000000}', NULL);
            INSERT INTO record_ids (entity, id) SELECT entity, id FROM records ON CONFLICT DO NOTHING;
            INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)
             SELECT entity, id, scope, 'create', body, 'old', NULL, 1 FROM records
              WHERE id NOT IN (SELECT id FROM changes) ORDER BY id;
            -- Two conflicts: one of a person since moved (to the village it was recorded in
            -- before), one where its record still is.
            INSERT INTO conflicts (entity, record_id, scope, field, kept, lost, lost_device) VALUES
             ('person', 'p1', '510322003001', 'employer', '甲厂', '乙厂', 'old-device'),
             ('household', 'h1', '510321100027', 'address', '一组', '二组', 'old-device');
            -- And one of a person a station follows.
            INSERT INTO records (entity, id, scope, body, extra_scopes) VALUES
             ('person', 'p9', '510321100027', '{"name": "丙", "area_code": "510321100027", "station_id": "st-gz"}', '{st-gz}');
            INSERT INTO record_ids (entity, id) VALUES ('person', 'p9');
            INSERT INTO conflicts (entity, record_id, scope, field, kept, lost, lost_device) VALUES
             ('person', 'p9', '510321100027', 'phone', '1', '2', 'old-device');
            CREATE TABLE rule16 AS SELECT r.id, x.* FROM records r,
                hearth_report_rows(r.entity, r.scope, r.body, r.deleted OR r.voided_at IS NOT NULL) x;
        )sql"));
        QCOMPARE(m_old->exec("SELECT count(*) FROM rule16")->integer(0, 0), 22); // not every record counts; some count twice
        // What schema 16's rule refused (its entry, in a push) and what it let be.
        for (const Probe &p : kProbes)
            QVERIFY2(ruleFails(p) == p.fails, p.body);
        QCOMPARE(admin({u"digests"_qs, u"backfill"_qs}), 0); // migrates to the newest, then hashes
        auto version = m_old->exec("SELECT max(version) FROM schema_version");
        QVERIFY(version);
        QVERIFY(version->integer(0, 0) >= 20);
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
        HEARTH_VERIFY_OK(m_old->execScript(server::kRecordListSchema)); // 21 restates 18's trigger, and runs again too
        QCOMPARE(lookupOf("visit", "v1"), u"flagged 510321"_qs);
        QCOMPARE(lookupOf("review", "r1"), u"review v1"_qs);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // Schema 19's rule (one expression, one row a record) gives each record exactly the rows
    // schema 16's PL/pgSQL rule gave it: every kind, a station's own and its home county's,
    // goods summed, a refused certificate, a case that is not about wages, a voided visit.
    void theRestatedRuleCountsAsSchema16s()
    {
        // Each row as often as schema 16 gave it (EXCEPT ALL both ways: a row doubled shows).
        auto r = m_old->exec(R"sql(
            WITH now19 AS (SELECT r.id, x.* FROM records r,
                                  hearth_report_rows(r.entity, r.scope, r.body, r.deleted OR r.voided_at IS NOT NULL) x),
                 diff AS ((SELECT * FROM rule16 EXCEPT ALL SELECT * FROM now19)
                          UNION ALL (SELECT * FROM now19 EXCEPT ALL SELECT * FROM rule16))
            SELECT count(*), string_agg(id, ',') FROM diff)sql");
        QVERIFY(r);
        QVERIFY2(r->integer(0, 0) == 0, qPrintable(r->text(0, 1)));
        // And the figures kept through the upgrade agree with a recount by the restated rule.
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
        // What the branches gave, spelled out: the goods, the station's home county, the station.
        QCOMPARE(m_old->exec("SELECT goods FROM rule16 WHERE id = 'v3' AND area = '510321100027'")->integer(0, 0), 5);
        QCOMPARE(m_old->exec("SELECT string_agg(area, ',' ORDER BY area) FROM rule16 WHERE id = 's1'")->text(0, 0),
                 u"510321,st-gz"_qs);
        QCOMPARE(m_old->exec("SELECT count(*) FROM rule16 WHERE id IN ('c2', 'n3', 'n4', 'v4')")->integer(0, 0), 0);
        QCOMPARE(m_old->exec("SELECT string_agg(area, ',' ORDER BY area) FROM rule16 WHERE id = 'jf3'")->text(0, 0),
                 u"510321100,st-gz"_qs);
        // Refused as schema 16 refused: the month is read whether or not the record counts.
        for (const Probe &p : kProbes)
            QVERIFY2(ruleFails(p) == p.fails, p.body);
    }

    // The digit test that replaced `~ '^[0-9]+$'` (hearth_unit, the report's places and areas)
    // agrees with it on every shape of scope: empty, NULL, a station id, letters after digits,
    // a space, a line break, full-width digits.
    void digitsAreWhatTheRegularExpressionSaid()
    {
        auto r = m_old->exec(R"sql(
            SELECT count(*), string_agg(coalesce(t, '<null>'), ',') FROM (VALUES (''), (NULL), ('5'), ('51'), ('510321'),
                ('510321100027'), ('5103211000271'), ('st-gz'), ('510321a'), ('a510321'), (' 510321'), ('510321 '),
                (E'510321\n'), ('５１０３２１'), ('51032１'), ('-1'), ('+1'), ('1.5')) v(t)
             WHERE hearth_digits(t) IS DISTINCT FROM coalesce(t ~ '^[0-9]+$', NULL)
                OR hearth_unit(t) IS DISTINCT FROM (CASE WHEN t ~ '^[0-9]+$' THEN left(t, 6) ELSE t END)
                OR hearth_report_place(t) IS DISTINCT FROM (CASE WHEN t ~ '^[0-9]{2,12}$' THEN t END)
                OR ARRAY(SELECT hearth_report_areas(t)) IS DISTINCT FROM
                   ARRAY(SELECT left(t, l) FROM unnest(ARRAY[6, 9, 12]) l WHERE length(t) >= l AND t ~ '^[0-9]+$'
                         UNION ALL SELECT t WHERE length(t) < 6 OR t !~ '^[0-9]+$'))sql");
        QVERIFY(r);
        QVERIFY2(r->integer(0, 0) == 0, qPrintable(r->text(0, 1)));
        // conflicts.county is generated by hearth_unit, which a restore (pg_dump's script, an
        // empty search_path) computes again: it needs nothing outside pg_catalog.
        QVERIFY(m_old->execScript("SET search_path = ''"));
        auto unit = m_old->exec("SELECT public.hearth_unit('510321100027') || ' ' || public.hearth_unit('st-gz')");
        QVERIFY(m_old->execScript("RESET search_path"));
        QVERIFY(unit);
        QCOMPARE(unit->text(0, 0), u"510321 st-gz"_qs);
    }

    // Schema 19's step runs again over itself: nothing fails, nothing moves. (A database c7c4a6a
    // migrated has the same type and functions, with the same signatures, from its step 17, and
    // this step runs over them the same way; no such database is made here.)
    void theItemStepRunsAgainOverItself()
    {
        HEARTH_VERIFY_OK(m_old->execScript(server::kReportItemSchema));
        HEARTH_VERIFY_OK(m_old->execScript(server::kReportItemSchema));
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
        HEARTH_VERIFY_OK(m_old->execScript(server::kRecordListSchema)); // 21 restates 19's trigger: as a migration would
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // A push's batch that changes a counted record and puts it back adds no row to the report's
    // log and leaves the digests as they were; one that changes it for good adds what changed.
    void aBatchThatPutsARecordBackAddsNothing()
    {
        const auto logRows = [this] { return m_old->exec("SELECT count(*) FROM report_deltas")->integer(0, 0); };
        const auto digests = [this] { return m_old->exec("SELECT sum(n)::text || ' ' || sum(total)::text FROM scope_digests")->text(0, 0); };
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0); // folds the log into the figures
        const qint64 before = logRows();
        QCOMPARE(before, 0);
        const QString digestsBefore = digests();
        // As the server's push: its batch, and the content hashes its own (kept as they are here).
        const auto batch = [this](const char *sql, bool hashing) -> Result<void> {
            auto tx = server::PgTransaction::begin(*m_old);
            if (!tx)
                return tx.error();
            if (hashing)
                HEARTH_TRY(m_old->execScript("SELECT set_config('hearth.hashing_writer', 'on', true)"));
            HEARTH_TRY(server::beginDigestBatch(*m_old));
            HEARTH_TRY(m_old->execScript(sql));
            HEARTH_TRY(server::flushDigests(*m_old));
            return tx->commit();
        };
        HEARTH_VERIFY_OK(batch("UPDATE records SET body = jsonb_set(body, '{cash_fen}', '70000') WHERE id = 'v3';"
                               " UPDATE records SET body = jsonb_set(body, '{cash_fen}', '50000') WHERE id = 'v3'",
                               true));
        QCOMPARE(logRows(), before);
        QCOMPARE(digests(), digestsBefore);
        HEARTH_VERIFY_OK(batch("UPDATE records SET body = jsonb_set(body, '{cash_fen}', '70000') WHERE id = 'v3'", false));
        auto added = m_old->exec("SELECT count(*), sum(fen), sum(n) FROM report_deltas WHERE thing = 'visit'");
        QVERIFY(added);
        QCOMPARE(added->integer(0, 0), 3); // the village, its township, its county
        QCOMPARE(added->integer(0, 1), 3 * 20000);
        QCOMPARE(added->integer(0, 2), 0); // the same visit: counted once still
        QCOMPARE(logRows(), 3);
        QCOMPARE(admin({u"digests"_qs, u"backfill"_qs}), 0);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // A server serves only at its own schema: its batches write schema 19's table in schema
    // 19's mode. Asked to stop an upgrade short and listen, it says so and does not start.
    void aServerServesOnlyAtItsSchema()
    {
        QVERIFY(m_pg->exec("CREATE DATABASE older"));
        QString url = m_server.databaseUrl();
        url.replace(url.lastIndexOf(u"/hearth"_qs), 7, u"/older"_qs);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(HEARTH_SERVER_PATH),
                {u"--database"_qs, url, u"--migrate-to"_qs, u"18"_qs, u"--listen"_qs, u"127.0.0.1:1"_qs});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray out = p.readAll();
        QVERIFY2(p.exitCode() != 0, out.constData());
        QVERIFY2(out.contains("--migrate-to") && out.contains("admin"), out.constData());
        // Refused before anything was written: the database was not even migrated.
        {
            auto older = server::Pg::connect(url);
            QVERIFY(older);
            auto made = older->exec("SELECT to_regclass('schema_version') IS NULL");
            QVERIFY(made);
            QCOMPARE(made->text(0, 0), u"t"_qs);
        }
        QVERIFY(m_pg->exec("DROP DATABASE older"));
    }

    // Schema 20: a conflict whose record moved before the step goes where the record is, at the
    // end of the feed; one whose record stayed keeps its place (its id).
    void theUpgradeMovesConflictsOfMovedRecords()
    {
        auto r = m_old->exec("SELECT record_id, scope, feed_id > id, feed_id IS NULL, coalesce(array_to_string(extra_scopes, ','), '')"
                             " FROM conflicts ORDER BY id");
        QVERIFY(r);
        QCOMPARE(r->rows(), 3);
        QCOMPARE(r->text(0, 1), u"510321100027"_qs);
        QCOMPARE(r->text(0, 2), u"t"_qs);
        QCOMPARE(r->text(1, 1), u"510321100027"_qs);
        QCOMPARE(r->text(1, 3), u"t"_qs);
        QCOMPARE(r->text(1, 4), QString());
        // Schema 22: the station that follows its record gets it, at the end of the feed.
        QCOMPARE(r->text(2, 0), u"p9"_qs);
        QCOMPARE(r->text(2, 4), u"st-gz"_qs);
        QCOMPARE(r->text(2, 2), u"t"_qs);
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
        caughtAroundTheTrigger("lookup = 'review v2'", "r1", "review r1");
        QVERIFY(!QTest::currentTestFailed());
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
    // Schema 21: every live counted record holds the month the figures count it in, from the
    // upgrade and from each write after it (a voided or deleted one none, and its body is not
    // read, as schema 19 never read it); the figures' trigger reads that month, and its item is
    // the one read from the body. A time PostgreSQL cannot hold is still refused at the write.
    // A month written around the trigger is caught by `admin digests verify`.
    void everyCountedRecordKeepsItsMonth()
    {
        const QByteArray live = "entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note') AND NOT deleted"
                                " AND voided_at IS NULL";
        auto r = m_old->exec("SELECT count(report_month), count(*) FILTER (WHERE " + live
                             + "), string_agg(id, ',') FILTER (WHERE report_month IS DISTINCT FROM CASE WHEN " + live
                             + " THEN hearth_report_month(entity, body) END) FROM records");
        QVERIFY(r);
        QCOMPARE(r->integer(0, 0), r->integer(0, 1));
        QVERIFY(r->integer(0, 0) >= 20); // what initTestCase wrote at 16
        QVERIFY2(r->text(0, 2).isEmpty(), qPrintable(r->text(0, 2)));
        auto same = m_old->exec("SELECT count(*) FROM records WHERE " + live
                                + " AND hearth_report_item(entity, scope, body, report_month) IS DISTINCT FROM"
                                  " hearth_report_item(entity, scope, body)");
        QVERIFY(same);
        QCOMPARE(same->integer(0, 0), 0);
        const auto monthOf = [this](const char *id) {
            auto m = m_old->exec("SELECT coalesce(report_month::text, '<none>') FROM records WHERE id = $1", {QString::fromLatin1(id)});
            return m && m->rows() == 1 ? m->text(0, 0) : u"<missing>"_qs;
        };
        QCOMPARE(monthOf("v4"), u"<none>"_qs); // voided at 16
        QCOMPARE(monthOf("p1"), u"<none>"_qs);
        QVERIFY(m_old->execScript("INSERT INTO records (entity, id, scope, body) VALUES ('visit', 'vm', '510321100027',"
                                  " '{\"visited_at\": 1764100000000, \"utc_offset_min\": 480}')"));
        QCOMPARE(monthOf("vm"), u"2025-11-01"_qs);
        QVERIFY(m_old->execScript("UPDATE records SET body = jsonb_set(body, '{visited_at}', '1767300000000') WHERE id = 'vm'"));
        QCOMPARE(monthOf("vm"), u"2026-01-01"_qs);
        QVERIFY(m_old->execScript("UPDATE records SET voided_at = 1 WHERE id = 'vm'"));
        QCOMPARE(monthOf("vm"), u"<none>"_qs);
        QVERIFY(m_old->execScript("UPDATE records SET voided_at = NULL WHERE id = 'vm'")); // a void undone
        QCOMPARE(monthOf("vm"), u"2026-01-01"_qs);
        QVERIFY(m_old->execScript("UPDATE records SET deleted = true WHERE id = 'vm'"));
        QCOMPARE(monthOf("vm"), u"<none>"_qs);
        QVERIFY(m_old->execScript("UPDATE records SET deleted = false WHERE id = 'vm'")); // a hand restore
        QCOMPARE(monthOf("vm"), u"2026-01-01"_qs);
        QVERIFY(m_old->execScript("DELETE FROM records WHERE id = 'vm'"));
        // Live, refused as schema 16 and 19 refused; gone (written deleted), never read.
        for (const Probe &p : kProbes) {
            const bool refused = !m_old->exec("INSERT INTO records (entity, id, scope, body, deleted)"
                                              " VALUES ($1, 'probe', '510321100027', $2::jsonb, $3)",
                                              {QString::fromLatin1(p.entity), QString::fromUtf8(p.body), p.gone});
            QVERIFY2(refused == p.fails, p.body);
            QVERIFY(m_old->execScript("DELETE FROM records WHERE id = 'probe'"));
        }
        // Around the trigger: caught, named by its record; a write through it puts it right.
        QCOMPARE(admin({u"digests"_qs, u"backfill"_qs}), 0);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
        caughtAroundTheTrigger("report_month = '2020-01-01'", "v3", "visit v3");
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(monthOf("v3"), u"2025-11-01"_qs);
        QCOMPARE(admin({u"digests"_qs, u"verify"_qs}), 0);
    }

    // The console's lists read an area unit by unit (its counties, its stations), each unit's
    // months through the index, and merge them: page after page, exactly the records the
    // figures count in the area (hearth_report_rows, the recount's rule), in the order the scan
    // of every record gave; a station's list as that scan gave it. Over three counties of two
    // cities and one the area table lacks, records at a city's own code and at a 13-digit
    // scope, another province's, a voided and a deleted one, travel points of two home
    // counties, a station's own wage case, job fair and certificate, a certificate with no
    // outcome, and the records the tests above wrote.
    void theListsReadEachCountyAndMerge()
    {
        QVERIFY(m_old->execScript(R"sql(
            INSERT INTO areas (code, name, level, parent_code) VALUES ('51', '四川省', 1, NULL), ('5103', '自贡市', 2, '51'),
              ('510321', '荣县', 3, '5103'), ('510322', '富顺县', 3, '5103'), ('5101', '成都市', 2, '51'),
              ('510104', '锦江区', 3, '5101'), ('11', '北京市', 1, NULL), ('1101', '市辖区', 2, '11'),
              ('110101', '东城区', 3, '1101') ON CONFLICT DO NOTHING;
            -- A county the area table lacks (a newer division than the server's): written to.
            INSERT INTO units (unit) VALUES ('510199') ON CONFLICT DO NOTHING;
            INSERT INTO records (entity, id, scope, body)
            SELECT 'visit', 'lv' || lpad(i::text, 3, '0'),
                   (ARRAY['510321100027', '510322003001', '510104001001', '5103', '110101001001', '510321100',
                          '510199001001'])[1 + i % 7],
                   jsonb_build_object('person_id', 'p1', 'kind', 'home', 'utc_offset_min', 480,
                                      'visited_at', 1767225600000 + (i % 5) * 2678400000::bigint + i * 1000)
              FROM generate_series(1, 90) i;
            UPDATE records SET voided_at = 1 WHERE id = 'lv007';
            UPDATE records SET deleted = true WHERE id = 'lv013';
            INSERT INTO records (entity, id, scope, body) VALUES
              ('station', 'st-fs', 'st-fs', '{"name": "富顺站", "home_county": "510322"}'),
              ('followup', 'f9', 'st-fs', '{"category": "wage_arrears"}'),
              ('followup_note', 'n9', 'st-fs', '{"followup_id": "f9", "status": "resolved", "at": 1767300000000, "recovered_fen": 100}'),
              ('followup_note', 'n8', '510199001001', '{"followup_id": "f1", "status": "resolved", "at": 1767300000000}'),
              ('job_fair', 'jf9', 'st-fs', '{"held_on": "2026-02-03", "placed": 1, "station_id": "st-fs"}'),
              ('certificate', 'c9', 'st-fs', '{"kind": "id_card", "at": 1767300000000, "station_id": "st-fs"}'),
              ('certificate', 'c8', '510322003001', '{"kind": "id_card", "at": 1767300000000, "outcome": "not_possible"}');
            INSERT INTO records (entity, id, scope, body)
            SELECT 'service', 'ls' || lpad(i::text, 2, '0'), CASE WHEN i % 3 = 0 THEN 'st-gz' ELSE 'st-fs' END,
                   jsonb_build_object('at', 1767225600000 + i * 5 * 86400000::bigint, 'count', 1)
              FROM generate_series(1, 30) i;
        )sql"));
        const QDate jan(2026, 1, 1), may(2026, 5, 1), nov(2025, 11, 1);
        const QStringList things{u"visit"_qs, u"service"_qs, u"job_fair"_qs, u"certificate"_qs, u"wage"_qs};
        int compared = 0;
        for (const QString &thing : things)
            for (const QString &area : {u"51"_qs, u"5103"_qs, u"5101"_qs, u"510321"_qs, u"510322"_qs, u"510199"_qs,
                                        u"510321100"_qs, u"11"_qs})
                for (const auto &[from, to] : {std::pair{nov, may}, {jan, jan}, {may, may}}) {
                    const QStringList expected = counted(thing, area, from, to);
                    compared += expected.size();
                    for (const int limit : {3, 100}) {
                        const QStringList pages = listed(thing, area, from, to, limit);
                        QVERIFY2(pages == expected,
                                 qPrintable(u"%1 %2 %3..%4 by %5: %6 against %7"_qs.arg(thing, area, from.toString(Qt::ISODate),
                                                to.toString(Qt::ISODate)).arg(limit).arg(pages.join(u','), expected.join(u','))));
                    }
                }
        QVERIFY(compared > 300);
        for (const QString &thing : {u"visit"_qs, u"service"_qs, u"job_fair"_qs})
            for (const QString &station : {u"st-fs"_qs, u"st-gz"_qs}) {
                const QStringList expected = scanned(thing, station, nov, may);
                QCOMPARE(listed(thing, station, nov, may, 7), expected);
            }
        // What the comparison holds: each kind of record above, on the right side of it.
        const QStringList province = counted(u"visit"_qs, u"51"_qs, nov, may);
        QVERIFY(province.contains(u"lv010"_qs));  // the city's own code
        QVERIFY(province.contains(u"lv006"_qs));  // a county the area table lacks
        QVERIFY(!province.contains(u"lv007"_qs)); // voided
        QVERIFY(!province.contains(u"lv013"_qs)); // deleted
        QVERIFY(!province.contains(u"lv004"_qs)); // another province
        QVERIFY(!province.contains(u"v8"_qs));    // no area the figures know (13 digits)
        QVERIFY(counted(u"wage"_qs, u"510322"_qs, nov, may).contains(u"n9"_qs)); // a station's own case, at home
        QVERIFY(counted(u"job_fair"_qs, u"5103"_qs, nov, may).contains(u"jf9"_qs));
        QVERIFY(counted(u"certificate"_qs, u"51"_qs, nov, may).contains(u"c4"_qs)); // no outcome: counted
        QVERIFY(!counted(u"certificate"_qs, u"51"_qs, nov, may).contains(u"c8"_qs)); // not possible: not
        QVERIFY(counted(u"service"_qs, u"510322"_qs, nov, may).size() == 20);
    }
};

QTEST_GUILESS_MAIN(TestLookups)
#include "tst_lookups.moc"
