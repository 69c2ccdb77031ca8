// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 15 against a real PostgreSQL and the real server: what a pull page and a checksum read
// is the device's own scope (EXPLAIN ANALYZE of the statements the server runs, over three
// counties of data), pushes of two counties do not wait for each other, and a reader whose
// scope spans counties never skips a change however the counties' commits interleave.
#include "core/domain/validation.h"
#include "server/digests.h"
#include "server/pg.h"
#include "server/units.h"
#include "serverfixture.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QElapsedTimer>
#include <QSet>
#include <QThread>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr char kPassword[] = "scale-secret-1";
const QStringList kCounties{u"510321"_qs, u"510322"_qs, u"510104"_qs};
constexpr int kTownships = 20, kVillagesPerTownship = 10, kChangesPerVillage = 150;
const QString kStation = u"01a2f3c4-0000-7000-8000-00000000beef"_qs;

QString village(const QString &county, int township, int village)
{
    return county + u"%1%2"_qs.arg(township, 3, 10, QChar(u'0')).arg(village, 3, 10, QChar(u'0'));
}

// Every node of an EXPLAIN (FORMAT JSON) plan.
void walk(const QJsonObject &node, const std::function<void(const QJsonObject &)> &visit)
{
    visit(node);
    for (const QJsonValue &child : node.value(u"Plans").toArray())
        walk(child.toObject(), visit);
}

struct PlanReading
{
    qint64 rowsFromChanges = 0; // rows the scans of `changes` produced, over all their loops
    QSet<QString> indexes;      // the indexes of `changes` and `scope_digests` used
    QStringList seqScans;       // relations read whole
    QSet<QString> relations;
};

PlanReading read(const QJsonDocument &plan)
{
    PlanReading out;
    walk(plan.array().first().toObject().value(u"Plan").toObject(), [&out](const QJsonObject &n) {
        const QString relation = n.value(u"Relation Name").toString();
        if (n.contains(u"Index Name")) // a bitmap index scan names no relation
            out.indexes << n.value(u"Index Name").toString();
        if (relation.isEmpty())
            return;
        out.relations << relation;
        if (n.value(u"Node Type").toString() == u"Seq Scan")
            out.seqScans << relation;
        if (relation == u"changes")
            out.rowsFromChanges += qint64(n.value(u"Actual Rows").toDouble() * n.value(u"Actual Loops").toDouble());
    });
    return out;
}

} // namespace

class TestScale : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    std::optional<server::Pg> m_pg;
    int m_users = 0;

    QByteArray device(const QString &role, const QString &scope)
    {
        const QString name = u"scale%1"_qs.arg(++m_users);
        if (!m_server.addUser(name, role, scope, kPassword))
            return {};
        // Supervisors and administrators enrol with their second factor's code too.
        const QString code = role == u"supervisor" || role == u"admin" ? m_server.secondFactorCode(name, kPassword) : QString();
        return m_server.enrol(name, QString::fromLatin1(kPassword), code);
    }

    // The plan, run, of a statement the server would run for `scopes` on its first page.
    QList<PlanReading> pullPlans(const QStringList &scopes, qint64 after, int limit = 1000)
    {
        QList<PlanReading> out;
        auto views = server::unitViews(*m_pg, scopes);
        if (!views)
            return out;
        for (const server::UnitView &v : *views) {
            const server::Statement st = server::unitChangesStatement(v, after, 0, limit, 4 * 1024 * 1024);
            auto r = m_pg->exec(("EXPLAIN (ANALYZE, FORMAT JSON) " + st.sql).constData(), st.params);
            if (!r) {
                qWarning() << r.error().detail();
                return {};
            }
            if (qEnvironmentVariableIsSet("HEARTH_SHOW_PLANS"))
                qInfo().noquote() << v.unit << r->text(0, 0);
            out << read(QJsonDocument::fromJson(r->bytes(0, 0)));
        }
        return out;
    }

    qint64 count(const char *sql, const QVariantList &params = {})
    {
        auto r = m_pg->exec(sql, params);
        return r && r->rows() ? r->integer(0, 0) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        auto pg = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        m_pg.emplace(std::move(pg).value());
        // Three counties (two cities) of 200 villages each, 60 changes a village: 36,000 rows,
        // written as the server writes them (the unit trigger draws each cursor).
        for (const QString &county : kCounties) {
            QVERIFY(m_pg->exec("INSERT INTO areas (code, name, level, parent_code) VALUES ($1, '测试县', 3, left($1, 4))"
                               " ON CONFLICT DO NOTHING",
                               {county}));
            QVERIFY(m_pg->exec("INSERT INTO areas (code, name, level, parent_code) VALUES (left($1, 4), '测试市', 2, '51')"
                               " ON CONFLICT DO NOTHING",
                               {county}));
            QVERIFY(m_pg->exec("INSERT INTO areas (code, name, level, parent_code)"
                               " SELECT $1 || lpad(t::text, 3, '0'), '镇', 4, $1 FROM generate_series(1, $2::int) t"
                               " ON CONFLICT DO NOTHING",
                               {county, kTownships}));
            QVERIFY(m_pg->exec(
                "INSERT INTO areas (code, name, level, parent_code)"
                " SELECT $1 || lpad(t::text, 3, '0') || lpad(v::text, 3, '0'), '村', 5, $1 || lpad(t::text, 3, '0')"
                " FROM generate_series(1, $2::int) t, generate_series(1, $3::int) v ON CONFLICT DO NOTHING",
                {county, kTownships, kVillagesPerTownship}));
            QVERIFY(m_pg->exec(
                "INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                " SELECT 'person', $1 || '-' || t || '-' || v || '-' || n, $1 || lpad(t::text, 3, '0') || lpad(v::text, 3, '0'),"
                " 'create', '{\"name\": \"某\"}', 'gen', NULL, 1"
                " FROM generate_series(1, $4::int) n, generate_series(1, $2::int) t, generate_series(1, $3::int) v",
                {county, kTownships, kVillagesPerTownship, kChangesPerVillage}));
            QVERIFY(m_pg->exec("INSERT INTO scope_digests (county, scope, extras, entity, n, total)"
                               " SELECT $1, $1 || lpad(t::text, 3, '0') || lpad(v::text, 3, '0'), '{}', e, 10, 12345"
                               " FROM generate_series(1, $2::int) t, generate_series(1, $3::int) v,"
                               " unnest(ARRAY['person', 'household', 'visit', 'service']) e",
                               {county, kTownships, kVillagesPerTownship}));
        }
        // The digests of twenty more counties, without their changes: a province's worth of rows
        // around the ones a checksum reads.
        QVERIFY(m_pg->exec("INSERT INTO scope_digests (county, scope, extras, entity, n, total)"
                           " SELECT c, c || lpad(v::text, 6, '0'), '{}', e, 1, 1"
                           " FROM (SELECT '5104' || lpad(k::text, 2, '0') AS c FROM generate_series(1, 20) k) counties,"
                           " generate_series(1, 200) v, unnest(ARRAY['person', 'household', 'visit', 'service']) e"));
        // A station of the first county: its own services, and 300 people of the county it follows.
        QVERIFY(m_pg->exec("INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                           " SELECT 'service', 's' || n, $1, 'create', '{}', 'gen', NULL, 1 FROM generate_series(1, 2000) n",
                           {kStation}));
        QVERIFY(m_pg->exec("INSERT INTO changes (entity, id, scope, extra_scopes, op, body, device_id, seq, hlc)"
                           " SELECT 'person', 'f' || n, '510321001001', ARRAY[$1], 'create', '{}', 'gen', NULL, 1"
                           " FROM generate_series(1, 300) n",
                           {kStation}));
        QVERIFY(m_pg->exec("INSERT INTO records (entity, id, scope, extra_scopes, body)"
                           " VALUES ('person', 'f1', '510321001001', ARRAY[$1], '{}')",
                           {kStation}));
        // Campaigns: the county's, and the province's own.
        QVERIFY(m_pg->exec("INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc) VALUES"
                           " ('campaign', 'c1', '510321', 'create', '{}', 'gen', NULL, 1),"
                           " ('campaign', 'c2', '51', 'create', '{}', 'gen', NULL, 1)"));
        QVERIFY(m_pg->execScript("ANALYZE"));
    }

    void cleanupTestCase() { m_server.stop(); }

    // A village, a township, a county, a station, a city and two counties: each page reads its
    // own scope's rows from an index of its level, never the province's, and at most a page.
    void aPullPageReadsOnlyItsScopeFromItsLevelsIndex_data()
    {
        QTest::addColumn<QStringList>("scopes");
        QTest::addColumn<qint64>("visible");   // rows the scope holds (the page reads fewer when it holds more)
        QTest::addColumn<QStringList>("indexes"); // the indexes its paths must use
        const qint64 perCounty = qint64(kTownships) * kVillagesPerTownship * kChangesPerVillage;
        QTest::newRow("village") << QStringList{village(u"510321"_qs, 3, 4)} << qint64(kChangesPerVillage + 2)
                                 << QStringList{u"changes_village"_qs, u"changes_campaigns"_qs};
        QTest::newRow("township") << QStringList{u"510321003"_qs} << qint64(kVillagesPerTownship * kChangesPerVillage + 2)
                                  << QStringList{u"changes_township"_qs, u"changes_campaigns"_qs};
        QTest::newRow("county") << QStringList{u"510322"_qs} << perCounty << QStringList{u"changes_pkey"_qs};
        QTest::newRow("station") << QStringList{kStation} << qint64(2300)
                                 << QStringList{u"changes_pkey"_qs, u"changes_followed"_qs};
        QTest::newRow("city") << QStringList{u"5103"_qs} << 2 * perCounty << QStringList{u"changes_pkey"_qs};
        QTest::newRow("two counties") << QStringList{u"510321"_qs, u"510104"_qs} << 2 * perCounty
                                      << QStringList{u"changes_pkey"_qs};
    }
    void aPullPageReadsOnlyItsScopeFromItsLevelsIndex()
    {
        QFETCH(QStringList, scopes);
        QFETCH(qint64, visible);
        QFETCH(QStringList, indexes);
        const qint64 total = count("SELECT count(*) FROM changes");
        QVERIFY(total > 30000);
        for (const qint64 after : {qint64(0), count("SELECT max(cursor) - 50 FROM changes")}) {
            const QList<PlanReading> plans = pullPlans(scopes, after);
            QVERIFY(!plans.isEmpty());
            qint64 rows = 0;
            QSet<QString> used;
            for (const PlanReading &p : plans) {
                QVERIFY2(!p.seqScans.contains(u"changes"_qs), qPrintable(scopes.join(u',')));
                used += p.indexes;
                rows += p.rowsFromChanges;
            }
            // Its level's index; besides it only the key (rows fetched by cursor) and the
            // campaigns of the areas above.
            for (const QString &index : indexes)
                QVERIFY2(used.contains(index), qPrintable(scopes.join(u',') + u": no "_qs + index));
            used -= QSet<QString>{u"changes_pkey"_qs, u"changes_campaigns"_qs};
            used -= QSet<QString>(indexes.begin(), indexes.end());
            QVERIFY2(used.isEmpty(), qPrintable(QStringList(used.begin(), used.end()).join(u',')));
            // Each path reads its range up to the page (1,001 rows) once to choose, once to fetch.
            const qint64 page = std::min<qint64>(visible, 1001);
            QVERIFY2(rows <= 2 * page * plans.size() + 16,
                     qPrintable(u"%1: %2 rows read for a page of at most %3 (%4 in the table)"_qs.arg(scopes.join(u','))
                                    .arg(rows).arg(page).arg(total)));
        }
    }

    // The checksum reads digest rows of the scope's units, never the records.
    void aChecksumReadsItsDigestRowsNotTheRecords()
    {
        for (const QStringList &scopes : {QStringList{village(u"510321"_qs, 3, 4)}, QStringList{u"510322"_qs},
                                          QStringList{kStation}, QStringList{u"5103"_qs}}) {
            auto views = server::unitViews(*m_pg, scopes);
            HEARTH_VERIFY_OK(views);
            const server::Statement st = server::digestStatement(*views);
            auto r = m_pg->exec(("EXPLAIN (ANALYZE, FORMAT JSON) " + st.sql).constData(), st.params);
            HEARTH_VERIFY_OK(r);
            const PlanReading p = read(QJsonDocument::fromJson(r->bytes(0, 0)));
            QVERIFY2(!p.relations.contains(u"records"_qs), qPrintable(scopes.join(u',')));
            QVERIFY2(!p.seqScans.contains(u"scope_digests"_qs) || scopes.first().size() < 6,
                     qPrintable(scopes.join(u',')));
        }
        // And what it says of a village: the sums of its rows.
        auto sum = server::scopeChecksum(*m_pg, {village(u"510321"_qs, 3, 4)});
        HEARTH_VERIFY_OK(sum);
        QCOMPARE(sum->value(u"entities").toObject().value(u"visit").toObject().value(u"count").toInteger(), 10);
    }

    // The cursors a device sends back are checked; a version-1 number still reads as every
    // unit's; a checksum can be narrowed to one kind, village by village.
    void protocolTwoCursorsAndNarrowedChecksums()
    {
        const QByteArray token = device(u"cadre"_qs, u"510321003"_qs);
        QVERIFY(!token.isEmpty());
        for (const char *bad : {"garbage", "510321:-5", "510321:1x", "51%20:3", "%E4%B8%AD:1"})
            QCOMPARE(m_server.get(u"/v2/pull?after="_qs + QLatin1String(bad), token).status, 400);
        const HttpReply all = m_server.get(u"/v2/pull?after=0&limit=5000"_qs, token);
        QCOMPARE(all.status, 200);
        QCOMPARE(all.json[u"changes"].toArray().size(), kVillagesPerTownship * kChangesPerVillage + 2); // + two campaigns
        const QString next = all.json[u"next"].toString();
        QVERIFY2(next.contains(u"510321:"_qs) && next.contains(u"51:"_qs), qPrintable(next));
        QVERIFY(!all.json[u"more"].toBool());
        // Version 1's last cursor, kept by an updated app: a number for every unit.
        qint64 last = 0;
        for (const QJsonValue &c : all.json[u"changes"].toArray())
            last = std::max(last, c[u"cursor"].toInteger());
        QCOMPARE(m_server.get(u"/v2/pull?after=%1"_qs.arg(last), token).json[u"changes"].toArray().size(), 0);
        QVERIFY(m_server.get(u"/v2/pull?after=%1"_qs.arg(last - 3), token).json[u"changes"].toArray().size() >= 1);
        // Narrowed: the kind, by village.
        const HttpReply narrowed = m_server.get(u"/v1/checksum?entity=visit"_qs, token);
        QCOMPARE(narrowed.status, 200);
        const QJsonObject villages = narrowed.json[u"scopes"].toObject();
        QCOMPARE(villages.size(), kVillagesPerTownship);
        QCOMPARE(villages.value(village(u"510321"_qs, 3, 4)).toObject().value(u"count").toInteger(), 10);
        QCOMPARE(m_server.get(u"/v1/checksum?entity=nonsense"_qs, token).status, 400);
    }

    // A device names, in its cursors, counties and a station that are not its own: it still
    // reads its own village and the campaigns above it, nothing else.
    void forgedCursorsReadNothingOutsideTheScope()
    {
        const QByteArray token = device(u"cadre"_qs, village(u"510321"_qs, 3, 4));
        QVERIFY(!token.isEmpty());
        const QString forged = u"510322:0,510104:0,51:0,"_qs + kStation + u":0"_qs;
        const HttpReply page = m_server.get(u"/v2/pull?limit=5000&after="_qs + QString::fromLatin1(QUrl::toPercentEncoding(forged)), token);
        QCOMPARE(page.status, 200);
        const QJsonArray changes = page.json[u"changes"].toArray();
        QCOMPARE(changes.size(), kChangesPerVillage + 2);
        for (const QJsonValue &c : changes) {
            const QString id = c[u"id"].toString();
            QVERIFY2(id.startsWith(u"510321-3-4-"_qs) || id == u"c1" || id == u"c2", qPrintable(id));
        }
        QVERIFY(!page.json[u"next"].toString().contains(u"510322"_qs));
        QVERIFY(!page.json[u"next"].toString().contains(kStation));
    }

    // Two people with one ID number, pushed at the same moment in two counties (whose pushes no
    // longer wait for each other): the second waits on the number's bucket and records the pair.
    void oneIdNumberInTwoCountiesAtOnceIsStillAPair()
    {
        const QString number = u"51032219700101123"_qs + domain::idCheckCharacter(u"51032219700101123"_qs);
        const QByteArray other = device(u"cadre"_qs, village(u"510322"_qs, 1, 2));
        QVERIFY(!other.isEmpty());
        // The first push, half-way: its person written, its bucket held, not committed.
        auto first = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(first);
        QVERIFY(first->execScript("BEGIN"));
        QVERIFY(first->exec("INSERT INTO id_number_guard (bucket) VALUES (hashtextextended($1, 0) & 65535)"
                            " ON CONFLICT (bucket) DO UPDATE SET bucket = excluded.bucket",
                            {number}));
        QVERIFY(first->exec("INSERT INTO records (entity, id, scope, body) VALUES ('person', 'twin-a', $1,"
                            " jsonb_build_object('name', '双', 'area_code', $1::text, 'id_number', $2::text))",
                            {village(u"510104"_qs, 1, 1), number}));
        std::atomic<int> status{0};
        std::thread second([&] {
            const QJsonObject entry{{u"seq"_qs, 1}, {u"entity"_qs, u"person"_qs}, {u"entity_id"_qs, u"01a2f3c4-0000-7000-8000-0000000000b2"_qs},
                                    {u"op"_qs, u"create"_qs}, {u"created_at"_qs, 1},
                                    {u"payload"_qs, QJsonObject{{u"name"_qs, u"双"_qs}, {u"area_code"_qs, village(u"510322"_qs, 1, 2)},
                                                                {u"id_number"_qs, number}, {u"created_at"_qs, 1}}}};
            status = m_server.post(u"/v1/push"_qs, {{u"entries"_qs, QJsonArray{entry}}}, other).status;
        });
        QTest::qWait(700);
        QCOMPARE(status.load(), 0); // waiting on the bucket
        QVERIFY(first->execScript("COMMIT"));
        second.join();
        QCOMPARE(status.load(), 200);
        QCOMPARE(count("SELECT count(*) FROM duplicates WHERE 'twin-a' IN (first_id, second_id)"), 1);
    }

    // While a push of one county holds its unit, another county's pushes go through; the
    // county's own wait for it.
    void aPushInOneCountyDoesNotWaitForAnother()
    {
        QByteArray near = device(u"cadre"_qs, village(u"510104"_qs, 1, 1));
        QByteArray far = device(u"cadre"_qs, village(u"510322"_qs, 1, 1));
        QVERIFY(!near.isEmpty() && !far.isEmpty());
        auto holder = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(holder);
        QVERIFY(holder->execScript("BEGIN"));
        QVERIFY(holder->exec("SELECT hearth_take_unit('510104')"));
        auto person = [](const QString &id, const QString &area) {
            return QJsonObject{{u"entries"_qs, QJsonArray{QJsonObject{
                                                  {u"seq"_qs, 1}, {u"entity"_qs, u"person"_qs}, {u"entity_id"_qs, id}, {u"op"_qs, u"create"_qs},
                                                  {u"payload"_qs, QJsonObject{{u"name"_qs, u"张三"_qs}, {u"area_code"_qs, area}, {u"created_at"_qs, 1}}},
                                                  {u"created_at"_qs, 1}}}}};
        };
        std::atomic<int> nearStatus{0};
        std::thread waiting([&] {
            nearStatus = m_server.post(u"/v1/push"_qs, person(u"01a2f3c4-0000-7000-8000-000000000101"_qs, village(u"510104"_qs, 1, 1)), near).status;
        });
        QElapsedTimer clock;
        clock.start();
        const HttpReply other = m_server.post(u"/v1/push"_qs, person(u"01a2f3c4-0000-7000-8000-000000000102"_qs, village(u"510322"_qs, 1, 1)), far);
        QCOMPARE(other.status, 200);
        QCOMPARE(other.json[u"results"].toArray().first()[u"status"].toString(), u"applied"_qs);
        QVERIFY2(clock.elapsed() < 5000, "the other county's push waited");
        QTest::qWait(500);
        QCOMPARE(nearStatus.load(), 0); // still waiting for its county
        QVERIFY(holder->execScript("COMMIT"));
        waiting.join();
        QCOMPARE(nearStatus.load(), 200);
    }

    // A county's first change: its unit's row is made and committed on its own before any
    // cursor is drawn there (the server's writers are told, HU001), so a protocol-1 reader of the
    // city, holding the city's units, waits for that writer instead of stepping past its change.
    void aProtocolOneReaderWaitsForACountysFirstWriter()
    {
        QVERIFY(m_pg->exec("INSERT INTO areas (code, name, level, parent_code) VALUES ('510107', '新区', 3, '5101')"
                           " ON CONFLICT DO NOTHING"));
        const QByteArray reader = device(u"supervisor"_qs, u"5101"_qs);
        QVERIFY(!reader.isEmpty());
        const qint64 before = count("SELECT max(cursor) FROM changes");
        auto writer = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(writer);
        HEARTH_VERIFY_OK(writer->keepSetting("hearth.hashing_writer", "on")); // as hearth-server's sessions
        const char *insert = "INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                             " VALUES ('person', 'first-of-510107', '510107001001', 'create', '{}', 'gen', NULL, 1)";
        QVERIFY(writer->execScript("BEGIN"));
        auto refused = writer->exec(insert);
        QVERIFY(!refused);
        QCOMPARE(server::newUnitOf(refused.error()), u"510107"_qs);
        QVERIFY(writer->execScript("ROLLBACK"));
        HEARTH_VERIFY_OK(server::ensureUnits(*writer, {u"510107"_qs}));
        QVERIFY(writer->execScript("BEGIN"));
        QVERIFY(writer->exec(insert));
        std::atomic<bool> done{false};
        QStringList seen;
        std::thread pulling([&] {
            const HttpReply page = m_server.get(u"/v1/pull?limit=5000&after=%1"_qs.arg(before), reader);
            for (const QJsonValue &c : page.json[u"changes"].toArray())
                seen << c[u"id"].toString();
            done = true;
        });
        QTest::qWait(700);
        QVERIFY(!done.load()); // waiting for the county's writer
        QVERIFY(writer->execScript("COMMIT"));
        pulling.join();
        QVERIFY2(seen.contains(u"first-of-510107"_qs), qPrintable(seen.join(u',')));
    }

    // Writers in two counties commit in any order; a reader whose scope spans both, pulling all
    // the while by protocol 2 (and one by protocol 1), ends with every change exactly once.
    void aReaderAcrossCountiesNeverSkipsAChange()
    {
        for (const QString &county : {u"510105"_qs, u"510106"_qs})
            QVERIFY(m_pg->exec("INSERT INTO areas (code, name, level, parent_code) VALUES ($1, '测试区', 3, '5101')"
                               " ON CONFLICT DO NOTHING",
                               {county}));
        const QByteArray reader = device(u"supervisor"_qs, u"510105,510106"_qs);
        QVERIFY(!reader.isEmpty());
        // First: a change of A drawn before one of B, committed after it.
        auto a = server::Pg::connect(m_server.databaseUrl());
        auto b = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(a && b);
        const char *insert = "INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                             " VALUES ('person', $1, $2, 'create', '{}', 'gen', NULL, 1) RETURNING cursor";
        QVERIFY(a->execScript("BEGIN"));
        auto first = a->exec(insert, {u"order-a"_qs, village(u"510105"_qs, 1, 1)});
        HEARTH_VERIFY_OK(first);
        auto second = b->exec(insert, {u"order-b"_qs, village(u"510106"_qs, 1, 1)});
        HEARTH_VERIFY_OK(second);
        QVERIFY(first->integer(0, 0) < second->integer(0, 0));
        HttpReply page = m_server.get(u"/v2/pull?after=0"_qs, reader);
        QCOMPARE(page.status, 200);
        QStringList seen;
        for (const QJsonValue &c : page.json[u"changes"].toArray())
            seen << c[u"id"].toString();
        seen.removeAll(u"c2"_qs); // the province's campaign, seen from below
        QCOMPARE(seen, QStringList{u"order-b"_qs}); // A's is not committed yet
        QVERIFY(a->execScript("COMMIT"));
        page = m_server.get(u"/v2/pull?after="_qs + QString::fromLatin1(QUrl::toPercentEncoding(page.json[u"next"].toString())), reader);
        QCOMPARE(page.json[u"changes"].toArray().size(), 1);
        QCOMPARE(page.json[u"changes"].toArray().first()[u"id"].toString(), u"order-a"_qs); // not skipped

        // Then: two writers at random, each commit holding 1-4 rows, a reader pulling throughout.
        std::atomic<bool> writing{true};
        QSet<QString> written;
        std::mutex writtenLock;
        auto writer = [&](const QString &county, int seed) {
            auto pg = server::Pg::connect(m_server.databaseUrl());
            QRandomGenerator random{quint32(seed)};
            for (int tx = 0; pg && tx < 40; ++tx) {
                (void)pg->execScript("BEGIN");
                QStringList ids;
                const int rows = 1 + int(random.bounded(4));
                for (int i = 0; i < rows; ++i) {
                    const QString id = u"%1-%2-%3"_qs.arg(county).arg(tx).arg(i);
                    if (pg->exec(insert, {id, village(county, 1, 1 + int(random.bounded(5)))}))
                        ids << id;
                    QThread::usleep(random.bounded(3000));
                }
                if (pg->execScript("COMMIT")) {
                    std::lock_guard guard(writtenLock);
                    for (const QString &id : ids)
                        written << id;
                }
            }
        };
        QStringList got2, got1;
        QString cursors = page.json[u"next"].toString();
        qint64 cursor1 = count("SELECT max(cursor) FROM changes"); // nothing is being written yet
        std::thread one(writer, u"510105"_qs, 1), two(writer, u"510106"_qs, 2);
        std::thread done([&] {
            one.join();
            two.join();
            writing = false;
        });
        auto drain = [&] {
            for (;;) {
                const HttpReply p2 = m_server.get(u"/v2/pull?limit=7&after="_qs + QString::fromLatin1(QUrl::toPercentEncoding(cursors)), reader);
                QCOMPARE(p2.status, 200);
                for (const QJsonValue &c : p2.json[u"changes"].toArray())
                    got2 << c[u"id"].toString();
                cursors = p2.json[u"next"].toString();
                const HttpReply p1 = m_server.get(u"/v1/pull?limit=5&after=%1"_qs.arg(cursor1), reader);
                QCOMPARE(p1.status, 200);
                for (const QJsonValue &c : p1.json[u"changes"].toArray())
                    got1 << c[u"id"].toString();
                cursor1 = p1.json[u"next"].toInteger();
                if (!p2.json[u"more"].toBool() && !p1.json[u"more"].toBool())
                    return;
            }
        };
        while (writing) {
            drain();
            QTest::qWait(3);
        }
        done.join();
        drain();
        QVERIFY(written.size() >= 80);
        QCOMPARE(QSet<QString>(got2.begin(), got2.end()), written);
        QCOMPARE(got2.size(), written.size()); // each once
        QSet<QString> got1Set(got1.begin(), got1.end());
        QCOMPARE(got1Set, written);
        QCOMPARE(got1.size(), written.size());
    }
};

QTEST_GUILESS_MAIN(TestScale)
#include "tst_scale.moc"
