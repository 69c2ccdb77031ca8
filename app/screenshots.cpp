// SPDX-License-Identifier: GPL-3.0-or-later
#include "screenshots.h"

#include "controllers/sessioncontroller.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

#include <cstdio>

namespace hearth::app {
namespace {

void settle(int ms = 150)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void waitIdle(SessionController &session)
{
    QElapsedTimer t;
    t.start();
    while (session.busy() && t.elapsed() < 30000)
        settle(20);
    settle();
}

struct Size
{
    const char *name;
    int width, height;
    qreal scale;
};

} // namespace

int takeScreenshots(QQmlApplicationEngine &engine, SessionController &session, const QString &dir)
{
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!window || !QDir().mkpath(dir))
        return 1;
    int saved = 0;
    const Size sizes[] = {{"phone", 360, 780, 3.0}, {"desktop", 1280, 800, 1.0}};
    auto shoot = [&](const char *page) {
        for (const Size &s : sizes) {
            window->resize(s.width, s.height);
            settle();
            QImage image = window->grabWindow(); // at the window's device pixel ratio (3x)
            const QSize pixels(int(s.width * s.scale), int(s.height * s.scale));
            if (image.size() != pixels)
                image = image.scaled(pixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            const QString file = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(QLatin1String(s.name),
                                                                                    QLatin1String(page)));
            if (image.save(file))
                ++saved;
            else
                std::fprintf(stderr, "hearth: could not write %s\n", qPrintable(file));
        }
    };

    if (session.state() == SessionController::State::NeedsSetup) {
        shoot("01-setup-pin");
        session.createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(session);
        shoot("02-recovery-code");
        session.acknowledgeRecoveryCode();
        settle();
    } else if (session.state() == SessionController::State::Locked) {
        session.unlock(QString::fromLocal8Bit(qgetenv("HEARTH_PIN")));
        waitIdle(session);
    }
    shoot("03-home");
    // The registry, empty or (with --store on a demo store) full, then a search in it.
    QObject *root = window;
    if (QObject *button = root->findChild<QObject *>(u"registryButton"_qs)) {
        QMetaObject::invokeMethod(button, "clicked");
        settle(400);
        shoot("05-registry");
        if (QObject *field = root->findChild<QObject *>(u"searchField"_qs)) {
            field->setProperty("text", qEnvironmentVariable("HEARTH_SCREENSHOT_QUERY", u"明"_qs));
            settle(300);
            shoot("06-registry-search");
        }
        if (QObject *back = root->findChild<QObject *>(u"backButton"_qs))
            QMetaObject::invokeMethod(back, "clicked");
        settle(400);
    }
    session.lock();
    settle();
    session.unlock(u"999999"_qs);
    waitIdle(session);
    shoot("04-unlock-wrong-pin");
    std::printf("%d screenshots written to %s\n", saved, qPrintable(dir));
    return saved > 0 ? 0 : 1;
}

} // namespace hearth::app
