// SPDX-License-Identifier: GPL-3.0-or-later
// hearth: the composition root. Builds the services, hands them to QML as singletons, loads
// the window. Usage: hearth [--store DIR] [--lang zh|en] [--nmea SOURCE] [--self-test] [--screenshots DIR]
#include "controllers/mediaimageprovider.h"
#include "controllers/positionservice.h"
#include "controllers/qmlsingletons.h"
#include "controllers/sessioncontroller.h"
#include "controllers/visitcontroller.h"
#include "core/platform/services.h"
#include "core/storage/storelocation.h"
#include "screenshots.h"
#include "selftest.h"

#include <QCommandLineParser>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Hearth_ControllersPlugin)
Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth;

namespace {

// Simplified Chinese unless asked for English or the system speaks English.
QString chooseLanguage(const QString &requested)
{
    if (!requested.isEmpty())
        return requested.startsWith(u"en") ? u"en"_qs : u"zh_CN"_qs;
    const QStringList ui = QLocale::system().uiLanguages();
    return !ui.isEmpty() && ui.first().startsWith(u"en") ? u"en"_qs : u"zh_CN"_qs;
}

bool wants(int argc, char *argv[], const char *flag)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], flag) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    const bool headless = wants(argc, argv, "--self-test") || wants(argc, argv, "--screenshots");
    if (headless) {
        // Render in software, without a display: the same on CI and a laptop.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
        // Screenshots render at a phone's 3x density; the desktop set is scaled back to 1x.
        if (wants(argc, argv, "--screenshots"))
            qputenv("QT_SCALE_FACTOR", "3");
    }
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"hearth"_qs);
    QGuiApplication::setApplicationDisplayName(u"暖心走访"_qs);
    QGuiApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Hearth 暖心走访: offline-first field app"_qs);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption storeOpt(u"store"_qs, u"Use the store in DIR."_qs, u"DIR"_qs);
    const QCommandLineOption langOpt(u"lang"_qs, u"Interface language: zh or en."_qs, u"LANG"_qs);
    const QCommandLineOption selfTestOpt(u"self-test"_qs, u"Load every QML file, then exit (0 = all good)."_qs);
    const QCommandLineOption shotsOpt(u"screenshots"_qs, u"Render the main pages to PNG files in DIR."_qs, u"DIR"_qs);
    const QCommandLineOption nmeaOpt(u"nmea"_qs,
                                     u"Position from NMEA: a log file (replayed), tcp://HOST:PORT or a serial device."_qs,
                                     u"SOURCE"_qs);
    parser.addOptions({storeOpt, langOpt, selfTestOpt, shotsOpt, nmeaOpt});
    parser.process(app);

    // --lang, else the choice made in Settings, else the system's.
    const QString language = chooseLanguage(
        parser.isSet(langOpt) || headless ? parser.value(langOpt) : QSettings().value(u"language"_qs).toString());
    QTranslator translator;
    // English needs its catalogue too: it holds the plural forms ("1 person", "2 people").
    auto loadCatalogue = [&translator](const QString &lang) {
        QCoreApplication::removeTranslator(&translator);
        if (translator.load(lang == u"en" ? u":/i18n/hearth_en.qm"_qs : u":/i18n/hearth_zh_CN.qm"_qs))
            QCoreApplication::installTranslator(&translator);
        QLocale::setDefault(QLocale(lang == u"en" ? QLocale::English : QLocale::Chinese,
                                    lang == u"en" ? QLocale::UnitedStates : QLocale::China));
    };
    loadCatalogue(language);

    QQuickStyle::setStyle(u"Material"_qs);
    if (QFontDatabase::families().contains(u"Noto Sans CJK SC"_qs)) {
        QFont font(u"Noto Sans CJK SC"_qs);
        font.setPixelSize(15);
        QGuiApplication::setFont(font);
    }

    // Headless runs never touch a real store: they work in a throwaway directory.
    QTemporaryDir scratch;
    if (headless)
        QStandardPaths::setTestModeEnabled(true);
    QString storeDir = parser.value(storeOpt);
    if (storeDir.isEmpty())
        storeDir = headless ? scratch.filePath(u"store"_qs) : storage::defaultStoreDirectory();

    // Every platform service, chosen in platforms/<os>/ and made here once.
    platform::Services services = platform::createServices();
    app::VisitController::setPlatform(services.camera.get(), services.permissions.get());

    app::SessionController session(storeDir, std::move(services.keys), language);
    app::SessionSingleton::instance = &session;
    QObject::connect(&app, &QGuiApplication::applicationStateChanged, &session,
                     &app::SessionController::applicationStateChanged);

    app::PositionService position;
    position.setPlatform(services.location.get(), services.permissions.get());
    position.setEnglish(language == u"en");
    if (QString error; !position.open(parser.value(nmeaOpt), &error) && parser.isSet(nmeaOpt)) {
        std::fprintf(stderr, "hearth: 无法打开定位源 / cannot open the position source: %s\n", qPrintable(error));
        return 2;
    }
    QObject::connect(&session, &app::SessionController::profileChanged, &position,
                     [&] { position.setAccuracyLimitM(session.accuracyLimitM()); });
    app::PositionSingleton::instance = &position;

    app::SyncController sync; // the one sync service: the strip and Settings both bind to it
    sync.setSession(&session);
    sync.setConnectivity(services.connectivity.get());
    app::SyncSingleton::instance = &sync;
    // Phones run the same round from the system's job scheduler while the app is in the
    // background (a locked store answers Locked); desktops rely on the controller's timer.
    platform::registerRound([&sync](const std::atomic_bool &cancelled) { return sync.backgroundRound(cancelled); });
    const auto unregisterRound = qScopeGuard([] { platform::registerRound({}); });
    if (services.background && !headless)
        services.background->schedule(std::chrono::minutes(15));

    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_qs);
    engine.addImageProvider(u"media"_qs, new app::MediaImageProvider(&session));
    QObject::connect(&session, &app::SessionController::languageChanged, &engine, [&] {
        loadCatalogue(session.language());
        position.setEnglish(session.language() == u"en");
        engine.retranslate();
    });
    if (parser.isSet(selfTestOpt))
        return app::runSelfTest(engine);

    engine.load(QUrl(u"qrc:/qt/qml/Hearth/Main.qml"_qs));
    if (engine.rootObjects().isEmpty()) {
        std::fprintf(stderr, "hearth: 界面加载失败 / the interface failed to load\n");
        return 1;
    }
    if (parser.isSet(shotsOpt))
        return app::takeScreenshots(engine, session, parser.value(shotsOpt));
    return app.exec();
}
