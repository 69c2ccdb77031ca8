// SPDX-License-Identifier: GPL-3.0-or-later
// How records move, leave and end (issue 11, §6), on real SQLCipher stores, the real server and
// a private PostgreSQL: a worker moving village takes their history along; a branch station
// following a worker receives them and nothing else of the village, and drops them when it
// stops; voids and deletes keep devices and server agreeing (the daily checksum, which covers
// every record's content, finds no drift); a purge never deletes the only copy of a photo.
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/reportrecords.h"
#include "core/domain/validation.h"
#include "core/domain/visit.h"
#include "core/sync/photoupload.h"
#include "server/pg.h"
#include "serverfixture.h"
#include "core/domain/outbox.h"
#include "core/protocol/entry.h"
#include "core/storage/database.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QFile>
#include <QJsonArray>
#include <QDateTime>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

const QByteArray kPassword = "pass-life-123";
// Each test has villages of its own (the server is shared): two of 旭阳镇 for the move, and so on.
const QString kMoveFrom = u"510321100022"_qs, kMoveTo = u"510321100023"_qs, kTownship = u"510321100"_qs;
const QString kStationVillage = u"510321002001"_qs, kVoidVillage = u"510321002002"_qs;
const QString kPurgeKept = u"510321001001"_qs, kPurgeLeft = u"510321001002"_qs;
const QString kMergeKeep = u"510321002203"_qs, kMergeOther = u"510321002201"_qs, kMergeTown = u"510321002"_qs;

domain::Person worker(const QString &name, const QString &area)
{
    domain::Person p;
    p.name = name;
    p.areaCode = area;
    p.status = u"away"_qs;
    return p;
}

} // namespace

class TestRecordLife : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    int m_users = 0;

    QString newUser(const QString &scope, const QString &role = u"cadre"_qs)
    {
        const QString name = u"life%1"_qs.arg(++m_users);
        return m_server.addUser(name, role, scope, kPassword) ? name : QString();
    }

    bool syncClean(TestDevice &d) { return d.syncVerified(m_server.baseUrl()); }

    int count(TestDevice &d, const char *sql) { return d.text(sql).toInt(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }

    // Protocol 2 reads a city's counties each after its own cursor: a worker registered in one
    // county, moved to another and renamed there arrives at a new city device with the move
    // and rename before the registration (county order). The device applies each record's
    // states in their server order: the last name, in the new county; a delete stays a delete.
    void aWorkerMovingCountyReachesACityDeviceInTheirLastState()
    {
        const QString city = newUser(u"5103"_qs);
        TestDevice writer;
        QVERIFY(writer.ok());
        HEARTH_VERIFY_OK(writer.enrol(m_server.baseUrl(), city, kPassword));
        domain::PersonRepository people(writer.db());
        auto kept = people.add(worker(u"甲一"_qs, u"510322003001"_qs));
        auto gone = people.add(worker(u"乙一"_qs, u"510322003001"_qs));
        HEARTH_VERIFY_OK(kept);
        HEARTH_VERIFY_OK(gone);
        QVERIFY(syncClean(writer));
        for (const QString &id : {*kept, *gone}) {
            domain::PersonEdit move;
            move.fields.insert(u"area_code"_qs, u"510321100027"_qs);
            move.fields.insert(u"name"_qs, id == *kept ? u"甲二"_qs : u"乙二"_qs);
            HEARTH_VERIFY_OK(people.edit(id, move));
        }
        QVERIFY(syncClean(writer));
        domain::PersonEdit rename;
        rename.fields.insert(u"name"_qs, u"甲三"_qs);
        HEARTH_VERIFY_OK(people.edit(*kept, rename));
        HEARTH_VERIFY_OK(people.remove(*gone));
        QVERIFY(syncClean(writer));
        // The server's rows of each record span both counties, the newer in the county read first.
        QVERIFY(m_server.queryInt("SELECT count(DISTINCT county) FROM changes WHERE id = $1", {*kept}) == 2);
        TestDevice fresh;
        QVERIFY(fresh.ok());
        HEARTH_VERIFY_OK(fresh.enrol(m_server.baseUrl(), newUser(u"5103"_qs), kPassword));
        QVERIFY(syncClean(fresh));
        const QByteArray query = "SELECT name || ' ' || area_code FROM people WHERE id = '" + kept->toUtf8() + "'";
        QCOMPARE(fresh.text(query.constData()), u"甲三 510321100027"_qs);
        QCOMPARE(count(fresh, "SELECT count(*) FROM people WHERE name LIKE '乙%'"), 0);
        QCOMPARE(fresh.snapshot(), writer.snapshot());
    }

    void aWorkerMovingVillageTakesTheirHistoryAlong()
    {
        const QString here = newUser(kMoveFrom), there = newUser(kMoveTo), town = newUser(kTownship);
        TestDevice d1, d2, dt;
        QVERIFY(d1.ok() && d2.ok() && dt.ok());
        HEARTH_VERIFY_OK(d1.enrol(m_server.baseUrl(), here, kPassword));
        HEARTH_VERIFY_OK(d2.enrol(m_server.baseUrl(), there, kPassword));
        HEARTH_VERIFY_OK(dt.enrol(m_server.baseUrl(), town, kPassword));
        auto p = domain::PersonRepository(d1.db()).add(worker(u"搬家的人"_qs, kMoveFrom));
        HEARTH_VERIFY_OK(p);
        HEARTH_VERIFY_OK(d1.addVisitWithPhoto(*p, noiseJpeg(60 * 1024, 7)));
        domain::RecordRepository records(d1.db());
        auto followUp = records.addFollowUp({{}, *p, {}, {}, u"wage_arrears"_qs, u"open"_qs, {}, {}, 500000, -1});
        HEARTH_VERIFY_OK(followUp);
        HEARTH_VERIFY_OK(records.addFollowUpNote(*followUp, u"王芳"_qs, u"已联系老板"_qs, u"in_progress"_qs));
        QVERIFY(syncClean(d1));
        QVERIFY(syncClean(d2));
        QVERIFY(syncClean(dt));
        QCOMPARE(count(d2, "SELECT count(*) FROM people WHERE name = '搬家的人'"), 0);

        domain::PersonEdit move;
        move.fields.insert(u"area_code"_qs, kMoveTo);
        HEARTH_VERIFY_OK(domain::PersonRepository(d1.db()).edit(*p, move));
        QVERIFY(syncClean(d1));
        QVERIFY(syncClean(d2));
        QVERIFY(syncClean(dt));
        // The old village's device dropped them with their history; the new one has it all.
        QCOMPARE(count(d1, "SELECT count(*) FROM people WHERE name = '搬家的人'"), 0);
        QCOMPARE(count(d1, "SELECT count(*) FROM visits"), 0);
        QCOMPARE(count(d1, "SELECT count(*) FROM followups"), 0);
        QCOMPARE(count(d2, "SELECT count(*) FROM people WHERE name = '搬家的人'"), 1);
        QCOMPARE(count(d2, "SELECT count(*) FROM visits"), 1);
        QCOMPARE(count(d2, "SELECT count(*) FROM followups WHERE status = 'in_progress'"), 1);
        QCOMPARE(count(d2, "SELECT count(*) FROM followup_notes"), 1);
        // The township holds both villages: still everything, now in the new village.
        QCOMPARE(dt.text("SELECT area_code FROM people WHERE name = '搬家的人'"), kMoveTo);
        QCOMPARE(count(dt, "SELECT count(*) FROM visits v JOIN people p ON p.id = v.person_id WHERE p.name = '搬家的人'"), 1);
        // The server moved the records under the person, and the photo with them.
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE scope = $1 AND entity IN ('visit', 'followup', 'followup_note')",
                           {kMoveTo}),
                 3);
        const QString hash = d2.text("SELECT photo_hash FROM photo_refs");
        const HttpReply photo = m_server.get(u"/v1/photos/"_qs + hash, d2.meta("sync.token").toLatin1());
        QCOMPARE(photo.status, 200);
    }

    void aStationFollowingAWorkerReceivesThemAndNothingElseOfTheVillage()
    {
        const QString cadre = newUser(kStationVillage), staff = newUser(u"510321"_qs, u"station"_qs);
        TestDevice village, desk;
        QVERIFY(village.ok() && desk.ok());
        HEARTH_VERIFY_OK(village.enrol(m_server.baseUrl(), cadre, kPassword));
        HEARTH_VERIFY_OK(desk.enrol(m_server.baseUrl(), staff, kPassword));
        domain::Household home;
        home.areaCode = kStationVillage;
        home.headName = u"在广州打工"_qs;
        auto household = domain::HouseholdRepository(village.db()).add(home);
        HEARTH_VERIFY_OK(household);
        domain::Person worksAway = worker(u"在广州打工"_qs, kStationVillage);
        worksAway.householdId = *household;
        auto followed = domain::PersonRepository(village.db()).add(worksAway);
        auto other = domain::PersonRepository(village.db()).add(worker(u"留在村里"_qs, kStationVillage));
        HEARTH_VERIFY_OK(followed);
        HEARTH_VERIFY_OK(other);
        domain::Visit v;
        v.personId = *followed;
        v.kind = u"home"_qs;
        v.location.reasonCode = u"no_fix"_qs;
        HEARTH_VERIFY_OK(domain::VisitRepository(village.db()).add(v));
        QVERIFY(syncClean(village));
        QVERIFY(syncClean(desk));
        // The station opens a file on the worker, then is given only its own station's scope.
        auto station = domain::RecordRepository(desk.db()).addStation({{}, u"branch"_qs, u"广州工作站"_qs, u"510321"_qs, u"广州"_qs, {}});
        HEARTH_VERIFY_OK(station);
        domain::PersonEdit follow;
        follow.fields.insert(u"station_id"_qs, *station);
        HEARTH_VERIFY_OK(domain::PersonRepository(desk.db()).edit(*followed, follow));
        HEARTH_VERIFY_OK(domain::RecordRepository(desk.db()).addFollowUp(
            {{}, *followed, {}, *station, u"wage_arrears"_qs, u"open"_qs, {}, {}, 800000, -1}));
        QVERIFY(syncClean(desk));
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"scope"_qs, staff, u"--scope"_qs, *station}), 0);
        QVERIFY(syncClean(desk));
        // A new device of the station: the followed worker, their visit and case; nobody else.
        TestDevice second;
        QVERIFY(second.ok());
        HEARTH_VERIFY_OK(second.enrol(m_server.baseUrl(), staff, kPassword));
        QVERIFY(syncClean(second));
        for (TestDevice *d : {&desk, &second}) {
            QCOMPARE(count(*d, "SELECT count(*) FROM people"), 1);
            QCOMPARE(d->text("SELECT name FROM people"), u"在广州打工"_qs);
            QCOMPARE(d->text("SELECT id FROM households"), *household); // their household, and no other
            QCOMPARE(count(*d, "SELECT count(*) FROM visits"), 1);
            QCOMPARE(count(*d, "SELECT count(*) FROM followups"), 1);
        }
        // The village's devices see the case the station opened.
        QVERIFY(syncClean(village));
        QCOMPARE(count(village, "SELECT count(*) FROM followups"), 1);
        // The village corrects the household's address (its own field: no station in it): the
        // household stays with the station, whose devices receive the new address.
        {
            auto tx = storage::Transaction::begin(village.db());
            HEARTH_VERIFY_OK(tx);
            auto row = village.db().prepare("UPDATE households SET address = '新街 8 号' WHERE id = ?");
            HEARTH_VERIFY_OK(row);
            row->bind(1, *household);
            HEARTH_VERIFY_OK(row->run());
            const QJsonObject fields{{u"address"_qs, QJsonObject{{u"old"_qs, QString()}, {u"new"_qs, u"新街 8 号"_qs}}}};
            HEARTH_VERIFY_OK(domain::Outbox::append(village.db(), u"household"_qs, *household, domain::Outbox::Op::Update,
                                                    {{u"fields"_qs, fields}}, QDateTime::currentMSecsSinceEpoch()));
            HEARTH_VERIFY_OK(tx->commit());
        }
        QVERIFY(syncClean(village));
        for (TestDevice *d : {&desk, &second}) {
            QVERIFY(syncClean(*d)); // the station's checksum still covers the household
            QCOMPARE(d->text("SELECT address FROM households"), u"新街 8 号"_qs);
        }
        // The station stops following them: its devices drop them, the village keeps them.
        domain::PersonEdit stop;
        stop.fields.insert(u"station_id"_qs, QString());
        HEARTH_VERIFY_OK(domain::PersonRepository(second.db()).edit(*followed, stop));
        QVERIFY(syncClean(second));
        QVERIFY(syncClean(desk));
        QVERIFY(syncClean(village));
        for (TestDevice *d : {&desk, &second}) {
            QCOMPARE(count(*d, "SELECT count(*) FROM people"), 0);
            QCOMPARE(count(*d, "SELECT count(*) FROM households"), 0);
            QCOMPARE(count(*d, "SELECT count(*) FROM visits"), 0);
        }
        QCOMPARE(count(village, "SELECT count(*) FROM people WHERE station_id IS NULL AND name = '在广州打工'"), 1);
    }

    // Job fairs and certificate services count in an area, and a station's are in its scope too:
    // each reaches the devices that hold that area or that station, no others; a void follows.
    void jobFairsAndCertificatesReachTheirAreaAndStationOnly()
    {
        const QString staff = newUser(u"510321"_qs, u"station"_qs), township = newUser(u"510321107"_qs),
                      county = newUser(u"510321"_qs, u"supervisor"_qs), otherTown = newUser(u"510321110"_qs);
        TestDevice desk, town, office, elsewhere;
        QVERIFY(desk.ok() && town.ok() && office.ok() && elsewhere.ok());
        HEARTH_VERIFY_OK(desk.enrol(m_server.baseUrl(), staff, kPassword));
        HEARTH_VERIFY_OK(town.enrol(m_server.baseUrl(), township, kPassword));
        // The county office's phone: the supervisor's code is asked for by name, then taken.
        QVERIFY(m_server.enrolSecondFactor(county, kPassword));
        auto asked = office.enrol(m_server.baseUrl(), county, kPassword);
        QVERIFY(!asked && asked.error().code() == ErrorCode::Unauthorized);
        QCOMPARE(asked.error().detail(), QString::fromLatin1(protocol::kSecondFactorRequired));
        HEARTH_VERIFY_OK(office.enrol(m_server.baseUrl(), county, kPassword, m_server.secondFactorCode(county, kPassword)));
        HEARTH_VERIFY_OK(elsewhere.enrol(m_server.baseUrl(), otherTown, kPassword));
        auto point = domain::RecordRepository(desk.db()).addStation({{}, u"travel_point"_qs, u"火车站驿站"_qs, u"510321"_qs, {}, {}});
        HEARTH_VERIFY_OK(point);
        QVERIFY(syncClean(desk));
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"scope"_qs, staff, u"--scope"_qs, *point}), 0);
        QVERIFY(syncClean(desk));

        domain::ReportRecords atPoint(desk.db()), inTown(town.db());
        domain::JobFair fair{{}, {}, *point, u"驿站"_qs, u"候车厅"_qs, u"2026-01-20"_qs, 12, 300, 150, 40, 18};
        auto pointFair = atPoint.addJobFair(fair);
        HEARTH_VERIFY_OK(pointFair);
        QCOMPARE(desk.text("SELECT area_code FROM job_fairs"), u"510321"_qs); // the station's home county
        domain::CertificateService card;
        card.stationId = *point;
        card.place = u"travel_point"_qs;
        card.kind = u"id_card"_qs;
        card.outcome = u"accepted"_qs;
        HEARTH_VERIFY_OK(atPoint.addCertificate(card));
        fair = {{}, u"510321107"_qs, {}, u"镇劳动保障所"_qs, u"镇政府"_qs, u"2026-01-22"_qs, 5, 80, 60, 10, 6};
        HEARTH_VERIFY_OK(inTown.addJobFair(fair));
        card = {};
        card.areaCode = u"510321107"_qs;
        card.kind = u"social_security"_qs;
        card.outcome = u"done"_qs;
        HEARTH_VERIFY_OK(inTown.addCertificate(card));
        // What the model refuses, the device refuses first: no area, an unknown kind.
        card.areaCode.clear();
        QVERIFY(!inTown.addCertificate(card));
        card.areaCode = u"510321107"_qs;
        card.kind = u"passport"_qs;
        QVERIFY(!inTown.addCertificate(card));
        for (TestDevice *d : {&desk, &town, &office, &elsewhere})
            QVERIFY(syncClean(*d));
        QCOMPARE(count(office, "SELECT count(*) FROM job_fairs"), 2);
        QCOMPARE(count(office, "SELECT count(*) FROM certificate_services"), 2);
        QCOMPARE(count(office, "SELECT sum(placed) FROM job_fairs"), 24);
        QCOMPARE(count(desk, "SELECT count(*) FROM job_fairs"), 1); // its own, not the township's
        QCOMPARE(count(desk, "SELECT count(*) FROM certificate_services"), 1);
        QCOMPARE(count(town, "SELECT count(*) FROM job_fairs"), 1);
        QCOMPARE(count(elsewhere, "SELECT count(*) FROM job_fairs") + count(elsewhere, "SELECT count(*) FROM certificate_services"), 0);
        // A fair logged in error is voided at the point: every device that holds it marks it.
        HEARTH_VERIFY_OK(domain::voidRecord(desk.db(), u"job_fair"_qs, *pointFair, QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(!domain::voidRecord(desk.db(), u"job_fair"_qs, *pointFair, QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(syncClean(desk));
        QVERIFY(syncClean(office));
        QCOMPARE(count(office, "SELECT count(*) FROM job_fairs WHERE voided_at IS NOT NULL"), 1);
        QCOMPARE(count(office, "SELECT sum(placed) FROM job_fairs WHERE voided_at IS NULL"), 6);
        // The station is taken off the user: its devices drop the station's records.
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"scope"_qs, staff, u"--scope"_qs, u"510321107"_qs}), 0);
        QVERIFY(syncClean(desk));
        QCOMPARE(desk.text("SELECT group_concat(area_code) FROM job_fairs"), u"510321107"_qs);
        QCOMPARE(count(desk, "SELECT count(*) FROM certificate_services WHERE station_id IS NOT NULL"), 0);
    }

    void voidsAndDeletesKeepEveryDeviceAgreeing()
    {
        const QString user = newUser(kVoidVillage), staff = newUser(u"510321"_qs, u"station"_qs);
        TestDevice a, b, s;
        QVERIFY(a.ok() && b.ok() && s.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(s.enrol(m_server.baseUrl(), staff, kPassword));
        // A travel point's entry logged and undone: voided, its content as it was.
        domain::RecordRepository records(s.db());
        auto point = records.addStation({{}, u"travel_point"_qs, u"东站驿站"_qs, u"510321"_qs, {}, {}});
        HEARTH_VERIFY_OK(point);
        auto entry = records.addService({{}, *point, 0, 480, u"ticket"_qs, 3, {}, u"志愿者"_qs, {}});
        HEARTH_VERIFY_OK(entry);
        HEARTH_VERIFY_OK(records.voidService(*entry));
        QVERIFY(syncClean(s));
        // Two devices, one worker: one records a visit offline while the other deletes the file.
        auto p = domain::PersonRepository(a.db()).add(worker(u"录错的人"_qs, kVoidVillage));
        auto q = domain::PersonRepository(a.db()).add(worker(u"改名的人"_qs, kVoidVillage));
        HEARTH_VERIFY_OK(p);
        HEARTH_VERIFY_OK(q);
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        QCOMPARE(m_server.queryInt("SELECT (body->>'count')::int FROM records WHERE id = $1 AND voided_at IS NOT NULL", {*entry}), 3);
        QVERIFY(!s.text("SELECT voided_at FROM service_logs").isEmpty());
        domain::Visit v;
        v.personId = *p;
        v.kind = u"home"_qs;
        v.location.reasonCode = u"no_fix"_qs;
        HEARTH_VERIFY_OK(domain::VisitRepository(a.db()).add(v));
        domain::PersonEdit rename;
        rename.fields.insert(u"name"_qs, u"新名字"_qs);
        HEARTH_VERIFY_OK(domain::PersonRepository(a.db()).edit(*q, rename));
        HEARTH_VERIFY_OK(domain::PersonRepository(b.db()).remove(*p));
        HEARTH_VERIFY_OK(domain::PersonRepository(b.db()).remove(*q));
        QVERIFY(syncClean(b));
        // a's visit and rename are refused (the records were deleted) and kept for review; the
        // deleted file with a visit here waits aside; the renamed one goes. No drift either way.
        auto round = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(round);
        QCOMPARE(round->rejected.size(), 2);
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        QCOMPARE(count(a, "SELECT count(*) FROM people WHERE name = '新名字'"), 0);
        QCOMPARE(count(a, "SELECT count(*) FROM sync_setaside WHERE entity = 'person'"), 1);
        // A follow-up deleted on the server leaves every device.
        auto followed = domain::PersonRepository(a.db()).add(worker(u"要跟进的人"_qs, kVoidVillage));
        HEARTH_VERIFY_OK(followed);
        auto f = domain::RecordRepository(a.db()).addFollowUp({{}, *followed, {}, {}, u"jobs"_qs, u"open"_qs, {}, {}, -1, -1});
        HEARTH_VERIFY_OK(f);
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        const QJsonObject del{{u"seq"_qs, 1}, {u"entity"_qs, u"followup"_qs}, {u"entity_id"_qs, *f}, {u"op"_qs, u"delete"_qs},
                              {u"payload"_qs, QJsonObject{}}};
        const QByteArray token = m_server.enrol(user, QString::fromUtf8(kPassword));
        QCOMPARE(m_server.post(u"/v1/push"_qs, QJsonObject{{u"entries"_qs, QJsonArray{del}}}, token)
                     .json[u"results"].toArray()[0][u"status"].toString(),
                 u"applied"_qs);
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        QCOMPARE(count(a, "SELECT count(*) FROM followups"), 0);
        QCOMPARE(count(b, "SELECT count(*) FROM followups"), 0);
    }

    void theChecksumCoversWhatARecordSays()
    {
        const QString user = newUser(u"510321100025"_qs);
        TestDevice a;
        QVERIFY(a.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        domain::Person p = worker(u"慰问对象"_qs, u"510321100025"_qs);
        auto id = domain::PersonRepository(a.db()).add(p);
        HEARTH_VERIFY_OK(id);
        domain::Visit v;
        v.personId = *id;
        v.kind = u"home"_qs;
        v.cashFen = 50000;
        v.location.reasonCode = u"no_fix"_qs;
        auto visit = domain::VisitRepository(a.db()).add(v);
        HEARTH_VERIFY_OK(visit);
        QVERIFY(syncClean(a));
        // The stored visit's cash changes behind everyone's back: same ids, other content.
        auto pg = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        QVERIFY(pg->exec("UPDATE records SET body = jsonb_set(body, '{cash_fen}', '0') WHERE id = $1", {*visit}));
        sync::SyncOptions o;
        o.verifyNow = true;
        auto r = a.sync(m_server.baseUrl(), o);
        HEARTH_VERIFY_OK(r);
        QCOMPARE(r->drift, QStringList{u"visit"_qs});
        QCOMPARE(r->driftAfter, QStringList{u"visit"_qs}); // append-only here: reported, never overwritten
        QCOMPARE(a.text("SELECT cash_fen FROM visits"), u"50000"_qs);
        // What was changed by hand has no content hash until the server hashes it again.
        QCOMPARE(m_server.admin({u"admin"_qs, u"digests"_qs, u"verify"_qs}), 3);
        QCOMPARE(m_server.admin({u"admin"_qs, u"digests"_qs, u"backfill"_qs}), 0);
    }

    void aPurgeNeverDeletesThePhotoOfARefusedVisit()
    {
        const QString user = newUser(kPurgeKept + u","_qs + kPurgeLeft);
        TestDevice a, b;
        QVERIFY(a.ok() && b.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(b.enrol(m_server.baseUrl(), user, kPassword));
        auto p = domain::PersonRepository(a.db()).add(worker(u"只有一张照片"_qs, kPurgeLeft));
        HEARTH_VERIFY_OK(p);
        HEARTH_VERIFY_OK(domain::RecordRepository(a.db()).addCampaign(
            {{}, u"只在那个村"_qs, u"2026-01-01"_qs, u"2026-02-28"_qs, {}, {}, {kPurgeLeft}}));
        QVERIFY(syncClean(a));
        QVERIFY(syncClean(b));
        HEARTH_VERIFY_OK(domain::PersonRepository(b.db()).remove(*p));
        QVERIFY(syncClean(b));
        // Offline, a photographs a visit to the person the other device deleted: refused, kept.
        auto visit = a.addVisitWithPhoto(*p, noiseJpeg(50 * 1024, 11));
        HEARTH_VERIFY_OK(visit);
        const QString hash = a.text("SELECT photo_hash FROM photo_refs");
        auto refused = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(refused);
        QCOMPARE(refused->rejected.size(), 1);
        // The user leaves that village: the purge drops the person and the visit, not the photo.
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"scope"_qs, user, u"--scope"_qs, kPurgeKept}), 0);
        auto left = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(left);
        QCOMPARE(left->scopesLeft, QStringList{kPurgeLeft});
        QCOMPARE(count(a, "SELECT count(*) FROM visits"), 0);
        QVERIFY2(QFile::exists(a.media().pathFor(hash)), "the only copy of the photo was deleted");
        QCOMPARE(count(a, "SELECT count(*) FROM photos"), 1);
        // The campaign of the village left goes too, and nothing differs from the server.
        QCOMPARE(count(a, "SELECT count(*) FROM campaigns"), 0);
        QVERIFY(syncClean(a));
    }

    void mergingTwoVillagesRecordsLeavesEachDeviceWhatItShouldHold()
    {
        // The same worker registered in two villages; a township office holds both.
        const QString keepUser = newUser(kMergeKeep), otherUser = newUser(kMergeOther), townUser = newUser(kMergeTown);
        TestDevice keepSide, otherSide, town;
        QVERIFY(keepSide.ok() && otherSide.ok() && town.ok());
        HEARTH_VERIFY_OK(keepSide.enrol(m_server.baseUrl(), keepUser, kPassword));
        HEARTH_VERIFY_OK(otherSide.enrol(m_server.baseUrl(), otherUser, kPassword));
        HEARTH_VERIFY_OK(town.enrol(m_server.baseUrl(), townUser, kPassword));
        const QString number = u"51032119700707001"_qs + domain::idCheckCharacter(u"51032119700707001");
        domain::Person a = worker(u"两地登记"_qs, kMergeKeep), b = worker(u"两地登记"_qs, kMergeOther);
        a.idNumber = b.idNumber = number;
        auto keep = domain::PersonRepository(keepSide.db()).add(a);
        auto other = domain::PersonRepository(otherSide.db()).add(b);
        HEARTH_VERIFY_OK(keep);
        HEARTH_VERIFY_OK(other);
        HEARTH_VERIFY_OK(otherSide.addVisitWithPhoto(*other, noiseJpeg(40 * 1024, 21)));
        domain::RecordRepository records(otherSide.db());
        auto followUp = records.addFollowUp({{}, *other, {}, {}, u"wage_arrears"_qs, u"open"_qs, {}, {}, 300000, -1});
        HEARTH_VERIFY_OK(followUp);
        HEARTH_VERIFY_OK(records.addFollowUpNote(*followUp, u"李"_qs, u"已立案"_qs, u"in_progress"_qs));
        for (TestDevice *d : {&keepSide, &otherSide, &town})
            QVERIFY(syncClean(*d));
        // Each village sees only its own record, so neither is told of a pair it cannot see whole.
        QCOMPARE(count(keepSide, "SELECT count(*) FROM sync_duplicates"), 0);
        QCOMPARE(count(town, "SELECT count(*) FROM sync_duplicates"), 1);

        QCOMPARE(m_server.admin({u"admin"_qs, u"duplicates"_qs, u"merge"_qs, *keep, *other, u"--reason"_qs, u"同一人"_qs}), 0);
        for (int round = 0; round < 2; ++round)
            for (TestDevice *d : {&keepSide, &otherSide, &town})
                QVERIFY(syncClean(*d));
        // The survivor's village and the township hold the worker with their history; the other
        // village holds nothing of them any more.
        for (TestDevice *d : {&keepSide, &town}) {
            QCOMPARE(count(*d, "SELECT count(*) FROM people WHERE name = '两地登记'"), 1);
            QCOMPARE(d->text("SELECT person_id FROM visits v JOIN people p ON p.id = v.person_id WHERE p.name = '两地登记'"), *keep);
            QCOMPARE(count(*d, "SELECT count(*) FROM followups f JOIN people p ON p.id = f.person_id WHERE p.name = '两地登记'"), 1);
            QCOMPARE(count(*d, "SELECT count(*) FROM followup_notes WHERE text = '已立案'"), 1);
        }
        QCOMPARE(count(otherSide, "SELECT count(*) FROM people WHERE name = '两地登记'"), 0);
        QCOMPARE(count(otherSide, "SELECT count(*) FROM visits"), 0);
        QCOMPARE(count(otherSide, "SELECT count(*) FROM followup_notes"), 0);
        // The photo moved with its visit.
        const QString hash = keepSide.text("SELECT photo_hash FROM photo_refs");
        QCOMPARE(m_server.get(u"/v1/photos/"_qs + hash, keepSide.meta("sync.token").toLatin1()).status, 200);
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_GUILESS_MAIN(TestRecordLife)
#include "tst_recordlife.moc"


