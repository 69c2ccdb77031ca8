// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A private PostgreSQL (scripts/pg-cluster.sh) and the real hearth-server process on loopback,
// for the server's tests; plus a small blocking HTTP client.

#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace hearth::test {

struct HttpReply
{
    int status = 0;
    QJsonObject json;
    QByteArray raw;
    QList<QPair<QByteArray, QByteArray>> headers; // as the server sent them
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

// A test PKI made with openssl in `dir`: ca.pem (RSA root), int.pem (EC intermediate), and for
// 127.0.0.1 ec.key/ec.pem and rsa.key/rsa.pem, each also as NAME-chain.pem (leaf + intermediate).
bool makeTestPki(const QString &dir);

class ServerFixture
{
public:
    // Arguments the server process gets besides --database and --listen (limits, TLS); set
    // before start(). With `scheme` "https" the base URL is https.
    void setServerArgs(const QStringList &args, const QString &scheme = u"http"_qs)
    {
        m_serverArgs = args;
        m_scheme = scheme;
    }
    // Starts the cluster and the server; false (with a warning) when either fails. With
    // HEARTH_TEST_TLS=1 in the environment the server speaks TLS (an EC key, a chain from a
    // test CA), the base URL is https and HEARTH_TEST_CA names the root devices must trust.
    bool start();
    QString caPath() const { return m_caPath; }
    void stop();
    ~ServerFixture() { stop(); }

    QString databaseUrl() const { return m_databaseUrl; }
    // The server's photo store (--photos), shared by any second server process a test starts.
    QString photosDir() const;
    // An immediate restart of PostgreSQL (as after a crash); the server must reconnect.
    bool restartDatabase();
    QString baseUrl() const { return m_baseUrl; }
    // Everything the server process wrote to its log (stderr), across restarts.
    QByteArray serverLog() const;
    QString serverLogPath() const;
    quint16 port() const { return m_port; }
    qint64 serverPid() const { return m_server ? m_server->processId() : 0; }
    // kill -9 of the server process, and a new one on the same port (same database).
    bool killServer();
    bool startServer();
    // `hearth-server --database URL ARGS` with HEARTH_PASSWORD; exit code, output in *out.
    int admin(const QStringList &args, const QByteArray &password = {}, QByteArray *out = nullptr) const;

    // `path` under the base URL, or a whole URL (a second server process).
    HttpReply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                      const QByteArray &token = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;
    HttpReply post(const QString &path, const QJsonObject &body, const QByteArray &token = {}) const;
    HttpReply get(const QString &path, const QByteArray &token = {}) const;
    // Enrols a device; returns its token (empty on failure). `code`: the second factor's, for
    // supervisors and administrators (secondFactorCode).
    QByteArray enrol(const QString &user, const QString &password, const QString &code = {}) const;

    // The user's authenticator app, as a person holds it. enrolSecondFactor: the TOTP secret
    // set up at the console's first sign-in (a no-op when the user has one here already);
    // false when the sign-in failed. secondFactorCode: that, then a fresh code (a code works
    // once, at the console or at a device's enrolment): take it right before it is sent.
    bool enrolSecondFactor(const QString &user, const QByteArray &password);
    QString secondFactorCode(const QString &user, const QByteArray &password);
    // The time of the user's next code: the server accepts one step either side of its clock,
    // each step once; when both are used, wait for the next (as a person would). A code of the
    // step before this one is good only until this step ends: with less than 15 s of it left (a
    // loaded machine's sign-in, Argon2id and all, can take that), this step's is used instead.
    qint64 nextCodeTime(const QString &user);
    QHash<QString, QString> totpSecrets;   // user → TOTP secret, as their phone holds it
    QHash<QString, qint64> totpCodeTimes; // user → the time of the last code used
    // `admin user add NAME --role ROLE --scope SCOPE` with the password; true when it worked.
    bool addUser(const QString &name, const QString &role, const QString &scope, const QByteArray &password) const;
    // `admin digests verify`: every scope's maintained checksum equals a recount of its records
    // (each suite checks it after every test). Prints what differs.
    bool digestsHold() const;
    // One statement straight on the server's database: the first column of the first row (-1
    // when there is none), or whether it ran.
    qint64 queryInt(const char *sql, const QVariantList &params = {}) const;
    bool execSql(const char *sql, const QVariantList &params = {}) const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_databaseUrl, m_baseUrl;
    quint16 m_port = 0;
    QStringList m_serverArgs;
    QString m_scheme = u"http"_qs;
    QString m_caPath;
    std::unique_ptr<QProcess> m_server;
};

} // namespace hearth::test
