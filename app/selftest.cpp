// SPDX-License-Identifier: GPL-3.0-or-later
#include "selftest.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickWindow>

#include <cstdio>

namespace hearth::app {
namespace {

QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void collect(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtDebugMsg && type != QtInfoMsg)
        g_warnings << message;
    if (g_previous)
        g_previous(type, context, message);
}

bool check(const QString &what, const QStringList &errors)
{
    std::printf("%s %s\n", errors.isEmpty() ? "PASS" : "FAIL", qPrintable(what));
    for (const QString &e : errors)
        std::printf("    %s\n", qPrintable(e));
    return errors.isEmpty();
}

} // namespace

int runSelfTest(QQmlApplicationEngine &engine)
{
    g_previous = qInstallMessageHandler(collect);
    int passed = 0, failed = 0;

    QStringList files;
    QDirIterator it(u":/qt/qml/Hearth"_qs, {u"*.qml"_qs}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();

    for (const QString &file : files) {
        g_warnings.clear();
        QQmlComponent component(&engine, QUrl(u"qrc"_qs + file));
        QStringList errors;
        for (const auto &e : component.errors())
            errors << e.toString();
        if (errors.isEmpty() && !file.endsWith(u"/Main.qml")) {
            // Instantiate it inside a window-less item so bindings evaluate.
            std::unique_ptr<QObject> object(component.create());
            if (!object)
                errors << u"could not be created"_qs;
            QCoreApplication::processEvents();
        }
        errors << g_warnings;
        (check(file, errors) ? passed : failed)++;
    }

    g_warnings.clear();
    engine.load(QUrl(u"qrc:/qt/qml/Hearth/Main.qml"_qs));
    QCoreApplication::processEvents();
    QStringList errors = g_warnings;
    if (engine.rootObjects().isEmpty() || !qobject_cast<QQuickWindow *>(engine.rootObjects().first()))
        errors << u"Main.qml did not produce a window"_qs;
    (check(u"Main window"_qs, errors) ? passed : failed)++;

    if (files.size() < 2) {
        check(u"QML files found in the module"_qs, {u"only %1"_qs.arg(files.size())});
        ++failed;
    }
    qInstallMessageHandler(g_previous);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

} // namespace hearth::app
