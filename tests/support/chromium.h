// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket): for the
// console's browser tests. A fresh profile each time, no network beyond loopback, killed at
// the end. Blocking calls with timeouts: a test never hangs on a browser.

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class QWebSocket;

namespace hearth::test {

class Chromium
{
public:
    Chromium();
    ~Chromium();
    // Starts the browser and opens its first page; false with a reason in *error.
    bool start(QString *error);
    // A DevTools command's result (empty, with a warning, on error or timeout).
    QJsonObject send(const QString &method, const QJsonObject &params = {}, int timeoutMs = 30000);
    // The value of a JavaScript expression in the page (promises awaited).
    QJsonValue eval(const QString &expression, int timeoutMs = 30000);
    // Loads `url` and waits for its load event.
    bool navigate(const QString &url);
    // Waits until a JavaScript condition holds in the page.
    bool waitFor(const QString &condition, int timeoutMs = 15000);
    // The page as a PNG at a viewport of width × height CSS pixels (phones: mobile, scale 2).
    QByteArray screenshot(int width, int height, bool mobile);

private:
    QTemporaryDir m_profile;
    QProcess m_process;
    std::unique_ptr<QWebSocket> m_socket;
    int m_nextId = 0;
    QList<QJsonObject> m_events;
};

} // namespace hearth::test
