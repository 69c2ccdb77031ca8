// SPDX-License-Identifier: GPL-3.0-or-later
// Sync under faults, against a real PostgreSQL and the real hearth-server process: a proxy of
// our own between device and server drops, truncates, delays, duplicates and resets
// connections mid-request and mid-response; the server is killed with SIGKILL mid-upload.
// Afterwards nothing acknowledged is lost, nothing is applied twice (the server's change rows
// per device match the outbox), and every photo upload resumes and arrives whole.
#include "core/domain/personrepository.h"
#include "core/sync/photoupload.h"
#include "server/pg.h"
#include "serverfixture.h"
#include "support/faultproxy.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>
#include <QTimer>

using namespace hearth;
using namespace hearth::test;

class TestSyncFaults : public QObject
{
    Q_OBJECT

    ServerFixture m_server;

    static sync::SyncOptions quickRetries(int attempts = 8)
    {
        sync::SyncOptions o;
        o.pushBatch = 20; // many requests, so the faults land in the middle of a round
        o.pullPage = 20;
        o.photoChunk = 64 * 1024;
        o.backoff = {attempts, 20, 200};
        return o;
    }

    Result<QString> addPerson(TestDevice &device, const QString &name)
    {
        domain::Person p;
        p.name = name;
        p.areaCode = testVillage();
        p.status = u"away"_qs;
        return domain::PersonRepository(device.db()).add(p);
    }

    // The server's change rows of a device by sequence: every outbox entry exactly once.
    qint64 serverRows(const char *sql, const QVariantList &params)
    {
        auto pg = server::Pg::connect(m_server.databaseUrl());
        if (!pg)
            return -1;
        auto r = pg->exec(sql, params);
        return r ? r->integer(0, 0) : -1;
    }

    // Bytes that went upstream for `device` to sync through a proxy that, once `cutOnceAbove`
    // bytes have passed, cuts the request in flight `cutAfter` bytes in and then drops every
    // connection (the network's own quick resends included) until the round gives up; a second
    // round then resumes. Without a cut (cutOnceAbove < 0), one clean round.
    qint64 uploadThroughProxy(TestDevice &device, qint64 cutOnceAbove, qint64 cutAfter, const sync::SyncOptions &o)
    {
        FaultProxy proxy(m_server.port());
        auto cut = std::make_shared<std::atomic<bool>>(false), linkDown = std::make_shared<std::atomic<bool>>(true);
        proxy.setPlan([&proxy, cut, linkDown, cutOnceAbove, cutAfter](int) {
            if (cutOnceAbove < 0 || proxy.bytesUpstream() < cutOnceAbove)
                return FaultPlan{};
            if (!cut->exchange(true))
                return FaultPlan{FaultPlan::Fault::CutRequest, cutAfter, 0};
            return *linkDown ? FaultPlan{FaultPlan::Fault::Drop, 0, 0} : FaultPlan{};
        });
        auto first = device.sync(proxy.baseUrl(), o);
        *linkDown = false;
        if (cutOnceAbove < 0)
            return first ? proxy.bytesUpstream() : -1;
        if (first || !*cut)
            return -1; // the cut did not interrupt the round: no proof
        return device.sync(proxy.baseUrl(), o) ? proxy.bytesUpstream() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"wang"_qs, u"--role"_qs, u"cadre"_qs, u"--scope"_qs,
                                 testVillage()},
                                "pass-wang-123"),
                 0);
    }

    void everyFaultMidRequestAndMidResponseLosesNothing_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<qint64>("after");
        QTest::addColumn<int>("delayMs");
        using F = FaultPlan::Fault;
        QTest::newRow("drop") << int(F::Drop) << qint64(0) << 0;
        QTest::newRow("request cut in the headers") << int(F::CutRequest) << qint64(40) << 0;
        QTest::newRow("request cut in the body") << int(F::CutRequest) << qint64(900) << 0;
        QTest::newRow("answer lost (reset before it)") << int(F::ResetResponse) << qint64(0) << 0;
        QTest::newRow("answer truncated") << int(F::CutResponse) << qint64(120) << 0;
        QTest::newRow("answer reset mid-body") << int(F::ResetResponse) << qint64(300) << 0;
        QTest::newRow("request duplicated") << int(F::Duplicate) << qint64(0) << 0;
        QTest::newRow("delayed") << int(F::None) << qint64(0) << 30;
    }

    void everyFaultMidRequestAndMidResponseLosesNothing()
    {
        QFETCH(int, fault);
        QFETCH(qint64, after);
        QFETCH(int, delayMs);
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        for (int i = 0; i < 60; ++i)
            HEARTH_VERIFY_OK(addPerson(a, u"测试%1"_qs.arg(i)));
        auto someone = addPerson(a, u"带照片的人"_qs);
        HEARTH_VERIFY_OK(someone);
        HEARTH_VERIFY_OK(a.addVisitWithPhoto(*someone, noiseJpeg(300 * 1024, quint32(fault * 100 + after))));

        // Every third connection through the proxy misbehaves; the engine retries.
        // (Qt's network stack quietly resends a request whose connection closed before any
        // answer; the engine's own retries handle the rest.)
        FaultProxy proxy(m_server.port());
        auto faulted = std::make_shared<std::atomic<int>>(0);
        proxy.setPlan([=](int connection) {
            if (connection % 3 != 1)
                return FaultPlan{FaultPlan::Fault::None, 0, delayMs};
            ++*faulted;
            return FaultPlan{FaultPlan::Fault(fault), after, delayMs};
        });
        sync::SyncOptions options = quickRetries();
        auto round = a.sync(proxy.baseUrl(), options);
        HEARTH_VERIFY_OK(round);
        QVERIFY2(*faulted >= 3, "too few connections went through the fault");
        qInfo("%d connections, %d with the fault; the engine retried %d requests", proxy.connections(), faulted->load(),
              round->retries);
        QVERIFY2(proxy.connections() > 3, "the faults never had a chance");
        // Everything went up exactly once: one change row per outbox entry.
        const qint64 outbox = a.db().queryInt("SELECT count(*) FROM outbox").value();
        QCOMPARE(serverRows("SELECT count(*) FROM changes WHERE device_id = $1", {a.meta("sync.device_id")}), outbox);
        QCOMPARE(serverRows("SELECT count(DISTINCT seq) FROM changes WHERE device_id = $1", {a.meta("sync.device_id")}), outbox);
        // The photo arrived whole.
        QCOMPARE(round->photosUploaded + round->photosAlreadyThere, 2);
        const QString hash = a.text("SELECT hash FROM photos");
        QCOMPARE(serverRows("SELECT count(*) FROM photos WHERE hash = $1 AND complete", {hash}), 1);
        const HttpReply content =
            m_server.request("GET", u"/v1/photos/%1/content"_qs.arg(hash), {}, a.meta("sync.token").toLatin1());
        QCOMPARE(content.status, 200);
        QCOMPARE(QCryptographicHash::hash(content.raw, QCryptographicHash::Sha256).toHex(), hash.toLatin1());
        // Another device pulls through the same faults and holds exactly the same.
        HEARTH_VERIFY_OK(b.sync(proxy.baseUrl(), options));
        QCOMPARE(b.snapshot()[u"people"], a.snapshot()[u"people"]);
        QCOMPARE(b.snapshot()[u"visits"], a.snapshot()[u"visits"]);
        // And a further round moves nothing.
        auto again = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(again);
        QCOMPARE(again->pushed + again->duplicates, 0);
        QCOMPARE(again->photosUploaded, 0);
    }

    void anInterruptedUploadResendsLessThanAChunk()
    {
        // Two devices, two photos of the same size: one uploads cleanly, the other's upload
        // breaks off mid-chunk 60 % of the way and resumes in a second round. The difference
        // in bytes on the wire is what the interruption cost.
        constexpr int kChunk = 128 * 1024;
        sync::SyncOptions once = quickRetries(1);
        once.photoChunk = kChunk;
        qint64 upstream[2] = {};
        qint64 size = 0;
        for (int interrupted = 0; interrupted < 2; ++interrupted) {
            TestDevice d;
            QVERIFY(d.ok());
            HEARTH_VERIFY_OK(d.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
            auto person = addPerson(d, u"照片%1"_qs.arg(interrupted));
            HEARTH_VERIFY_OK(person);
            const QByteArray jpeg = noiseJpeg(1200 * 1024, 900 + interrupted);
            size = jpeg.size();
            HEARTH_VERIFY_OK(d.addVisitWithPhoto(*person, jpeg));
            upstream[interrupted] = uploadThroughProxy(d, interrupted ? size * 6 / 10 : -1, kChunk / 2, once);
            QVERIFY2(upstream[interrupted] > size, "the round failed or the cut interrupted nothing");
            const QString hash = d.text("SELECT hash FROM photos");
            QCOMPARE(serverRows("SELECT count(*) FROM photos WHERE hash = $1 AND complete", {hash}), 1);
        }
        const qint64 resent = upstream[1] - upstream[0];
        qInfo("photo %lld bytes, chunk %d: clean %lld bytes upstream, interrupted %lld (+%lld)", size, kChunk,
              upstream[0], upstream[1], resent);
        QVERIFY2(resent < kChunk, qPrintable(u"resent %1 bytes"_qs.arg(resent)));
    }

    void theServerKilledMidUploadResumes()
    {
        TestDevice a;
        QVERIFY(a.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        auto person = addPerson(a, u"断电"_qs);
        HEARTH_VERIFY_OK(person);
        HEARTH_VERIFY_OK(a.addVisitWithPhoto(*person, noiseJpeg(800 * 1024, 5)));
        // A slow link (every block delayed) so the kill lands mid-upload.
        FaultProxy proxy(m_server.port());
        proxy.setPlan([](int) { return FaultPlan{FaultPlan::Fault::None, 0, 40}; });
        sync::SyncOptions o = quickRetries(1);
        o.photoChunk = 64 * 1024;
        QTimer::singleShot(700, [this] { QVERIFY(m_server.killServer()); });
        auto first = a.sync(proxy.baseUrl(), o);
        QVERIFY2(!first, "the round finished before the server was killed: the test proves nothing");
        QVERIFY(m_server.startServer());
        auto second = a.sync(proxy.baseUrl(), quickRetries());
        HEARTH_VERIFY_OK(second);
        const QString hash = a.text("SELECT hash FROM photos");
        QCOMPARE(serverRows("SELECT count(*) FROM photos WHERE hash = $1 AND complete", {hash}), 1);
        const qint64 outbox = a.db().queryInt("SELECT count(*) FROM outbox").value();
        QCOMPARE(serverRows("SELECT count(*) FROM changes WHERE device_id = $1", {a.meta("sync.device_id")}), outbox);
        const HttpReply content =
            m_server.request("GET", u"/v1/photos/%1/content"_qs.arg(hash), {}, a.meta("sync.token").toLatin1());
        QCOMPARE(QCryptographicHash::hash(content.raw, QCryptographicHash::Sha256).toHex(), hash.toLatin1());
    }

    // kill -9 of the server while a device pushes (first) and while another pulls (second), at
    // a few moments each; a new server process on the same database, then the rounds again.
    void theServerKilledMidPushAndMidPullLosesNothing_data()
    {
        QTest::addColumn<int>("killAfterMs");
        for (int ms : {120, 350, 700})
            QTest::addRow("after %d ms", ms) << ms;
    }

    void theServerKilledMidPushAndMidPullLosesNothing()
    {
        QFETCH(int, killAfterMs);
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        for (int i = 0; i < 120; ++i)
            HEARTH_VERIFY_OK(addPerson(a, u"断%1-%2"_qs.arg(killAfterMs).arg(i)));
        // A slow link, so the rounds last long enough to be cut.
        FaultProxy proxy(m_server.port());
        proxy.setPlan([](int) { return FaultPlan{FaultPlan::Fault::None, 0, 15}; });
        sync::SyncOptions once = quickRetries(1);
        once.pushBatch = 10;
        once.pullPage = 10;
        for (TestDevice *d : {&a, &b}) {
            QTimer::singleShot(killAfterMs, [this] { QVERIFY(m_server.killServer()); });
            auto cut = d->sync(proxy.baseUrl(), once);
            QVERIFY2(!cut, "the round ended before the kill: the test proves nothing");
            QVERIFY(m_server.startServer());
            HEARTH_VERIFY_OK(d->sync(m_server.baseUrl(), quickRetries()));
        }
        const qint64 outbox = a.db().queryInt("SELECT count(*) FROM outbox").value();
        QCOMPARE(serverRows("SELECT count(*) FROM changes WHERE device_id = $1", {a.meta("sync.device_id")}), outbox);
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        QCOMPARE(b.snapshot()[u"people"], a.snapshot()[u"people"]);
    }

    void driftIsFoundAndHealedKeepingTheOutbox()
    {
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        auto person = addPerson(a, u"漂移"_qs);
        HEARTH_VERIFY_OK(person);
        HEARTH_VERIFY_OK(a.addVisitWithPhoto(*person, noiseJpeg(20 * 1024, 3)));
        HEARTH_VERIFY_OK(addPerson(a, u"漂移二"_qs));
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        sync::SyncOptions verify;
        verify.verifyNow = true;
        auto clean = b.sync(m_server.baseUrl(), verify);
        HEARTH_VERIFY_OK(clean);
        QVERIFY(clean->verified);
        QVERIFY2(clean->drift.isEmpty(), qPrintable(clean->drift.join(u',')));
        // B's store drifts: a field changed behind the engine's back, a visit row lost.
        // (Not the person B edits next: the pull that follows its push would mend that one anyway.)
        QVERIFY(b.db().exec("UPDATE people SET employer = '不该有' WHERE name = '漂移二'").ok());
        const QString someVisit = b.text("SELECT id FROM visits LIMIT 1");
        QVERIFY(!someVisit.isEmpty());
        for (const char *sql : {"DELETE FROM photo_refs WHERE owner_id = ?", "DELETE FROM visit_needs WHERE visit_id = ?",
                                "DELETE FROM visit_goods WHERE visit_id = ?", "DELETE FROM visits WHERE id = ?"}) {
            auto stmt = b.db().prepare(sql);
            QVERIFY(stmt);
            stmt->bind(1, someVisit);
            HEARTH_VERIFY_OK(stmt->run());
        }
        // And it has an edit of its own waiting.
        domain::PersonEdit e;
        e.fields.insert(u"wishes"_qs, u"想回乡创业"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(b.db()).edit(*person, e));
        const qint64 outbox = b.db().queryInt("SELECT count(*) FROM outbox").value();
        auto healed = b.sync(m_server.baseUrl(), verify);
        HEARTH_VERIFY_OK(healed);
        QCOMPARE(healed->pushed, 1); // its own edit went first
        QVERIFY2(healed->drift == QStringList({u"person"_qs, u"visit"_qs}), qPrintable(healed->drift.join(u',')));
        // Narrowed to its one village (all it holds), not the whole scope again.
        QCOMPARE(healed->narrowedTo, QStringList{testVillage()});
        QVERIFY(!healed->redownloaded);
        QVERIFY2(healed->driftAfter.isEmpty(), qPrintable(healed->driftAfter.join(u',')));
        QCOMPARE(b.db().queryInt("SELECT count(*) FROM outbox").value(), outbox); // the outbox is kept
        QCOMPARE(b.text(("SELECT count(*) FROM visits WHERE id = '" + someVisit.toLatin1() + "'").constData()), u"1"_qs);
        QCOMPARE(b.text("SELECT coalesce(employer, '') FROM people WHERE name = '漂移二'"), QString());
        QCOMPARE(b.text("SELECT wishes FROM people WHERE name = '漂移'"), u"想回乡创业"_qs);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        QCOMPARE(b.snapshot()[u"people"], a.snapshot()[u"people"]);
    }

    // A county supervisor's store drifts in one village of several: the difference is narrowed
    // by kind, then by village (the server's digests by scope against the device's), and only
    // that village is pulled again; the rest of the county is not downloaded again.
    void aDifferenceIsNarrowedToItsVillage()
    {
        const QStringList villages{u"510321100203"_qs, u"510321100207"_qs, u"510321100215"_qs};
        QVERIFY(m_server.addUser(u"drift-county"_qs, u"supervisor"_qs, u"510321100"_qs, "drift-secret-1"));
        QVERIFY(m_server.addUser(u"drift-writer"_qs, u"cadre"_qs, u"510321100"_qs, "drift-secret-1"));
        TestDevice writer, county;
        QVERIFY(writer.ok() && county.ok());
        HEARTH_VERIFY_OK(writer.enrol(m_server.baseUrl(), u"drift-writer"_qs, "drift-secret-1"));
        HEARTH_VERIFY_OK(county.enrol(m_server.baseUrl(), u"drift-county"_qs, "drift-secret-1",
                                      m_server.secondFactorCode(u"drift-county"_qs, "drift-secret-1")));
        for (const QString &village : villages)
            for (int i = 0; i < 20; ++i) {
                domain::Person p;
                p.name = u"窄%1号"_qs.arg(i);
                p.areaCode = village;
                p.status = u"away"_qs;
                HEARTH_VERIFY_OK(domain::PersonRepository(writer.db()).add(p));
            }
        auto written = writer.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(written);
        QCOMPARE(written->pushed, 60);
        // One of the first village moves to the second, then is renamed there: its history in
        // the first village (created, moved away) must not be replayed over its present.
        domain::Person mover;
        mover.name = u"窄移"_qs;
        mover.areaCode = villages[0];
        mover.status = u"away"_qs;
        auto moverId = domain::PersonRepository(writer.db()).add(mover);
        HEARTH_VERIFY_OK(moverId);
        HEARTH_VERIFY_OK(writer.sync(m_server.baseUrl()));
        for (const auto &[key, value] : {std::pair{u"area_code"_qs, villages[1]}, std::pair{u"name"_qs, u"窄移二"_qs}}) {
            domain::PersonEdit e;
            e.fields.insert(key, value);
            HEARTH_VERIFY_OK(domain::PersonRepository(writer.db()).edit(*moverId, e));
            HEARTH_VERIFY_OK(writer.sync(m_server.baseUrl()));
        }
        sync::SyncOptions verify;
        verify.verifyNow = true;
        auto first = county.sync(m_server.baseUrl(), verify);
        HEARTH_VERIFY_OK(first);
        QVERIFY(first->drift.isEmpty());
        QCOMPARE(county.text("SELECT count(*) FROM people WHERE area_code = '510321100207'"), u"21"_qs);
        // One person of the second village changed behind the engine's back, one lost; one of
        // the first village changed too.
        QVERIFY(county.db().exec("UPDATE people SET employer = '不该有' WHERE area_code = '510321100207' AND name = '窄3号'").ok());
        QVERIFY(county.db().exec("DELETE FROM people WHERE area_code = '510321100207' AND name = '窄4号'").ok());
        QVERIFY(county.db().exec("UPDATE people SET employer = '不该有' WHERE area_code = '510321100203' AND name = '窄5号'").ok());
        auto healed = county.sync(m_server.baseUrl(), verify);
        HEARTH_VERIFY_OK(healed);
        QCOMPARE(healed->drift, QStringList{u"person"_qs});
        QCOMPARE(healed->narrowedTo, (QStringList{u"510321100203"_qs, u"510321100207"_qs}));
        QVERIFY2(!healed->redownloaded, qPrintable(healed->driftAfter.join(u',')));
        // Those two villages' rows (20 + 1 creates, the move, the rename; 20 creates in the
        // first), not the third's.
        QVERIFY2(healed->pulled < 50, qPrintable(QString::number(healed->pulled)));
        QCOMPARE(county.text("SELECT count(*) FROM people WHERE area_code = '510321100207'"), u"21"_qs);
        QCOMPARE(county.text("SELECT name FROM people WHERE area_code = '510321100207' AND name LIKE '窄移%'"), u"窄移二"_qs);
        QCOMPARE(county.text("SELECT coalesce(employer, '') FROM people WHERE name = '窄3号' AND area_code = '510321100207'"),
                 QString());
        QVERIFY(county.syncVerified(m_server.baseUrl()));
        // A village outside the scope may not be named; nor, by a province's user, a station
        // whose id happens to start with the province's digits (only area codes go by prefix).
        const HttpReply outside = m_server.get(u"/v2/pull?only=510321126201"_qs, county.meta("sync.token").toLatin1());
        QCOMPARE(outside.status, 403);
        QVERIFY(m_server.addUser(u"drift-province"_qs, u"supervisor"_qs, u"51"_qs, "drift-secret-1"));
        const QByteArray province = m_server.enrol(u"drift-province"_qs, u"drift-secret-1"_qs,
                                                   m_server.secondFactorCode(u"drift-province"_qs, "drift-secret-1"));
        QVERIFY(!province.isEmpty());
        QCOMPARE(m_server.get(u"/v2/pull?only=51000000-0000-4000-8000-000000000001"_qs, province).status, 403);
        const HttpReply own = m_server.get(u"/v2/pull?only=510321100207"_qs, province);
        QCOMPARE(own.status, 200);
        QCOMPARE(own.json[u"only"].toString(), u"510321100207"_qs);
    }

    void leavingAScopePurgesItAndGainingOneFetchesIt()
    {
        const QString villageA = testVillage(), villageB = u"510321126201"_qs;
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"mover"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, villageA + u',' + villageB},
                                "pass-mover-123"),
                 0);
        TestDevice d;
        QVERIFY(d.ok());
        HEARTH_VERIFY_OK(d.enrol(m_server.baseUrl(), u"mover"_qs, "pass-mover-123"));
        domain::Person inA, inB;
        inA.name = u"留下"_qs;
        inA.areaCode = villageA;
        inB.name = u"移走"_qs;
        inB.areaCode = villageB;
        HEARTH_VERIFY_OK(domain::PersonRepository(d.db()).add(inA));
        auto b = domain::PersonRepository(d.db()).add(inB);
        HEARTH_VERIFY_OK(b);
        HEARTH_VERIFY_OK(d.addVisitWithPhoto(*b, noiseJpeg(30 * 1024, 11)));
        const QString photo = d.text("SELECT hash FROM photos");
        HEARTH_VERIFY_OK(d.sync(m_server.baseUrl()));
        QVERIFY(d.media().contains(photo));

        // Village B is taken from the user: the device keeps village A only.
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"scope"_qs, u"mover"_qs, u"--scope"_qs, villageA}), 0);
        sync::SyncOptions verify;
        verify.verifyNow = true;
        auto left = d.sync(m_server.baseUrl(), verify);
        HEARTH_VERIFY_OK(left);
        QCOMPARE(left->scopesLeft, QStringList{villageB});
        QCOMPARE(left->purgedPeople, 1);
        QCOMPARE(d.text("SELECT count(*) FROM people WHERE area_code = '510321126201'"), u"0"_qs);
        QCOMPARE(d.text("SELECT count(*) FROM people WHERE name = '留下'"), u"1"_qs);
        QCOMPARE(d.text("SELECT count(*) FROM visits WHERE person_id = '" + b->toLatin1() + "'"), u"0"_qs);
        QCOMPARE(d.text("SELECT count(*) FROM search_terms t JOIN people p ON p.rowid = t.subject"), 
                 d.text("SELECT count(*) FROM search_terms WHERE kind < 4")); // no terms left pointing nowhere
        QVERIFY(!d.media().contains(photo)); // the photo file is gone too
        QVERIFY2(left->drift.isEmpty(), qPrintable(left->drift.join(u',')));

        // And given back: its records come down again from the start.
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"scope"_qs, u"mover"_qs, u"--scope"_qs, villageA + u',' + villageB}),
                 0);
        auto gained = d.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(gained);
        QCOMPARE(gained->scopesGained, QStringList{villageB});
        QCOMPARE(d.text("SELECT count(*) FROM people WHERE name = '移走'"), u"1"_qs);
        QCOMPARE(d.text("SELECT count(*) FROM visits WHERE person_id = '" + b->toLatin1() + "'"), u"1"_qs);
    }

    void aDeletedPersonLeavesEveryDeviceAndALateEditIsKept()
    {
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), u"wang"_qs, "pass-wang-123"));
        auto mistake = addPerson(a, u"录错了"_qs);
        auto visited = addPerson(a, u"有走访"_qs);
        HEARTH_VERIFY_OK(mistake);
        HEARTH_VERIFY_OK(visited);
        HEARTH_VERIFY_OK(a.addVisitWithPhoto(*visited, noiseJpeg(20 * 1024, 8)));
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        // Someone with a visit cannot be deleted; the one entered by mistake can.
        HEARTH_VERIFY_ERROR(domain::PersonRepository(a.db()).remove(*visited), ErrorCode::InvalidRecord);
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).remove(*mistake));
        // B, offline, edits the same person meanwhile.
        domain::PersonEdit e;
        e.fields.insert(u"employer"_qs, u"晚到的修改"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(b.db()).edit(*mistake, e));
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        auto late = b.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(late);
        QCOMPARE(late->rejected.size(), 1); // B's edit: kept on the server for review, listed on B
        QVERIFY(late->rejected.first().reasonEn.contains(u"deleted"));
        QCOMPARE(serverRows("SELECT count(*) FROM rejections WHERE id = $1", {*mistake}), 1);
        const QString gone = u"SELECT count(*) FROM people WHERE id = '%1'"_qs.arg(*mistake);
        QCOMPARE(a.text(qPrintable(gone)), u"0"_qs);
        QCOMPARE(b.text(qPrintable(gone)), u"0"_qs);
        sync::SyncOptions verify;
        verify.verifyNow = true;
        auto checked = b.sync(m_server.baseUrl(), verify);
        HEARTH_VERIFY_OK(checked);
        QVERIFY2(checked->drift.isEmpty(), qPrintable(checked->drift.join(u',')));
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"
