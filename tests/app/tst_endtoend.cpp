// SPDX-License-Identifier: GPL-3.0-or-later
// End to end through the real interface (Main.qml, offscreen): first run (PIN, recovery code,
// role and village), a new person, a new visit with a fix from a real NMEA log replayed at its
// own pace and a photo file, saved; then the store is opened afresh with the PIN, as another
// process would, and the visit is there with its location and its encrypted photo.
#include "controllers/mediaimageprovider.h"
#include "controllers/positionservice.h"
#include "controllers/qmlsingletons.h"
#include "controllers/sessioncontroller.h"
#include "controllers/visitcontroller.h"
#include "core/domain/personrepository.h"
#include "core/crypto/kdf.h"
#include "core/location/nmea.h"
#include "core/media/mediastore.h"
#include "core/storage/database.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/noisejpeg.h"
#include "support/testsupport.h"
#include "core/platform/camera.h"
#include "core/platform/permissions.h"

#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QImage>
#include <QNmeaPositionInfoSource>
#include <QPainter>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <csignal>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(Hearth_ControllersPlugin)
Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth;
using namespace hearth::app;

class TestEndToEnd : public QObject
{
    Q_OBJECT

    QObject *m_root = nullptr;

    QObject *find(const char *name)
    {
        QObject *o = m_root->findChild<QObject *>(QString::fromLatin1(name));
        if (!o)
            qWarning() << "no object named" << name;
        return o;
    }
    bool click(const char *name)
    {
        QObject *o = find(name);
        return o && QMetaObject::invokeMethod(o, "clicked");
    }
    bool type(const char *name, const QString &text)
    {
        QObject *o = find(name);
        if (!o)
            return false;
        o->setProperty("text", text);
        QMetaObject::invokeMethod(o, "textEdited");
        return true;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A phone without a camera that opens in the app: the camera button asks for the camera
    // permission, refused says why and adds nothing, granted hands over to the camera app and
    // the JPEG becomes the visit's photo; a cancelled capture is no error.
    void cameraPermissionAndCameraApp()
    {
        struct CameraApp final : platform::Camera
        {
            bool hasViewfinder() const override { return false; }
            bool hasSystemCamera() const override { return true; }
            QFuture<Result<QByteArray>> captureWithSystemCamera() override
            {
                ++captures;
                return QtFuture::makeReadyFuture(cancel ? Result<QByteArray>(Error(ErrorCode::InvalidArgument, u"cancelled"_qs))
                                                        : Result<QByteArray>(test::noiseJpeg(200'000, 7)));
            }
            int captures = 0;
            bool cancel = false;
        } camera;
        struct Dialog final : platform::Permissions
        {
            bool granted(platform::Permission) const override { return false; }
            QFuture<bool> request(platform::Permission) override { return QtFuture::makeReadyFuture(answer); }
            bool answer = false;
        } permissions;
        VisitController::setPlatform(&camera, &permissions);
        const auto restore = qScopeGuard([] { VisitController::setPlatform(nullptr, nullptr); });

        QTemporaryDir dir;
        SessionController session(dir.filePath(u"store"_qs), std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
                                  u"zh_CN"_qs);
        session.createStore(u"258013"_qs, u"258013"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 20000);
        session.acknowledgeRecoveryCode();
        VisitController visit;
        visit.setSession(&session);
        QVERIFY(VisitController::hasCamera());
        QSignalSpy ready(&visit, &VisitController::cameraReady);

        visit.openCamera();
        QTRY_VERIFY(visit.errorString().contains(u"相机"));
        QCOMPARE(camera.captures, 0);
        QCOMPARE(visit.photos().size(), 0);

        permissions.answer = true;
        camera.cancel = true;
        visit.openCamera();
        QTRY_COMPARE(camera.captures, 1);
        QTest::qWait(50);
        QCOMPARE(visit.photos().size(), 0);

        camera.cancel = false;
        visit.openCamera();
        QTRY_COMPARE(visit.photos().size(), 1);
        QCOMPARE(ready.count(), 0); // no in-app viewfinder was opened
    }

    void draftSurvivesAKill()
    {
        QTemporaryDir dir;
        const QString storeDir = dir.filePath(u"store"_qs);
        QString personId;
        {
            SessionController session(storeDir, std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
                                      u"zh_CN"_qs);
            session.createStore(u"258013"_qs, u"258013"_qs);
            QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 20000);
            QVERIFY(test::importTestAreas(session.store()->database()));
            auto id = domain::PersonRepository(session.store()->database()).add({.name = u"王奶奶"_qs, .areaCode = test::testVillage()});
            HEARTH_VERIFY_OK(id);
            personId = *id;
        }
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HEARTH_KILL_CHILD_STORE"_qs, storeDir);
        env.insert(u"HEARTH_KILL_CHILD_PERSON"_qs, personId);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit); // killed, as by the system

        SessionController session(storeDir, std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
                                  u"zh_CN"_qs);
        session.unlock(u"258013"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 20000);
        QCOMPARE(session.state(), SessionController::State::Unlocked);
        VisitController visit;
        visit.setSession(&session);
        QVERIFY(visit.restoredDraft());
        QCOMPARE(visit.personId(), personId);
        QCOMPARE(visit.notes(), u"家中老人腿脚不便，需要上门办理社保认证"_qs);
        QCOMPARE(visit.cashYuan(), u"200"_qs);
        QCOMPARE(visit.needs().size(), 1);
        QVERIFY(visit.save()); // no position service: saved with the reason
        QCOMPARE(session.store()->database().queryInt("SELECT count(*) FROM visits WHERE location_reason = 'no_source'").value_or(0), 1);
        // Saved: the draft is gone, and a new form starts empty.
        VisitController next;
        next.setSession(&session);
        QVERIFY(!next.restoredDraft());
    }

    void firstRunToASavedVisit()
    {
        QTemporaryDir dir;
        const QString storeDir = dir.filePath(u"store"_qs);
        SessionController session(storeDir, std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
                                  u"zh_CN"_qs);
        SessionSingleton::instance = &session;

        // The receiver: a real log, replayed at the pace it was recorded (one epoch a second).
        QFile log(QStringLiteral(HEARTH_NMEA_DIR "/bu353-glonass.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        auto *nmea = new QNmeaPositionInfoSource(QNmeaPositionInfoSource::SimulationMode);
        nmea->setUserEquivalentRangeError(location::kDefaultUereM);
        nmea->setDevice(&log);
        PositionService position;
        position.setSource(nmea, true);
        PositionSingleton::instance = &position;
        SyncController sync;
        sync.setSession(&session);
        SyncSingleton::instance = &sync;

        QQmlApplicationEngine engine;
        engine.addImportPath(u"qrc:/qt/qml"_qs);
        engine.addImageProvider(u"media"_qs, new MediaImageProvider(&session));
        engine.load(QUrl(u"qrc:/qt/qml/Hearth/Main.qml"_qs));
        QCOMPARE(engine.rootObjects().size(), 1);
        m_root = engine.rootObjects().first();

        // First run: the PIN, then the recovery code.
        QCOMPARE(session.state(), SessionController::State::NeedsSetup);
        QVERIFY(type("pinField", u"258013"_qs));
        QVERIFY(type("confirmField", u"258013"_qs));
        QVERIFY(click("createButton"));
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionController::State::ShowRecoveryCode, 20000);
        QVERIFY(find("recoveryCode"));
        find("writtenCheck")->setProperty("checked", true);
        QVERIFY(click("continueButton"));
        QTRY_COMPARE(session.state(), SessionController::State::Unlocked);

        // Who and where: a new device has no area list yet; the page imports it.
        QTRY_VERIFY(find("profileController"));
        QObject *profile = find("profileController");
        QVERIFY(!profile->property("areasAvailable").toBool());
        bool started = false;
        QMetaObject::invokeMethod(profile, "importAreas", Q_RETURN_ARG(bool, started), Q_ARG(QString, test::testAreasDir()),
                                  Q_ARG(QString, QString()));
        QVERIFY(started);
        QVERIFY(profile->property("busy").toBool()); // on a worker thread; the page stays live
        QTRY_VERIFY_WITH_TIMEOUT(profile->property("areasAvailable").toBool(), 20000);
        QVERIFY(!profile->property("busy").toBool());
        profile->setProperty("role", u"cadre"_qs); // what the role card's tap does (Repeater rows are not findChild-able)
        QVERIFY(type("userNameField", u"王芳"_qs));
        QVERIFY(type("areaField", u"东街"_qs));
        const QVariantList areas = profile->property("areas").toList();
        QVERIFY(!areas.isEmpty());
        profile->setProperty("areaCode", areas.first().toMap().value(u"code"_qs));
        QVERIFY(click("profileSaveButton"));
        QTRY_VERIFY(session.hasProfile());

        // Home → registry → a new person (a returnee not in the ledger yet).
        QTRY_VERIFY(find("registryButton"));
        QVERIFY(click("registryButton"));
        QTRY_VERIFY(find("newPersonButton"));
        QVERIFY(click("newPersonButton"));
        QTRY_VERIFY(find("saveFileButton"));
        find("nameField")->setProperty("text", u"李明"_qs);
        find("idField")->setProperty("text", u"11010519491231002X"_qs);
        find("homeAreaField")->setProperty("text", u"荣县旭阳镇东街社区"_qs);
        QVERIFY(click("saveFileButton"));
        QCOMPARE(find("fileController")->property("errorString").toString(), QString());
        QTRY_VERIFY(m_root->findChild<QObject *>(u"newVisitButton"_qs)); // the new person's page
        QVERIFY(click("newVisitButton"));
        QTRY_VERIFY(m_root->findChild<QObject *>(u"visitController"_qs));
        QObject *visit = find("visitController");
        QCOMPARE(visit->property("targetName").toString(), u"李明"_qs);

        // A photo file, as the file picker would hand it over.
        QImage image(1200, 900, QImage::Format_RGB32);
        image.fill(QColor(180, 90, 60));
        QPainter(&image).drawText(100, 100, u"走访"_qs);
        const QString photo = dir.filePath(u"visit.jpg"_qs);
        QVERIFY(image.save(photo, "JPEG", 90));
        bool added = false;
        QMetaObject::invokeMethod(visit, "addPhotoFile", Q_RETURN_ARG(bool, added), Q_ARG(QString, photo));
        QVERIFY(added);
        visit->setProperty("cashYuan", u"500"_qs);

        // The replay reaches a usable fix within seconds; the page shows it.
        QTRY_VERIFY2_WITH_TIMEOUT(position.usable(), qPrintable(u"fix %1, accuracy %2, %3"_qs.arg(position.hasFix()).arg(position.accuracyM()).arg(position.reason())), 15000);
        QTRY_VERIFY(find("locationText")->property("text").toString().contains(QString::number(qRound(position.accuracyM()))));
        QVERIFY(click("saveVisitButton"));
        QString visitId;
        QMetaObject::invokeMethod(visit, "savedVisitId", Q_RETURN_ARG(QString, visitId));
        QVERIFY(!visitId.isEmpty());
        QTRY_VERIFY(find("savedNote")->property("opened").toBool());

        // Another process's view: open the store with the PIN and read the visit back.
        session.lock();
        QCOMPARE(session.state(), SessionController::State::Locked);
        engine.clearComponentCache();
        platform::PinKeyStore keys(crypto::KdfParams::minimal());
        auto store = storage::Store::open(storeDir, test::secret("258013"), keys);
        HEARTH_VERIFY_OK(store);
        auto &db = (*store)->database();
        auto stmt = db.prepare("SELECT location_status, accuracy_m, latitude, cash_fen, fix_source, campaign_id IS NULL"
                               " FROM visits WHERE id = ?");
        HEARTH_VERIFY_OK(stmt);
        stmt->bind(1, visitId);
        QVERIFY(stmt->step().value_or(false));
        QCOMPARE(stmt->columnText(0), u"fix"_qs);
        QVERIFY(stmt->columnDouble(1) > 0 && stmt->columnDouble(1) <= 50);
        QVERIFY(stmt->columnDouble(2) > 0); // a real latitude, not 0,0
        QCOMPARE(stmt->columnInt(3), 50000);
        QCOMPARE(stmt->columnText(4), u"nmea"_qs);
        auto hash = db.prepare("SELECT photo_hash FROM photo_refs WHERE owner_id = ?");
        HEARTH_VERIFY_OK(hash);
        hash->bind(1, visitId);
        QVERIFY(hash->step().value_or(false));
        auto bytes = media::MediaStore((*store)->mediaDirectory(), (*store)->mediaKey()).get(hash->columnText(0));
        HEARTH_VERIFY_OK(bytes);
        QCOMPARE(QImage::fromData(*bytes).size(), QSize(1200, 900));
        QCOMPARE(db.queryInt("SELECT count(*) FROM drafts").value_or(-1), 0);
        QVERIFY(db.queryInt("SELECT count(*) FROM outbox WHERE entity = 'visit'").value_or(0) == 1);
    }
};

// The child of draftSurvivesAKill: unlocks the store, types into a new visit, waits for the
// draft to be written, then dies by SIGKILL (no destructor, no flush).
static int typeThenDie(const QString &storeDir, const QString &personId)
{
    SessionController session(storeDir, std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
                              u"zh_CN"_qs);
    session.unlock(u"258013"_qs);
    for (int i = 0; i < 2000 && session.busy(); ++i)
        QTest::qWait(10);
    if (session.state() != SessionController::State::Unlocked)
        return 2;
    VisitController visit;
    visit.setSession(&session);
    visit.setPersonId(personId);
    visit.setNotes(u"家中老人腿脚不便，需要上门办理社保认证"_qs);
    visit.setCashYuan(u"200"_qs);
    visit.addNeed(u"health"_qs, u"行动不便"_qs);
    QTest::qWait(1000); // typing stopped: the draft timer has fired
    std::fflush(stdout);
    ::raise(SIGKILL);
    return 3;
}

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("HEARTH_KILL_CHILD_STORE"))
        return typeThenDie(qEnvironmentVariable("HEARTH_KILL_CHILD_STORE"), qEnvironmentVariable("HEARTH_KILL_CHILD_PERSON"));
    TestEndToEnd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_endtoend.moc"
