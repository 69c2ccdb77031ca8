// SPDX-License-Identifier: GPL-3.0-or-later
// The page controllers on a real store: first-run profile, home figures per role, the person
// page (audited reveal, tags, edits, cases), the travel point (tap, group, undo), follow-ups
// (QAbstractItemModelTester), settings, auto-lock and PIN change.
#include "core/storage/migrations.h"
#include "controllers/followupmodel.h"
#include "controllers/homecontroller.h"
#include "controllers/personcontroller.h"
#include "controllers/profilecontroller.h"
#include "controllers/reportcontroller.h"
#include "controllers/settingscontroller.h"
#include "controllers/syncstatecontroller.h"
#include "controllers/travelpointcontroller.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/visit.h"
#include "core/storage/database.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::app;
using namespace hearth::test;

class TestPageControllers : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<SessionController> m_session;
    QString m_personId;
    qint64 m_now = QDateTime::fromString(u"2026-12-10T10:00:00"_qs, Qt::ISODate).toMSecsSinceEpoch();

    storage::Database &db() { return m_session->store()->database(); }

    qint64 count(const char *sql) { return db().queryInt(sql).value_or(-1); }
    QString text(const char *sql)
    {
        auto stmt = db().prepare(sql);
        return stmt && stmt->step().value_or(false) ? stmt->columnText(0) : QString();
    }

    bool saveProfile(const QString &role, const QString &area, const QString &station, const QString &newStation = {})
    {
        ProfileController profile;
        profile.setSession(m_session.get());
        profile.setRole(role);
        profile.setProperty("userName", u"王芳"_qs);
        profile.setAreaCode(area);
        profile.setProperty("stationId", station);
        profile.setProperty("newStationName", newStation);
        const bool ok = profile.save();
        if (!ok)
            qWarning() << profile.errorString();
        return ok;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_session = std::make_unique<SessionController>(
            m_root.filePath(u"store"_qs), std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
            u"zh_CN"_qs);
        m_session->createStore(u"258013"_qs, u"258013"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->busy(), 20000);
        m_session->acknowledgeRecoveryCode();
        QCOMPARE(m_session->state(), SessionController::State::Unlocked);
        QVERIFY(importTestAreas(db()));
        domain::PersonRepository people(db());
        auto id = people.add({.name = u"李明"_qs, .idNumber = u"11010519491231002X"_qs, .phone = u"13500001111"_qs,
                              .areaCode = testVillage()});
        HEARTH_VERIFY_OK(id);
        m_personId = *id;
    }

    void profileIsRequiredThenSaved()
    {
        QVERIFY(!m_session->hasProfile());
        ProfileController profile;
        profile.setSession(m_session.get());
        QVERIFY(profile.areasAvailable());
        QCOMPARE(profile.roles().size(), 4);
        // No role, then no area: each refusal names what is missing.
        QVERIFY(!profile.save());
        QVERIFY(profile.errorString().contains(u"身份"));
        profile.setRole(u"cadre"_qs);
        profile.setProperty("userName", u"王芳"_qs);
        QVERIFY(!profile.save());
        QVERIFY2(profile.errorString().contains(u"村"), qPrintable(profile.errorString()));
        // Search by the spoken name; the official "…居民委员会" is shortened for display.
        profile.setAreaQuery(u"东街"_qs);
        QVERIFY(!profile.areas().isEmpty());
        const QVariantMap first = profile.areas().first().toMap();
        QCOMPARE(first.value(u"name"_qs).toString(), u"东街社区"_qs);
        profile.setAreaCode(first.value(u"code"_qs).toString());
        QVERIFY(profile.areaPath().endsWith(u"东街社区"));
        QSignalSpy changed(m_session.get(), &SessionController::profileChanged);
        QVERIFY2(profile.save(), qPrintable(profile.errorString()));
        QCOMPARE(changed.count(), 1);
        QVERIFY(m_session->hasProfile());
        QCOMPARE(m_session->role(), u"cadre"_qs);
        QCOMPARE(m_session->userName(), u"王芳"_qs);
    }

    void volunteerPicksTheTravelPointTheServerSent()
    {
        // A volunteer may not found a travel point (the server would refuse it and every entry
        // logged there): the field is not offered, and naming one anyway says why.
        ProfileController volunteer;
        volunteer.setSession(m_session.get());
        volunteer.setRole(u"volunteer"_qs);
        QVERIFY(!volunteer.property("mayNameStation").toBool());
        volunteer.setRole(u"station"_qs);
        QVERIFY(volunteer.property("mayNameStation").toBool());
        QVERIFY(!saveProfile(u"volunteer"_qs, {}, {}, u"成都东站爱心驿站"_qs));
        QCOMPARE(count("SELECT count(*) FROM stations"), 0);
        // The point the administrator granted, as the first sync brings it.
        auto point = domain::RecordRepository(db()).addStation({{}, u"travel_point"_qs, u"成都东站爱心驿站"_qs, u"510321"_qs, {}, {}});
        QVERIFY(point);
        QVERIFY(saveProfile(u"volunteer"_qs, {}, *point));
        QCOMPARE(m_session->role(), u"volunteer"_qs);
        QVERIFY(!m_session->stationId().isEmpty());
        QCOMPARE(m_session->areaCode(), QString());
        QCOMPARE(count("SELECT count(*) FROM stations WHERE kind = 'travel_point'"), 1);
    }

    void switchingRoleDropsAStationOfTheOtherKind()
    {
        const QString travelPoint = m_session->stationId();
        ProfileController profile; // starts from the saved volunteer profile
        profile.setSession(m_session.get());
        QCOMPARE(profile.property("stationId").toString(), travelPoint);
        profile.setRole(u"station"_qs);
        QCOMPARE(profile.property("stationId").toString(), QString()); // a travel point is no branch station
        QVERIFY(!profile.save());
        profile.setRole(u"volunteer"_qs);
        profile.setProperty("stationId", travelPoint);
        QVERIFY(profile.save());
        QCOMPARE(m_session->stationId(), travelPoint);
    }

    void travelPointTapsGroupsAndUndo()
    {
        TravelPointController point;
        point.setClock([this] { return m_now; });
        point.setSession(m_session.get());
        QCOMPARE(point.categories().size(), domain::serviceCategories().size());
        QVERIFY(!point.canUndo());
        QVERIFY(point.log(u"ticket"_qs));
        point.setGroupSize(5);
        QVERIFY(point.log(u"guidance"_qs));
        QCOMPARE(point.groupSize(), 1); // back to one after a group entry
        QCOMPARE(point.peopleToday(), 6);
        QCOMPARE(point.entriesToday(), 2);
        QVERIFY(point.canUndo());
        QVERIFY(point.lastEntry().contains(u"×5"));
        QVERIFY(point.undo());
        QCOMPARE(point.peopleToday(), 1);
        QVERIFY(point.lastEntry().contains(u"×1"));
        // The undone row stays (voided), and its tombstone waits in the outbox.
        QCOMPARE(count("SELECT count(*) FROM service_logs WHERE voided_at IS NOT NULL"), 1);
        QCOMPARE(count("SELECT count(*) FROM outbox WHERE entity = 'service' AND op = 'delete'"), 1);
        point.setGroupSize(0);
        QCOMPARE(point.groupSize(), 1);
        QVERIFY(!point.log(QString()));
        QVERIFY(!point.errorString().isEmpty());

        HomeController home;
        home.setClock([this] { return m_now; });
        home.setSession(m_session.get());
        QCOMPARE(home.peopleServedToday(), 1);
        QCOMPARE(home.tally().size(), 1);
        QVERIFY(home.place().contains(u"成都东站"));
        // Tomorrow the tally starts again.
        home.setClock([this] { return m_now + 24 * 3600 * 1000; });
        home.refresh();
        QCOMPARE(home.peopleServedToday(), 0);
    }

    // The volunteer (still the profile here) logs certificates at the point: counted in the
    // point's home county, named as a travel point; a void takes it out of the month.
    void certificatesAtAPointAndFairsInATownship()
    {
        ReportController report;
        report.setSession(m_session.get());
        QCOMPARE(report.certificateKinds().size(), 6);
        QVERIFY(report.addCertificate(u"id_card"_qs, {}));
        QVERIFY(report.addCertificate(u"residence_permit"_qs, u"referred"_qs));
        QCOMPARE(report.monthCertificates(), 2);
        QCOMPARE(text("SELECT group_concat(DISTINCT area_code || ' ' || place || ' ' || (station_id IS NOT NULL))"
                      " FROM certificate_services"),
                 u"510321 travel_point 1"_qs);
        QVERIFY(report.countsIn().contains(u"成都东站"));
        const QString id = report.certificates().first().toMap().value(u"id"_qs).toString();
        QVERIFY(report.voidEntry(u"certificate"_qs, id));
        QCOMPARE(report.monthCertificates(), 1);
        QVERIFY(!report.voidEntry(u"certificate"_qs, id)); // once
        QVERIFY(!report.errorString().isEmpty());
        QVERIFY(!report.addCertificate(u"passport"_qs, {}));
        QVERIFY(report.errorString().contains(u"不是可选的值"));
        // A cadre's fair counts in the township of their village.
        QVERIFY(saveProfile(u"cadre"_qs, testVillage(), {}));
        report.refresh();
        QVERIFY(!report.addJobFair(u"镇劳动保障所"_qs, u"镇政府"_qs, u"2026-13-01"_qs, {}, {}));
        QVERIFY(report.errorString().contains(u"举办日期"));
        QVERIFY(report.addJobFair(u"镇劳动保障所"_qs, u"镇政府"_qs, QDate::currentDate().toString(Qt::ISODate),
                                  {{u"attendees"_qs, 90}, {u"placed"_qs, 7}}, {}));
        QCOMPARE(report.monthFairs(), 1);
        QCOMPARE(report.monthPlaced(), 7);
        QCOMPARE(text("SELECT area_code FROM job_fairs"), testVillage());
        QCOMPARE(count("SELECT count(*) FROM outbox WHERE entity IN ('job_fair', 'certificate')"), 4); // 3 creates, 1 void
    }

    void cadreHomeShowsCoverageAndFollowUps()
    {
        QVERIFY(saveProfile(u"cadre"_qs, testVillage(), {}));
        domain::RecordRepository records(db());
        HEARTH_VERIFY_OK(records.addCampaign({{}, u"2026 冬季走访"_qs, u"2026-12-01"_qs, u"2027-02-28"_qs, {}, {}, {u"510321"_qs}}));
        HEARTH_VERIFY_OK(records.addFollowUp({.personId = m_personId, .category = u"wage_arrears"_qs, .dueOn = u"2026-12-08"_qs}));
        HomeController home;
        home.setClock([this] { return m_now; });
        home.setSession(m_session.get());
        QVERIFY(home.hasCampaign());
        QCOMPARE(home.campaignName(), u"2026 冬季走访"_qs);
        QVERIFY(home.households() >= 0);
        QCOMPARE(home.followUpsDue(), 1);
        QVERIFY(home.followUps().first().toMap().value(u"overdue"_qs).toBool());
        QVERIFY(home.place().contains(u"东街社区"));
    }

    void personPageRevealsOnlyWithAReason()
    {
        PersonController person;
        person.setSession(m_session.get());
        person.setPersonId(m_personId);
        QVERIFY(person.found());
        QCOMPARE(person.person().value(u"idNumber"_qs).toString(), u"110105********002X"_qs);
        QCOMPARE(person.person().value(u"phone"_qs).toString(), u"135****1111"_qs);
        const qint64 audits = count("SELECT count(*) FROM audit_log");
        QVERIFY(!person.reveal(u"  "_qs));
        QVERIFY(!person.errorString().isEmpty());
        QCOMPARE(count("SELECT count(*) FROM audit_log"), audits);
        QVERIFY(person.reveal(u"核对工资诉求"_qs));
        QVERIFY(person.revealed());
        QCOMPARE(person.person().value(u"idNumber"_qs).toString(), u"11010519491231002X"_qs);
        QCOMPARE(count("SELECT count(*) FROM audit_log"), audits + 1);
        // Locking forgets the full numbers.
        person.hide();
        QCOMPARE(person.person().value(u"phone"_qs).toString(), u"135****1111"_qs);
    }

    void personTagsEditsAndCases()
    {
        PersonController person;
        person.setSession(m_session.get());
        person.setPersonId(m_personId);
        QVERIFY(person.addTag(u"困难"_qs));
        QVERIFY(person.person().value(u"tags"_qs).toStringList().contains(u"困难"_qs));
        QVERIFY(person.removeTag(u"困难"_qs));
        QVERIFY(person.person().value(u"tags"_qs).toStringList().isEmpty());
        QVERIFY(person.edit({{u"employer"_qs, u"广州某建筑公司"_qs}, {u"party_member"_qs, true}}));
        QCOMPARE(person.person().value(u"employer"_qs).toString(), u"广州某建筑公司"_qs);
        QVERIFY(person.person().value(u"partyMember"_qs).toBool());
        QVERIFY(!person.edit({{u"phone"_qs, u"12345"_qs}}));
        QVERIFY(person.errorString().contains(u"手机"));
        // A wage claim in yuan is stored in fen; a bad amount is refused.
        QVERIFY(!person.addCase(u"wage_arrears"_qs, {}, u"12.345"_qs));
        QVERIFY(person.addCase(u"wage_arrears"_qs, u"2027-01-15"_qs, u"8,000.50"_qs));
        QCOMPARE(count("SELECT claimed_fen FROM followups WHERE claimed_fen IS NOT NULL"), 800050);
        QCOMPARE(person.followUps().size(), 2);
    }

    void createsAWorkerFile()
    {
        QVERIFY(saveProfile(u"station"_qs, {}, {}, u"荣县驻广州工作站"_qs));
        PersonController file;
        file.setSession(m_session.get());
        const QString id = file.create({{u"name"_qs, u"赵强"_qs}, {u"area"_qs, u"荣县旭阳镇东街社区"_qs},
                                        {u"work_city"_qs, u"广州"_qs}, {u"employer"_qs, u"某电子厂"_qs},
                                        {u"party_member"_qs, true}, {u"wishes"_qs, u"返乡创业"_qs}});
        QVERIFY2(!id.isEmpty(), qPrintable(file.errorString()));
        file.setPersonId(id);
        QCOMPARE(file.person().value(u"station"_qs).toString(), u"荣县驻广州工作站"_qs);
        QVERIFY(file.create({{u"name"_qs, u"无村"_qs}, {u"area"_qs, u"不存在的村"_qs}}).isEmpty());
        QVERIFY(!file.errorString().isEmpty());

        HomeController home;
        home.setSession(m_session.get());
        QCOMPARE(home.recentFiles().size(), 1);
        QCOMPARE(home.recentFiles().first().toMap().value(u"name"_qs).toString(), u"赵强"_qs);
    }

    void aLikelyDuplicateIsShownBeforeSaving()
    {
        QVERIFY(saveProfile(u"cadre"_qs, u"510321100027"_qs, {}, {}));
        PersonController file;
        file.setSession(m_session.get());
        const QVariantMap first{{u"name"_qs, u"钱学明"_qs}, {u"area"_qs, u"510321100027"_qs}, {u"birth_date"_qs, u"1985-03-02"_qs},
                                {u"phone"_qs, u"13811112222"_qs}};
        const QString id = file.create(first);
        QVERIFY2(!id.isEmpty(), qPrintable(file.errorString()));
        // The same name and birth date in the same village: not saved yet, the other is shown.
        QVariantMap again{{u"name"_qs, u"钱学明"_qs}, {u"area"_qs, u"510321100027"_qs}, {u"birth_date"_qs, u"1985-03-02"_qs}};
        QVERIFY(file.create(again).isEmpty());
        QCOMPARE(file.likelyDuplicates().size(), 1);
        QCOMPARE(file.likelyDuplicates().first().toMap().value(u"personId"_qs).toString(), id);
        QVERIFY(!file.errorString().isEmpty());
        // The same phone, another name: shown too.
        QVERIFY(file.create({{u"name"_qs, u"钱小明"_qs}, {u"area"_qs, u"510321100027"_qs}, {u"phone"_qs, u"138 1111 2222"_qs}}).isEmpty());
        QCOMPARE(file.likelyDuplicates().size(), 1);
        // The user says it is another person: saved, and the warning goes.
        again.insert(u"save_anyway"_qs, true);
        const QString other = file.create(again);
        QVERIFY2(!other.isEmpty() && other != id, qPrintable(file.errorString()));
        QVERIFY(file.likelyDuplicates().isEmpty());
        QVERIFY(file.errorString().isEmpty());
    }

    void followUpsModelUpdatesWithNotes()
    {
        QVERIFY(saveProfile(u"cadre"_qs, testVillage(), {}));
        FollowUpModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClock([this] { return m_now; });
        model.setSession(m_session.get());
        QCOMPARE(model.rowCount(), 2);
        // By due date: the overdue one (12-08) before the 2027 case.
        QCOMPARE(model.data(model.index(0), FollowUpModel::DueOnRole).toString(), u"2026-12-08"_qs);
        QVERIFY(model.data(model.index(0), FollowUpModel::OverdueRole).toBool());
        const QString caseId = model.data(model.index(1), FollowUpModel::FollowUpIdRole).toString();
        QVERIFY(model.data(model.index(1), FollowUpModel::IsCaseRole).toBool());
        QVERIFY(!model.addNote(caseId, u""_qs, {}, {}));
        QVERIFY(model.addNote(caseId, u"已追回一部分"_qs, u"in_progress"_qs, u"3000"_qs));
        QCOMPARE(model.data(model.index(1), FollowUpModel::RecoveredRole).toString(), u"3000"_qs);
        QVERIFY(model.addNote(caseId, u"全部追回"_qs, u"resolved"_qs, u"8000.5"_qs));
        QCOMPARE(model.rowCount(), 1); // resolved leaves the open list
        model.setOpenOnly(false);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.notes(caseId).size(), 2);
    }

    void syncStateCountsTheOutbox()
    {
        SyncStateController sync;
        sync.setSession(m_session.get());
        QCOMPARE(sync.waitingRecords(), count("SELECT count(*) FROM outbox"));
        QVERIFY(sync.waitingRecords() > 5);
        QCOMPARE(sync.lastSync(), QString());
    }

    void settingsKeepTheAccuracyLimit()
    {
        SettingsController settings;
        settings.setSession(m_session.get());
        QCOMPARE(settings.accuracyLimitM(), 50);
        settings.setAccuracyLimitM(20);
        QCOMPARE(m_session->accuracyLimitM(), 20);
        settings.setAccuracyLimitM(2); // below 5 m: refused, kept
        QVERIFY(!settings.errorString().isEmpty());
        QCOMPARE(m_session->accuracyLimitM(), 20);
        QVERIFY(!settings.storeSize().isEmpty());
        QCOMPARE(settings.schemaVersion(), storage::latestSchemaVersion());
    }

    void changesThePin()
    {
        QSignalSpy done(m_session.get(), &SessionController::pinChangeFinished);
        m_session->changePin(u"258013"_qs, u"731904"_qs, u"731905"_qs);
        QCOMPARE(done.count(), 1);
        QVERIFY(!done.takeFirst().at(0).toBool());
        m_session->changePin(u"000000"_qs, u"731904"_qs, u"731904"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QVERIFY(!done.takeFirst().at(0).toBool()); // wrong current PIN
        m_session->changePin(u"258013"_qs, u"731904"_qs, u"731904"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QVERIFY(done.takeFirst().at(0).toBool());
    }

    void locksAfterFiveMinutesInTheBackground()
    {
        qint64 now = m_now;
        m_session->setClock([&now] { return now; });
        m_session->applicationStateChanged(Qt::ApplicationSuspended);
        now += 4 * 60 * 1000;
        m_session->applicationStateChanged(Qt::ApplicationActive);
        QCOMPARE(m_session->state(), SessionController::State::Unlocked); // 4 minutes: still open
        m_session->applicationStateChanged(Qt::ApplicationInactive);
        now += SessionController::kAutoLockMs;
        m_session->applicationStateChanged(Qt::ApplicationActive);
        QCOMPARE(m_session->state(), SessionController::State::Locked);
        QVERIFY(!m_session->hasProfile());
        // The new PIN opens it.
        m_session->unlock(u"731904"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->busy(), 20000);
        QCOMPARE(m_session->state(), SessionController::State::Unlocked);
        QVERIFY(m_session->hasProfile());
    }
};

QTEST_GUILESS_MAIN(TestPageControllers)
#include "tst_pagecontrollers.moc"
