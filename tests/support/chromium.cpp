// SPDX-License-Identifier: GPL-3.0-or-later
#include "chromium.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

namespace hearth::test {

Chromium::Chromium() = default;

Chromium::~Chromium()
{
    if (m_socket)
        m_socket->abort();
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool Chromium::start(QString *error)
{
    const QString binary = u"/usr/bin/chromium"_qs;
    if (!QFile::exists(binary)) {
        *error = u"Debian's chromium is not installed (scripts/setup-deps.sh installs it)"_qs;
        return false;
    }
    // The flags the machine's own check uses: no background connections (the network is closed
    // beyond loopback), no sandbox (tests may run as root), a new empty profile.
    m_process.start(binary, {u"--headless"_qs, u"--no-sandbox"_qs, u"--disable-gpu"_qs, u"--disable-quic"_qs,
                             u"--no-first-run"_qs, u"--disable-background-networking"_qs, u"--disable-component-update"_qs,
                             u"--disable-sync"_qs, u"--disable-extensions"_qs, u"--remote-debugging-port=0"_qs,
                             u"--user-data-dir="_qs + m_profile.path(), u"--lang=zh-CN"_qs, u"about:blank"_qs});
    if (!m_process.waitForStarted(10000)) {
        *error = u"chromium did not start"_qs;
        return false;
    }
    // It writes the port it chose into the profile.
    QByteArray port;
    QElapsedTimer t;
    t.start();
    while (port.isEmpty() && t.elapsed() < 30000) {
        QFile f(m_profile.filePath(u"DevToolsActivePort"_qs));
        if (f.open(QIODevice::ReadOnly))
            port = f.readLine().trimmed();
        if (port.isEmpty())
            QTest::qWait(100);
    }
    if (port.isEmpty()) {
        *error = u"chromium did not open its DevTools port: "_qs + QString::fromUtf8(m_process.readAllStandardError().right(500));
        return false;
    }
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/json/list"_qs.arg(QString::fromLatin1(port)))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    QString pageUrl;
    for (const QJsonValue &target : QJsonDocument::fromJson(reply->readAll()).array())
        if (target[u"type"].toString() == u"page")
            pageUrl = target[u"webSocketDebuggerUrl"].toString();
    reply->deleteLater();
    if (pageUrl.isEmpty()) {
        *error = u"chromium has no page to drive"_qs;
        return false;
    }
    m_socket = std::make_unique<QWebSocket>();
    QObject::connect(m_socket.get(), &QWebSocket::textMessageReceived, [this](const QString &text) {
        m_events.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    QEventLoop open;
    QObject::connect(m_socket.get(), &QWebSocket::connected, &open, &QEventLoop::quit);
    QTimer::singleShot(10000, &open, &QEventLoop::quit);
    m_socket->open(QUrl(pageUrl));
    open.exec();
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        *error = u"cannot connect to chromium's DevTools"_qs;
        return false;
    }
    send(u"Page.enable"_qs);
    send(u"Runtime.enable"_qs);
    return true;
}

QJsonObject Chromium::send(const QString &method, const QJsonObject &params, int timeoutMs)
{
    const int id = ++m_nextId;
    m_socket->sendTextMessage(QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"id"_qs, id}, {u"method"_qs, method}, {u"params"_qs, params}}).toJson(QJsonDocument::Compact)));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        for (qsizetype i = 0; i < m_events.size(); ++i)
            if (m_events[i][u"id"].toInt() == id) {
                const QJsonObject answer = m_events.takeAt(i);
                if (answer.contains(u"error"))
                    qWarning() << method << answer[u"error"];
                return answer[u"result"].toObject();
            }
        QTest::qWait(20);
    }
    qWarning() << method << "timed out";
    return {};
}

QJsonValue Chromium::eval(const QString &expression, int timeoutMs)
{
    const QJsonObject r = send(u"Runtime.evaluate"_qs,
                               {{u"expression"_qs, expression}, {u"awaitPromise"_qs, true}, {u"returnByValue"_qs, true}},
                               timeoutMs);
    if (r.contains(u"exceptionDetails"))
        qWarning() << "script failed:" << r[u"exceptionDetails"][u"exception"][u"description"].toString();
    return r[u"result"][u"value"];
}

bool Chromium::navigate(const QString &url)
{
    m_events.removeIf([](const QJsonObject &e) { return e[u"method"].toString() == u"Page.loadEventFired"; });
    send(u"Page.navigate"_qs, {{u"url"_qs, url}});
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000) {
        for (const QJsonObject &e : m_events)
            if (e[u"method"].toString() == u"Page.loadEventFired")
                return true;
        QTest::qWait(20);
    }
    return false;
}

bool Chromium::waitFor(const QString &condition, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (eval(u"Boolean("_qs + condition + u")"_qs).toBool())
            return true;
        QTest::qWait(50);
    }
    qWarning() << "never held:" << condition;
    return false;
}

QByteArray Chromium::screenshot(int width, int height, bool mobile)
{
    send(u"Emulation.setDeviceMetricsOverride"_qs,
         {{u"width"_qs, width}, {u"height"_qs, height}, {u"deviceScaleFactor"_qs, mobile ? 2 : 1}, {u"mobile"_qs, mobile}});
    QTest::qWait(300); // charts follow the new size
    eval(u"window.dispatchEvent(new Event('resize')), true"_qs);
    QTest::qWait(200);
    const QJsonObject shot = send(u"Page.captureScreenshot"_qs, {{u"format"_qs, u"png"_qs}});
    return QByteArray::fromBase64(shot[u"data"].toString().toLatin1());
}

} // namespace hearth::test
