// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A supervisor at the console, as the console's tests drive it over HTTP: signs in as an
// authenticator app would (enrols on the first sign-in, then a fresh code each time: a code
// works once), and calls the API with the session cookie and the page's CSRF token.

#include "server/console/totp.h"
#include "serverfixture.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QTest>

namespace hearth::test {

inline const QByteArray kConsolePassword = "pass-console-123";

// A signed-in browser: its session cookie and the page's CSRF token.
struct Browser
{
    QByteArray cookie, csrf;
    bool ok() const { return !cookie.isEmpty(); }
};

class ConsoleClient
{
public:
    explicit ConsoleClient(ServerFixture &server)
        : secrets(server.totpSecrets), codeTimes(server.totpCodeTimes), m_server(server)
    {
    }

    QString range() const
    {
        const QDate now = QDate::currentDate();
        return u"from=%1&to=%2"_qs.arg(now.addMonths(-1).toString(u"yyyy-MM"_qs), now.addMonths(1).toString(u"yyyy-MM"_qs));
    }

    HttpReply call(const QByteArray &method, const QString &path, const Browser &b, const QJsonObject &body = {},
                   QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        if (!b.cookie.isEmpty())
            headers.append({"Cookie", "hearth_console=" + b.cookie});
        if (!b.csrf.isEmpty() && method == "POST" && !headers.contains(qMakePair(QByteArray("X-CSRF-Token"), QByteArray())))
            headers.append({"X-CSRF-Token", b.csrf});
        return m_server.request(method, path, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(), {}, headers);
    }

    HttpReply signInRequest(const QString &user, const QByteArray &password, const QString &code)
    {
        return call("POST", u"/console/api/signin"_qs, {},
                    {{u"user"_qs, user}, {u"password"_qs, QString::fromUtf8(password)}, {u"code"_qs, code}});
    }

    // Signs in as an authenticator app would: enrols on the first sign-in, then a fresh code.
    Browser signIn(const QString &user)
    {
        if (!secrets.contains(user)) {
            const HttpReply offer = signInRequest(user, kConsolePassword, {});
            if (!offer.json[u"enrol"].toBool())
                return {};
            secrets.insert(user, offer.json[u"secret"].toString());
        }
        const HttpReply r = signInRequest(user, kConsolePassword, server::console::totpCode(secrets[user], nextCodeTime(user)));
        const QByteArray setCookie = r.header("set-cookie");
        if (r.status != 200 || !setCookie.startsWith("hearth_console=")) {
            qWarning() << "sign-in failed" << r.status << r.raw;
            return {};
        }
        return {setCookie.mid(15, setCookie.indexOf(';') - 15), r.json[u"csrf"].toString().toLatin1()};
    }

    // The time of the user's next code (ServerFixture::nextCodeTime: one authenticator app
    // for the console and a device's enrolment).
    qint64 nextCodeTime(const QString &user) { return m_server.nextCodeTime(user); }

    // A new supervisor of `scope`, signed in.
    Browser newSupervisor(const QString &scope = u"510321"_qs)
    {
        const QString name = u"sup-%1"_qs.arg(++m_users);
        if (!m_server.addUser(name, u"supervisor"_qs, scope, kConsolePassword))
            return {};
        return signIn(name);
    }

    // The name of the supervisor newSupervisor() made last.
    QString lastSupervisor() const { return u"sup-%1"_qs.arg(m_users); }

    // The fixture's authenticator app: user → TOTP secret, user → the time of the last code used.
    QHash<QString, QString> &secrets;
    QHash<QString, qint64> &codeTimes;

private:
    ServerFixture &m_server;
    int m_users = 0;
};

} // namespace hearth::test
