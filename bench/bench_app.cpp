// SPDX-License-Identifier: GPL-3.0-or-later
// The app's figures (issue 4) on a county-sized store, through the real QML pages, offscreen,
// software-rendered. Run by hand; see docs/benchmarks.md.
//
//   QT_QPA_PLATFORM=offscreen build/dev/bench/bench_app [WORKDIR] [ROWS]
//
// Setup (once per WORKDIR): a ROWS-person store (default 200,000) from a synthetic ledger
// through `hearthctl people import`, a campaign over the county and 5,000 visits.
// 1. home after unlock: from the session turning Unlocked (Argon2id and the open are before
//    that and reported apart) to the home page rendered, for a village cadre and for a county
//    supervisor (coverage over the whole county). 7 unlocks each, median and max.
// 2. search: a keystroke in the registry's field to the frame showing the results; 40 typed
//    queries (one to three characters, phone and ID tails), p50 and p95.
// 3. scroll: the registry browsing everyone, scrolled from the first row to the last; rows
//    loaded at the start, time per scroll step, total time, peak memory.
#include "controllers/positionservice.h"
#include "controllers/qmlsingletons.h"
#include "controllers/sessioncontroller.h"
#include "core/domain/dashboard.h"
#include "core/domain/profile.h"
#include "core/domain/records.h"
#include "core/domain/visit.h"
#include "core/storage/database.h"
#include "platforms/common/pinkeystore.h"
#include "benchsupport.h"
#include "support/syntheticledger.h"

#include <QAbstractItemModel>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

Q_IMPORT_QML_PLUGIN(Hearth_ControllersPlugin)
Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth;
using namespace hearth::bench;

namespace {

void waitFor(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        // Pages of the locked session go away now, so findChild cannot meet them.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
}

// Lets the window render the next frame through its own render loop (grabWindow would read
// the frame back into a new image each time, which the figures should not include).
void renderFrame(QQuickWindow *window)
{
    bool swapped = false;
    auto c = QObject::connect(window, &QQuickWindow::frameSwapped, [&] { swapped = true; });
    window->requestUpdate();
    QElapsedTimer t;
    t.start();
    while (!swapped && t.elapsed() < 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    QObject::disconnect(c);
    // What the application's event loop does between frames: delete the delegates that
    // scrolled out (processEvents alone leaves deferred deletes queued).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

QObject *find(QObject *root, const char *name) { return root->findChild<QObject *>(QString::fromLatin1(name)); }

bool unlock(app::SessionController &session)
{
    session.unlock(QString::fromLatin1(kPin));
    waitFor([&] { return !session.busy(); });
    return session.state() == app::SessionController::State::Unlocked;
}

// The store: people from a synthetic ledger, a campaign over the county, some visits.
bool prepare(const QString &storeDir, int rows)
{
    if (QFileInfo::exists(storeDir + u"/store.key"_qs) || QDir(storeDir).exists())
        return true;
    const QString csv = storeDir + u".csv"_qs;
    if (!test::writeSyntheticLedger(csv, rows))
        return false;
    if (hearthctl(storeDir, {u"init"_qs}) != 0 ||
        hearthctl(storeDir, {u"areas"_qs, u"import"_qs, QStringLiteral(HEARTH_TEST_DATA "/areas")}) != 0 ||
        hearthctl(storeDir, {u"people"_qs, u"import"_qs, csv, u"--quiet"_qs}) != 0)
        return false;
    QFile::remove(csv);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QGuiApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QString work = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"build/bench-app"_qs;
    const int rows = argc > 2 ? std::atoi(argv[2]) : 200000;
    QDir().mkpath(work);
    const QString storeDir = QDir(work).absoluteFilePath(u"store-%1"_qs.arg(rows));
    QElapsedTimer setup;
    setup.start();
    if (!prepare(storeDir, rows)) {
        std::fprintf(stderr, "bench_app: could not build the store\n");
        return 1;
    }

    // The session unlocks with the store's real key-derivation cost (hearthctl made it).
    app::SessionController session(storeDir, platform::createSecureKeyStore(), u"zh_CN"_qs);
    app::SessionSingleton::instance = &session;
    app::PositionService position;
    app::PositionSingleton::instance = &position;
    app::SyncController sync;
    sync.setSession(&session);
    app::SyncSingleton::instance = &sync;
    if (!unlock(session)) {
        std::fprintf(stderr, "bench_app: could not unlock: %s\n", qPrintable(session.errorString()));
        return 1;
    }
    storage::Database &db = session.store()->database();
    const qint64 people = db.queryInt("SELECT count(*) FROM people").value_or(0);
    QString village; // the most populous village: the cadre's
    if (auto s = db.prepare("SELECT area_code FROM people GROUP BY area_code ORDER BY count(*) DESC LIMIT 1");
        s && s->step().value_or(false))
        village = s->columnText(0);
    if (db.queryInt("SELECT count(*) FROM campaigns").value_or(0) == 0) {
        domain::RecordRepository records(db);
        auto campaign = records.addCampaign({{}, u"冬季走访"_qs, u"2020-01-01"_qs, u"2099-12-31"_qs, {}, {}, {u"510321"_qs}});
        auto ids = db.prepare("SELECT id FROM people ORDER BY random() LIMIT 5000");
        domain::VisitRepository visits(db);
        while (campaign && ids && ids->step().value_or(false)) {
            domain::Visit v;
            v.personId = ids->columnText(0);
            v.campaignId = *campaign;
            v.kind = u"home"_qs;
            v.visitors = {u"王芳"_qs};
            v.location = {std::nullopt, u"no_fix"_qs};
            if (!visits.add(v))
                return 1;
        }
    }
    std::printf("store: %lld people, %lld households, %lld visits; set up in %.1f s\n", (long long)people,
                (long long)db.queryInt("SELECT count(*) FROM households").value_or(0),
                (long long)db.queryInt("SELECT count(*) FROM visits").value_or(0), setup.elapsed() / 1000.0);

    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_qs);
    engine.load(QUrl(u"qrc:/qt/qml/Hearth/Main.qml"_qs));
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!window)
        return 1;
    window->resize(360, 780);

    // 1. Home after unlock, for a cadre (a village) and a supervisor (the county).
    for (const auto &[role, area] : {std::pair{u"cadre"_qs, village}, std::pair{u"supervisor"_qs, u"510321"_qs}}) {
        if (!domain::saveProfile(session.store()->database(), {role, u"王芳"_qs, area, {}, 50}))
            return 1;
        QList<double> unlockMs, homeMs;
        for (int i = 0; i < 7; ++i) {
            session.lock();
            waitFor([&] { return find(window, "pinField") != nullptr; });
            QElapsedTimer t;
            t.start();
            qint64 unlockedAt = -1;
            auto c = QObject::connect(&session, &app::SessionController::stateChanged, [&] {
                if (session.state() == app::SessionController::State::Unlocked && unlockedAt < 0)
                    unlockedAt = t.nsecsElapsed();
            });
            if (!unlock(session))
                return 1;
            QObject::disconnect(c);
            waitFor([&] { return find(window, "greeting") != nullptr; });
            renderFrame(window); // the first frame of the home page
            homeMs << (t.nsecsElapsed() - unlockedAt) / 1e6;
            unlockMs << unlockedAt / 1e6;
        }
        const QString label = u"home after unlock, "_qs + role;
        report(label.toUtf8().constData(), homeMs);
        report("  (unlock itself: Argon2id + open)", unlockMs);
    }

    // 2. Search: keystrokes in the registry, each to its rendered results.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QObject *registryButton = find(window, "registryButton");
    if (!registryButton)
        return 1;
    QMetaObject::invokeMethod(registryButton, "clicked");
    waitFor([&] { return find(window, "searchField") != nullptr; });
    QObject *field = find(window, "searchField");
    auto *list = qobject_cast<QQuickItem *>(find(window, "peopleList"));
    renderFrame(window);
    const QStringList typed = {u"王"_qs, u"王建"_qs, u"王建国"_qs, u"李"_qs, u"李明"_qs, u"张"_qs, u"张秀"_qs, u"张秀英"_qs,
                               u"陈"_qs, u"陈志"_qs, u"刘"_qs, u"刘红"_qs, u"周"_qs, u"周平"_qs, u"建"_qs, u"英"_qs,
                               u"138"_qs, u"1380"_qs, u"5678"_qs, u"0021"_qs, u"123X"_qs, u"东街"_qs, u"旭阳"_qs};
    QList<double> keyMs;
    for (int round = 0; round < 2; ++round)
        for (const QString &q : typed) {
            QElapsedTimer t;
            t.start();
            field->setProperty("text", q);
            renderFrame(window);
            keyMs << t.nsecsElapsed() / 1e6;
        }
    report("search: keystroke to rendered results", keyMs);

    // 3. Scroll everyone, top to bottom.
    field->setProperty("text", QString());
    renderFrame(window);
    QAbstractItemModel *model = nullptr;
    if (list)
        model = list->property("model").value<QAbstractItemModel *>();
    if (!model)
        return 1;
    const int startRows = model->property("loadedRows").toInt();
    const qint64 total = model->property("total").toLongLong();
    const long rssBefore = currentRssMb();
    QList<double> stepMs;
    QElapsedTimer all;
    all.start();
    int steps = 0;
    int maxLoaded = 0;
    while (steps < 100000) {
        const double before = list->property("contentY").toDouble();
        QElapsedTimer t;
        t.start();
        const double end = list->property("contentHeight").toDouble() - list->height();
        list->setProperty("contentY", std::min(before + 5 * list->height(), end)); // a fling of five screens
        renderFrame(window);
        stepMs << t.nsecsElapsed() / 1e6;
        ++steps;
        maxLoaded = std::max(maxLoaded, model->property("loadedRows").toInt());
        if (list->property("atYEnd").toBool())
            break;
    }
    std::printf("scroll: %lld rows in the list; %d held at the start, at most %d held while scrolling to row %lld "
                "in %d steps of five screens, %.1f s; resident memory %ld MB before, %ld MB after\n",
                (long long)total, startRows, maxLoaded, (long long)model->rowCount(), steps, all.elapsed() / 1000.0,
                rssBefore, currentRssMb());
    report("scroll: one step (five screens) rendered", stepMs);
    return 0;
}
