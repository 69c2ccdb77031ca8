// SPDX-License-Identifier: GPL-3.0-or-later
// QuickTest runner for the pages (tests/qml/tst_*.qml), offscreen. The setup does what
// main.cpp does: a real store (in a temporary directory, minimal Argon2id cost), a session and
// a position service offered as the Session and Position singletons. The store holds the test
// areas, a few people and a cadre profile; tests that need another role set it and put it back.
#include "controllers/positionservice.h"
#include "controllers/qmlsingletons.h"
#include "controllers/sessioncontroller.h"
#include "core/domain/personrepository.h"
#include "core/domain/profile.h"
#include "core/domain/records.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QEventLoop>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Hearth_ControllersPlugin)
Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth;

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_session = std::make_unique<app::SessionController>(
            m_root.filePath(u"store"_qs), std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
            u"zh_CN"_qs);
        m_session->createStore(u"258013"_qs, u"258013"_qs);
        while (m_session->busy()) {
            QEventLoop loop;
            QTimer::singleShot(20, &loop, &QEventLoop::quit);
            loop.exec();
        }
        m_session->acknowledgeRecoveryCode();
        Q_ASSERT(m_session->state() == app::SessionController::State::Unlocked);
        auto &db = m_session->store()->database();
        if (!test::importTestAreas(db))
            qFatal("could not import the test areas");
        domain::PersonRepository people(db);
        for (const domain::Person &p :
             {domain::Person{.name = u"李明"_qs, .idNumber = u"11010519491231002X"_qs, .phone = u"13500001111"_qs,
                             .areaCode = test::testVillage(), .status = u"away"_qs},
              domain::Person{.name = u"张三"_qs, .areaCode = test::testVillage()}})
            if (!people.add(p))
                qFatal("could not add a person");
        // A volunteer's travel point arrives from the server; here it is in the store already.
        if (!domain::RecordRepository(db).addStation({{}, u"travel_point"_qs, u"荣县汽车站爱心驿站"_qs, u"510321"_qs, {}, {}}))
            qFatal("could not add a travel point");
        if (!domain::RecordRepository(db).addCampaign({{}, u"冬季走访"_qs, u"2020-01-01"_qs, u"2099-12-31"_qs, {}, {}, {test::testVillage()}}))
            qFatal("could not add a campaign");
        if (!domain::saveProfile(db, {u"cadre"_qs, u"王芳"_qs, test::testVillage(), {}, 50}))
            qFatal("could not save the profile");
        m_session->reloadProfile();
        app::SessionSingleton::instance = m_session.get();
        app::PositionSingleton::instance = &m_position;
        m_sync.setSession(m_session.get());
        app::SyncSingleton::instance = &m_sync;
    }

    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(u"qrc:/qt/qml"_qs); }

private:
    QTemporaryDir m_root;
    std::unique_ptr<app::SessionController> m_session;
    app::SyncController m_sync;
    app::PositionService m_position; // no source: visits record "no position source"
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_pages, Setup)
#include "tst_pages.moc"
