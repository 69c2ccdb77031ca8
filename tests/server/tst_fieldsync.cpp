// SPDX-License-Identifier: GPL-3.0-or-later
// Sync as an unlucky field team meets it (issue 11), each case on real SQLCipher stores, the
// real server process and a private PostgreSQL: the same worker registered twice offline, a
// reference to a record the device does not hold, what a device would refuse, one entry the
// server cannot store, a copied store, enrolling again, creation times, and pulled changes a
// build cannot apply. Each was reproduced failing before the record model.
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/visit.h"
#include "core/protocol/entry.h"
#include "core/sync/conflicts.h"
#include "server/pg.h"
#include "serverfixture.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QProcess>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

const QByteArray kPassword = "pass-field-123";
// A resident ID number with its right check digit.
QString idNumber(const char *first17)
{
    const QString digits = QString::fromLatin1(first17);
    return digits + domain::idCheckCharacter(digits);
}
const QString kIdNumber = idNumber("51032119800101001"); // the same returning worker, on two phones

domain::Person worker(const QString &name, const QString &idNumber = {})
{
    domain::Person p;
    p.name = name;
    p.areaCode = testVillage();
    p.status = u"returned"_qs;
    p.idNumber = idNumber;
    return p;
}

} // namespace

class TestFieldSync : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    int m_users = 0;

    // A new user of the test village (or `scope`), so each test has devices of its own.
    QString newUser(const QString &role = u"cadre"_qs, const QString &scope = testVillage())
    {
        const QString name = u"user%1"_qs.arg(++m_users);
        return m_server.addUser(name, role, scope, kPassword) ? name : QString();
    }

    static sync::SyncOptions verifying()
    {
        sync::SyncOptions o;
        o.verifyNow = true;
        return o;
    }

    bool syncClean(TestDevice &d) { return d.syncVerified(m_server.baseUrl()); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }

    void theSameWorkerRegisteredTwiceOfflineIsKeptTwiceAndSyncGoesOn()
    {
        const QString user = newUser();
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        auto onA = domain::PersonRepository(a.db()).add(worker(u"王建国"_qs, kIdNumber));
        auto onB = domain::PersonRepository(b.db()).add(worker(u"王建国"_qs, kIdNumber));
        HEARTH_VERIFY_OK(onA);
        HEARTH_VERIFY_OK(onB);
        for (int round = 0; round < 2; ++round) {
            QVERIFY(syncClean(a));
            QVERIFY(syncClean(b));
        }
        // Both devices hold both records; the server lists the pair for a supervisor.
        const std::string same = "SELECT count(*) FROM people WHERE id_number = '" + kIdNumber.toStdString() + "'";
        QCOMPARE(a.text(same.c_str()), u"2"_qs);
        QCOMPARE(b.text(same.c_str()), u"2"_qs);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM duplicates WHERE first_id = least($1, $2) AND second_id = greatest($1, $2)",
                           {*onA, *onB}),
                 1);
        QByteArray listed;
        QCOMPARE(m_server.admin({u"admin"_qs, u"duplicates"_qs}, {}, &listed), 0);
        QVERIFY(listed.contains(onA->toUtf8()) && listed.contains(onB->toUtf8()));
        // Both devices were told: each record's page names the other.
        auto onAsPage = sync::sameAs(a.db(), *onA);
        HEARTH_VERIFY_OK(onAsPage);
        QCOMPARE(onAsPage->size(), 1);
        QCOMPARE(onAsPage->first().personId, *onB);
        QCOMPARE(sync::sameAs(b.db(), *onB)->first().personId, *onA);
        // And the cursor moves: what comes next reaches the other device.
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).add(worker(u"李秀英"_qs)));
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        QCOMPARE(b.text("SELECT count(*) FROM people WHERE name = '李秀英'"), u"1"_qs);
        QCOMPARE(a.snapshot(), b.snapshot());
    }

    void aSupervisorMergesTheTwoAndEveryDeviceEndsWithTheSurvivor()
    {
        const QString village = u"510321001003"_qs;
        const QString user = newUser(u"cadre"_qs, village);
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        const QString number = idNumber("51032119750505003");
        domain::Person first = worker(u"刘德兵"_qs, number), second = worker(u"刘德兵"_qs, number);
        first.areaCode = second.areaCode = village;
        first.phone = u"13500001111"_qs;
        second.phone = u"13900009999"_qs;
        second.tags = {u"困难"_qs};
        auto keep = domain::PersonRepository(a.db()).add(first);
        auto other = domain::PersonRepository(b.db()).add(second);
        HEARTH_VERIFY_OK(keep);
        HEARTH_VERIFY_OK(other);
        domain::Visit v;
        v.personId = *other;
        v.kind = u"home"_qs;
        v.location.reasonCode = u"no_fix"_qs;
        HEARTH_VERIFY_OK(domain::VisitRepository(b.db()).add(v));
        HEARTH_VERIFY_OK(domain::RecordRepository(b.db()).addFollowUp({{}, *other, {}, {}, u"jobs"_qs, u"open"_qs, {}, {}, -1, -1}));
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        QVERIFY(syncClean(a));
        // b visits the second record again while offline; meanwhile the supervisor merges.
        auto late = domain::VisitRepository(b.db()).add(v);
        HEARTH_VERIFY_OK(late);
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"duplicates"_qs, u"merge"_qs, *keep, *other, u"--take"_qs, u"phone"_qs,
                                 u"--reason"_qs, u"同一人，两台设备各登记了一次"_qs, u"--by"_qs, u"supervisor-li"_qs},
                                {}, &out),
                 0);
        QVERIFY(syncClean(b));
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        for (TestDevice *d : {&a, &b}) {
            QCOMPARE(d->text("SELECT count(*) FROM people WHERE name = '刘德兵'"), u"1"_qs);
            QCOMPARE(d->text("SELECT id FROM people WHERE name = '刘德兵'"), *keep);
            QCOMPARE(d->text("SELECT phone FROM people WHERE name = '刘德兵'"), u"13900009999"_qs);
            QCOMPARE(d->text("SELECT group_concat(tag) FROM person_tags t JOIN people p ON p.id = t.person_id"
                             " WHERE p.name = '刘德兵'"),
                     u"困难"_qs);
            // Both visits (the late one made offline to the merged record too) and the follow-up moved.
            const std::string visits = "SELECT count(*) FROM visits WHERE person_id = '" + keep->toStdString() + "'";
            QCOMPARE(d->text(visits.c_str()), u"2"_qs);
            const std::string followUps = "SELECT count(*) FROM followups WHERE person_id = '" + keep->toStdString() + "'";
            QCOMPARE(d->text(followUps.c_str()), u"1"_qs);
        }
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'merge' AND actor = 'supervisor-li' AND subject = $1", {*keep}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM duplicates WHERE resolved_at IS NULL AND (first_id = $1 OR second_id = $1)", {*keep}), 0);
        QCOMPARE(a.snapshot(), b.snapshot());
    }

    void aPersonFollowedByAStationTheVillageDoesNotHoldStillApplies()
    {
        // A branch station's staff see the county and open a case on a worker of this village.
        const QString cadre = newUser();
        const QString staff = newUser(u"station"_qs, u"510321"_qs);
        TestDevice village, station;
        QVERIFY(village.ok() && station.ok());
        HEARTH_VERIFY_OK(village.enrol(m_server.baseUrl(), cadre, kPassword));
        HEARTH_VERIFY_OK(station.enrol(m_server.baseUrl(), staff, kPassword));
        auto person = domain::PersonRepository(village.db()).add(worker(u"赵小军"_qs));
        HEARTH_VERIFY_OK(person);
        QVERIFY(syncClean(village));
        QVERIFY(syncClean(station));
        auto stationId = domain::RecordRepository(station.db()).addStation({{}, u"branch"_qs, u"广州工作站"_qs, u"510321"_qs, u"广州"_qs, {}});
        HEARTH_VERIFY_OK(stationId);
        domain::PersonEdit follow;
        follow.fields.insert(u"station_id"_qs, *stationId);
        HEARTH_VERIFY_OK(domain::PersonRepository(station.db()).edit(*person, follow));
        QVERIFY(syncClean(station));
        // The village device holds no station, yet takes the person as the server has them.
        auto r = village.sync(m_server.baseUrl(), verifying());
        HEARTH_VERIFY_OK(r);
        QCOMPARE(r->setAside, 0);
        QCOMPARE(village.text("SELECT station_id FROM people WHERE name = '赵小军'"), *stationId);
        QCOMPARE(village.text("SELECT count(*) FROM stations"), u"0"_qs);
        // And edits them: the station, which it leaves as it is, is the server's to keep.
        HEARTH_VERIFY_OK(domain::PersonRepository(village.db()).edit(*person, {{{u"employer"_qs, u"鞋厂"_qs}}, {}, {}}));
        QVERIFY(syncClean(village));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE id = $1 AND body->>'employer' = '鞋厂'"
                                   " AND body->>'station_id' = $2", {*person, *stationId}),
                 1);
        // A station it does not hold, newly set: refused on the phone.
        domain::PersonEdit elsewhere;
        elsewhere.fields.insert(u"station_id"_qs, u"01a23d0e-0000-7000-8000-000000000000"_qs);
        QVERIFY(!domain::PersonRepository(village.db()).edit(*person, elsewhere));
    }

    void whatADeviceWouldRefuseIsRefusedAtPushAndWhatFollowsApplies()
    {
        const QString user = newUser();
        const QByteArray token = m_server.enrol(user, QString::fromUtf8(kPassword));
        QVERIFY(!token.isEmpty());
        auto entry = [](qint64 seq, const char *entity, const QString &id, const QJsonObject &payload) {
            return QJsonObject{{u"seq"_qs, seq}, {u"entity"_qs, QLatin1String(entity)}, {u"entity_id"_qs, id},
                               {u"op"_qs, u"create"_qs}, {u"payload"_qs, payload}, {u"hlc"_qs, u"1"_qs}};
        };
        const QJsonObject none{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}};
        const QString p = u"fs-p1"_qs;
        const QJsonArray entries{
            entry(1, "person", p, {{u"name"_qs, u"钱多多"_qs}, {u"area_code"_qs, testVillage()}}),
            entry(2, "visit", u"fs-v1"_qs, {{u"person_id"_qs, p}, {u"kind"_qs, u"video"_qs}, {u"visited_at"_qs, 1}, {u"utc_offset_min"_qs, 480}, {u"location"_qs, none}}),
            entry(3, "visit", u"fs-v2"_qs, {{u"person_id"_qs, p}, {u"kind"_qs, u"home"_qs}, {u"visited_at"_qs, 1}, {u"utc_offset_min"_qs, 480},
                                          {u"campaign_id"_qs, u"no-such-campaign"_qs}, {u"location"_qs, none}}),
            entry(4, "followup", u"fs-f1"_qs, {{u"person_id"_qs, p}, {u"category"_qs, u"jobs"_qs}, {u"status"_qs, u"lost"_qs}}),
            entry(5, "person", u"fs-p2"_qs, {{u"name"_qs, u"孙"_qs}, {u"area_code"_qs, testVillage()}, {u"station_id"_qs, u"no-such-station"_qs}}),
            entry(6, "person", u"fs-p3"_qs, {{u"name"_qs, u"周"_qs}, {u"area_code"_qs, testVillage()}, {u"status"_qs, u"gone"_qs}}),
            entry(7, "visit", u"fs-v3"_qs, {{u"person_id"_qs, p}, {u"kind"_qs, u"home"_qs}, {u"visited_at"_qs, 1}, {u"utc_offset_min"_qs, 480}, {u"location"_qs, none}}),
            // A station whose id reads as an area code would make its creator's scope a province.
            entry(8, "station", u"51"_qs, {{u"kind"_qs, u"branch"_qs}, {u"name"_qs, u"假站"_qs}}),
            entry(9, "person", u"fs-p4"_qs, {{u"name"_qs, u"吴"_qs}, {u"area_code"_qs, testVillage()}, {u"tags"_qs, QJsonArray{u"困难"_qs, u"困难"_qs}}}),
        };
        const HttpReply r = m_server.post(u"/v1/push"_qs, QJsonObject{{u"entries"_qs, entries}}, token);
        QCOMPARE(r.status, 200);
        QStringList statuses, reasons;
        for (const QJsonValue &v : r.json[u"results"].toArray())
            statuses << v[u"status"].toString(), reasons << v[u"reason_en"].toString();
        QCOMPARE(statuses, QStringList({u"applied"_qs, u"rejected"_qs, u"rejected"_qs, u"rejected"_qs, u"rejected"_qs,
                                        u"rejected"_qs, u"applied"_qs, u"rejected"_qs, u"rejected"_qs}));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE name = $1 AND '51' = ANY(scopes)", {user}), 0);
        QVERIFY2(reasons[1].contains(u"kind"), qPrintable(reasons[1]));
        QVERIFY2(reasons[2].contains(u"campaign"), qPrintable(reasons[2]));
        QVERIFY2(reasons[3].contains(u"status"), qPrintable(reasons[3]));
        QVERIFY2(reasons[4].contains(u"station"), qPrintable(reasons[4]));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM rejections WHERE id LIKE 'fs-%'"), 6);
        // What a village may only read (the county's campaign) it may not delete.
        const QString county = newUser(u"supervisor"_qs, u"510321"_qs);
        const QByteArray countyToken = m_server.enrol(county, QString::fromUtf8(kPassword), m_server.secondFactorCode(county, kPassword));
        const QJsonObject campaign{{u"seq"_qs, 1}, {u"entity"_qs, u"campaign"_qs}, {u"entity_id"_qs, u"fs-c1"_qs},
                                   {u"op"_qs, u"create"_qs},
                                   {u"payload"_qs, QJsonObject{{u"name"_qs, u"春节走访"_qs}, {u"starts_on"_qs, u"2026-01-01"_qs},
                                                               {u"ends_on"_qs, u"2026-02-28"_qs},
                                                               {u"target_areas"_qs, QJsonArray{u"510321"_qs}}}}};
        QCOMPARE(m_server.post(u"/v1/push"_qs, QJsonObject{{u"entries"_qs, QJsonArray{campaign}}}, countyToken)
                     .json[u"results"].toArray()[0][u"status"].toString(),
                 u"applied"_qs);
        const QJsonObject drop{{u"seq"_qs, 10}, {u"entity"_qs, u"campaign"_qs}, {u"entity_id"_qs, u"fs-c1"_qs},
                               {u"op"_qs, u"delete"_qs}, {u"payload"_qs, QJsonObject{}}};
        const HttpReply refusedDrop = m_server.post(u"/v1/push"_qs, QJsonObject{{u"entries"_qs, QJsonArray{drop}}}, token);
        QCOMPARE(refusedDrop.json[u"results"].toArray()[0][u"status"].toString(), u"rejected"_qs);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE id = 'fs-c1' AND NOT deleted"), 1);
        // A device of the scope pulls what was stored and applies all of it.
        TestDevice d;
        QVERIFY(d.ok());
        HEARTH_VERIFY_OK(d.enrol(m_server.baseUrl(), user, kPassword));
        auto round = d.sync(m_server.baseUrl(), verifying());
        HEARTH_VERIFY_OK(round);
        QCOMPARE(round->setAside, 0);
        QCOMPARE(d.text("SELECT count(*) FROM visits WHERE person_id = 'fs-p1'"), u"1"_qs);
    }

    void oneEntryTheServerCannotStoreRefusesOnlyItselfAndLogsNoPersonalData()
    {
        // Any database error while applying, made certain by a trigger that fails on one name and
        // (as PostgreSQL's own messages do) quotes the row in its message and detail.
        QVERIFY(m_server.execSql("CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                           " IF NEW.body->>'name' = '爆炸测试' THEN RAISE EXCEPTION 'bad row %', NEW.body"
                           " USING DETAIL = NEW.body::text; END IF; RETURN NEW; END $$"));
        QVERIFY(m_server.execSql("CREATE TRIGGER boom BEFORE INSERT ON records FOR EACH ROW EXECUTE FUNCTION boom()"));
        const QString user = newUser();
        TestDevice a;
        QVERIFY(a.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        const QString secretId = idNumber("51032119900307002"); // in the row the trigger quotes
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).add(worker(u"先来的"_qs)));
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).add(worker(u"爆炸测试"_qs, secretId)));
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).add(worker(u"后来的"_qs)));
        auto r = a.sync(m_server.baseUrl());
        QVERIFY(m_server.execSql("DROP TRIGGER boom ON records"));
        HEARTH_VERIFY_OK(r);
        QCOMPARE(r->pushed, 2);
        QCOMPARE(r->rejected.size(), 1);
        QVERIFY(r->rejected[0].reasonEn.contains(u"could not store"));
        // Kept for review, as it came; what followed it applied.
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM rejections WHERE payload LIKE '%' || $1 || '%'", {secretId}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE body->>'name' IN ('先来的', '后来的')"), 2);
        // The server's log names the SQLSTATE, never the person.
        const QByteArray log = m_server.serverLog();
        QVERIFY2(log.contains("SQLSTATE"), log.constData());
        QVERIFY2(!log.contains(secretId.toUtf8()) && !log.contains(QByteArray("爆炸测试")), log.constData());
        // A name with U+0000 (which PostgreSQL's JSON refuses) is refused by the model, alone.
        const QByteArray token = m_server.enrol(user, QString::fromUtf8(kPassword));
        const QJsonObject bad{{u"seq"_qs, 1}, {u"entity"_qs, u"person"_qs}, {u"entity_id"_qs, u"nul-1"_qs}, {u"op"_qs, u"create"_qs},
                              {u"payload"_qs, QJsonObject{{u"name"_qs, u"张\u0000三"_qs}, {u"area_code"_qs, testVillage()}}}};
        const HttpReply nul = m_server.post(u"/v1/push"_qs, QJsonObject{{u"entries"_qs, QJsonArray{bad}}}, token);
        QCOMPARE(nul.status, 200);
        QCOMPARE(nul.json[u"results"].toArray()[0][u"status"].toString(), u"rejected"_qs);
        QVERIFY(nul.json[u"results"].toArray()[0][u"reason_en"].toString().contains(u"control character"));
        // A visit the model takes but the report cannot count (a time past PostgreSQL's years):
        // its figures are kept inside its own statement, so it too is refused alone.
        const auto entry = [](int seq, const QString &entity, const QString &id, const QJsonObject &payload) {
            return QJsonObject{{u"seq"_qs, seq}, {u"entity"_qs, entity}, {u"entity_id"_qs, id}, {u"op"_qs, u"create"_qs},
                               {u"created_at"_qs, qint64(1'763'800'000'000) + seq},
                               {u"hlc"_qs, QString::number((qint64(1'763'800'000'000) + seq) << 16)}, {u"payload"_qs, payload}};
        };
        const auto visit = [](qint64 at) {
            return QJsonObject{{u"person_id"_qs, u"far-person"_qs}, {u"kind"_qs, u"home"_qs}, {u"visited_at"_qs, at},
                               {u"utc_offset_min"_qs, 480}, {u"visitors"_qs, QJsonArray{u"王芳"_qs}},
                               {u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}}}};
        };
        const QJsonArray entries{
            entry(2, u"person"_qs, u"far-person"_qs, {{u"name"_qs, u"远方"_qs}, {u"area_code"_qs, testVillage()}}),
            entry(3, u"visit"_qs, u"far-visit"_qs, visit(qint64(1e16))),
            entry(4, u"visit"_qs, u"near-visit"_qs, visit(qint64(1'763'800'000'000)))};
        const HttpReply far = m_server.post(u"/v1/push"_qs, QJsonObject{{u"entries"_qs, entries}}, token);
        QCOMPARE(far.status, 200);
        const QJsonArray results = far.json[u"results"].toArray();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0][u"status"].toString(), u"applied"_qs);
        QCOMPARE(results[1][u"status"].toString(), u"rejected"_qs);
        QCOMPARE(results[2][u"status"].toString(), u"applied"_qs);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE id IN ('far-person', 'near-visit')"), 2);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE id = 'far-visit'"), 0);
    }

    void aCopiedStoreIsToldAndEveryRecordOfBothArrivesOnce()
    {
        const QString user = newUser();
        TestDevice original;
        QVERIFY(original.ok());
        HEARTH_VERIFY_OK(original.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"复制前一"_qs)));
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"复制前二"_qs)));
        QVERIFY(syncClean(original));
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"未上传"_qs))); // copied unsent
        TestDevice copy(original);
        QVERIFY(copy.ok());
        // Both go on recording with the same next sequence numbers.
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"原机新增"_qs)));
        HEARTH_VERIFY_OK(domain::PersonRepository(copy.db()).add(worker(u"副本新增一"_qs)));
        HEARTH_VERIFY_OK(domain::PersonRepository(copy.db()).add(worker(u"副本新增二"_qs)));
        QVERIFY(syncClean(original));
        auto told = copy.sync(m_server.baseUrl());
        QVERIFY(!told);
        QCOMPARE(told.error().detail(), QString::fromLatin1(protocol::kCopiedStore));
        QVERIFY(sync::isCopiedStore(copy.db()));
        QVERIFY(!copy.sync(m_server.baseUrl())); // nothing goes up until it enrols again
        HEARTH_VERIFY_OK(copy.enrol(m_server.baseUrl(), user, kPassword));
        QVERIFY(!sync::isCopiedStore(copy.db()));
        QVERIFY(syncClean(copy));
        QVERIFY(syncClean(original));
        // Every record of both, exactly once on the server and on both devices.
        for (const char *name : {"复制前一", "复制前二", "未上传", "原机新增", "副本新增一", "副本新增二"}) {
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND body->>'name' = $1",
                               {QString::fromUtf8(name)}),
                     1);
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM changes WHERE entity = 'person' AND body->>'name' = $1",
                               {QString::fromUtf8(name)}),
                     1);
        }
        QCOMPARE(original.snapshot(), copy.snapshot());
    }

    void aStoreBehindItsCopyStillSendsWhatOnlyItHas()
    {
        // The copy went on and synced first; the original then sends only what both had. The
        // server's answer must not acknowledge the copy's later sequence numbers for it: its own
        // next entry still goes up (and is told apart from the copy's).
        const QString user = newUser();
        TestDevice original;
        QVERIFY(original.ok());
        HEARTH_VERIFY_OK(original.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"先同步的"_qs)));
        QVERIFY(syncClean(original));
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"两边都有"_qs)));
        TestDevice copy(original);
        QVERIFY(copy.ok());
        HEARTH_VERIFY_OK(domain::PersonRepository(copy.db()).add(worker(u"副本甲"_qs)));
        HEARTH_VERIFY_OK(domain::PersonRepository(copy.db()).add(worker(u"副本乙"_qs)));
        QVERIFY(syncClean(copy));
        QVERIFY(syncClean(original)); // sends only the shared entry: a duplicate
        QCOMPARE(original.meta("sync.pushed_seq"), u"2"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"原机才有"_qs)));
        auto told = original.sync(m_server.baseUrl());
        QVERIFY(!told);
        QCOMPARE(told.error().detail(), QString::fromLatin1(protocol::kCopiedStore));
        HEARTH_VERIFY_OK(original.enrol(m_server.baseUrl(), user, kPassword));
        QVERIFY(syncClean(original));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE body->>'name' = '原机才有'"), 1);
    }

    void aCopyEnrollingAgainNeverUndoesALaterEdit()
    {
        // The phone is copied while an edit waits to be sent; the original sends it, another
        // device sets the value back; the copy, told it is a copy, enrols again and sends the same
        // edit under its new identity. Its base matches again, but the later edit must stay.
        const QString user = newUser();
        TestDevice original, other;
        QVERIFY(original.ok() && other.ok());
        HEARTH_VERIFY_OK(original.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(other.enrol(m_server.baseUrl(), user, kPassword));
        domain::Person p = worker(u"改回去"_qs);
        p.phone = u"13500001111"_qs;
        auto id = domain::PersonRepository(original.db()).add(p);
        HEARTH_VERIFY_OK(id);
        QVERIFY(syncClean(original));
        QVERIFY(syncClean(other));
        domain::PersonEdit edit;
        edit.fields.insert(u"phone"_qs, u"13600002222"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).edit(*id, edit));
        TestDevice copy(original);
        QVERIFY(copy.ok());
        HEARTH_VERIFY_OK(domain::PersonRepository(copy.db()).add(worker(u"副本的人"_qs)));
        HEARTH_VERIFY_OK(domain::PersonRepository(original.db()).add(worker(u"原机的人"_qs)));
        QVERIFY(syncClean(original));
        QVERIFY(syncClean(other));
        domain::PersonEdit back;
        back.fields.insert(u"phone"_qs, u"13500001111"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(other.db()).edit(*id, back));
        QVERIFY(syncClean(other));
        QVERIFY(!copy.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(copy.enrol(m_server.baseUrl(), user, kPassword));
        QVERIFY(syncClean(copy));
        QCOMPARE(m_server.queryInt("SELECT (body->>'phone')::bigint FROM records WHERE id = $1", {*id}), 13500001111);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE body->>'name' = '副本的人'"), 1);
        QVERIFY(syncClean(original));
        QCOMPARE(original.text("SELECT phone FROM people WHERE name = '改回去'"), u"13500001111"_qs);
    }

    void enrollingAgainNeverResendsWhatTheServerAcknowledged()
    {
        const QString user = newUser();
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        domain::Person p = worker(u"陈电话"_qs);
        p.phone = u"13500001111"_qs;
        auto id = domain::PersonRepository(a.db()).add(p);
        HEARTH_VERIFY_OK(id);
        domain::PersonEdit edit;
        edit.fields.insert(u"phone"_qs, u"13600002222"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).edit(*id, edit));
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        // Another device sets the number back, so the first edit's base matches again.
        domain::PersonEdit back;
        back.fields.insert(u"phone"_qs, u"13500001111"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(b.db()).edit(*id, back));
        QVERIFY(syncClean(b));
        // The first device is revoked and enrols again (the way back): nothing is resent.
        const QString oldDevice = a.meta("sync.device_id");
        QCOMPARE(m_server.admin({u"admin"_qs, u"revoke"_qs, oldDevice}), 0);
        QVERIFY(!a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        QVERIFY(a.meta("sync.device_id") != oldDevice);
        auto round = a.sync(m_server.baseUrl(), verifying());
        HEARTH_VERIFY_OK(round);
        QCOMPARE(round->pushed, 0);
        QCOMPARE(round->duplicates, 0);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM changes WHERE device_id = $1", {a.meta("sync.device_id")}), 0);
        QCOMPARE(a.text("SELECT phone FROM people WHERE name = '陈电话'"), u"13500001111"_qs);
        // What it records next goes up under the new identity, once.
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).add(worker(u"重新登记后"_qs)));
        QVERIFY(syncClean(a));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM changes WHERE device_id = $1", {a.meta("sync.device_id")}), 1);
    }

    void aRecordKeepsItsCreationTimeOnEveryDevice()
    {
        const QString user = newUser();
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        const qint64 made = 1'700'000'000'000; // long before this test ran
        const domain::Clock then = [made] { return made; };
        auto person = domain::PersonRepository(a.db(), then).add(worker(u"时间老人"_qs));
        HEARTH_VERIFY_OK(person);
        domain::Visit v;
        v.personId = *person;
        v.kind = u"home"_qs;
        v.location.reasonCode = u"no_fix"_qs;
        HEARTH_VERIFY_OK(domain::VisitRepository(a.db(), then).add(v));
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        QCOMPARE(b.text("SELECT created_at FROM people WHERE name = '时间老人'"), QString::number(made));
        const std::string visit = "SELECT created_at FROM visits WHERE person_id = '" + person->toStdString() + "'";
        QCOMPARE(b.text(visit.c_str()), QString::number(made));
        QCOMPARE(m_server.queryInt("SELECT (body->>'created_at')::bigint FROM records WHERE id = $1", {*person}), made);
    }

    void aPulledChangeThisBuildCannotApplyIsSetAsideAndSyncGoesOn()
    {
        const QString user = newUser();
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        // Written straight into the server's tables, as a newer or broken server might: a kind this
        // build does not know, a person with a status it does not know, and a visit that arrives
        // before its person.
        const QString later = u"fs-later-person"_qs;
        const QString village = testVillage();
        const QString early = QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"person_id"_qs, later}, {u"kind"_qs, u"home"_qs}, {u"visited_at"_qs, 1},
                                      {u"utc_offset_min"_qs, 480},
                                      {u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}}}})
                .toJson(QJsonDocument::Compact));
        const QString odd = u"{\"name\": \"怪\", \"area_code\": \"510321100027\", \"status\": \"abroad\"}"_qs;
        QVERIFY(m_server.execSql("INSERT INTO records (entity, id, scope, body) VALUES ('training_course', 'jf-1', $1, '{\"name\": \"技能培训\"}'),"
                           " ('person', 'fs-odd', $1, $2), ('visit', 'fs-early', $1, $3)",
                           {village, odd, early}));
        QVERIFY(m_server.execSql("INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc) VALUES"
                           " ('training_course', 'jf-1', $1, 'create', '{\"name\": \"技能培训\"}', 'server', NULL, 1),"
                           " ('person', 'fs-odd', $1, 'create', $2, 'server', NULL, 1),"
                           " ('visit', 'fs-early', $1, 'create', $3, 'server', NULL, 1)",
                           {village, odd, early}));
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).add(worker(u"照常同步"_qs)));
        QVERIFY(a.sync(m_server.baseUrl()).ok());
        auto r = b.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(r);
        QCOMPARE(r->setAside, 3);
        QCOMPARE(b.text("SELECT count(*) FROM people WHERE name = '照常同步'"), u"1"_qs); // the rest applied
        auto listed = sync::setAsideChanges(b.db());
        HEARTH_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 3);
        QVERIFY(listed->at(0).reason.contains(u"training_course"));
        // The cursor moved on: the next round brings only what is new, and nothing is set aside again.
        auto again = b.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(again);
        QCOMPARE(again->setAside, 0);
        QCOMPARE(again->pulled, 0);
        // The person the early visit named arrives: the visit set aside for want of it applies.
        const QString laterBody = u"{\"name\": \"后到\", \"area_code\": \"510321100027\"}"_qs;
        QVERIFY(m_server.execSql("INSERT INTO records (entity, id, scope, body) VALUES ('person', $1, $2, $3)", {later, village, laterBody}));
        QVERIFY(m_server.execSql("INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc) VALUES"
                           " ('person', $1, $2, 'create', $3, 'server', NULL, 1)",
                           {later, village, laterBody}));
        auto arrived = b.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(arrived);
        QCOMPARE(arrived->setAsideRetried, 1);
        QCOMPARE(arrived->setAside, 0);
        QCOMPARE(b.text("SELECT count(*) FROM visits WHERE id = 'fs-early'"), u"1"_qs);
        // After an update, the rest are tried again by the new build (and stay aside: it cannot
        // apply them either).
        sync::SyncOptions updated;
        updated.buildVersion = u"next-build"_qs;
        auto retried = b.sync(m_server.baseUrl(), updated);
        HEARTH_VERIFY_OK(retried);
        auto still = sync::setAsideChanges(b.db());
        HEARTH_VERIFY_OK(still);
        QCOMPARE(still->size(), 2);
        QCOMPARE(still->at(0).version, u"next-build"_qs);
        QCOMPARE(still->at(1).version, u"next-build"_qs);
        // The records written by hand carry no content hash until the server hashes them.
        QCOMPARE(m_server.admin({u"admin"_qs, u"digests"_qs, u"backfill"_qs}), 0);
    }

    void oneRoundAtATimePerStoreWhoeverAsks()
    {
        const QString user = newUser();
        TestDevice a;
        QVERIFY(a.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        // Another process (hearthctl beside the app, say) is in the middle of a round.
        QLockFile other(a.store().directory() + u"/hearth.db.sync-lock"_qs);
        QVERIFY(other.tryLock(0));
        auto refused = a.sync(m_server.baseUrl());
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), ErrorCode::Busy);
        HEARTH_VERIFY_ERROR(a.enrol(m_server.baseUrl(), user, kPassword), ErrorCode::Busy);
        other.unlock();
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        // hearthctl on the same store while a round holds it: told, nothing done.
        QVERIFY(other.tryLock(0));
        QProcess ctl;
        ctl.setProcessEnvironment([] {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
            return env;
        }());
        ctl.start(QStringLiteral(HEARTHCTL_PATH), {u"--store"_qs, a.store().directory(), u"sync"_qs});
        QVERIFY(ctl.waitForFinished(30000));
        QVERIFY(ctl.exitCode() != 0);
        QVERIFY2(ctl.readAllStandardError().contains("already running"), "hearthctl did not say why");
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_GUILESS_MAIN(TestFieldSync)
#include "tst_fieldsync.moc"
