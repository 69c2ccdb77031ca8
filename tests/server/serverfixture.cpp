// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverfixture.h"

#include "server/console/totp.h"
#include "server/pg.h"

#include <QDir>
#include <QFile>
#include <QSslConfiguration>

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

namespace hearth::test {
namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool openssl(const QStringList &args, const QString &dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(u"openssl"_qs, args);
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

} // namespace

bool makeTestPki(const QString &d)
{
    const QString ext = d + u"/ext.cnf"_qs;
    QFile cnf(ext);
    if (!cnf.open(QIODevice::WriteOnly))
        return false;
    cnf.write("[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
              "[leaf]\nbasicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    cnf.close();
    const auto req = [&](const QString &key, const QString &cn, const QStringList &keyArgs) {
        return openssl(QStringList{u"genpkey"_qs} + keyArgs + QStringList{u"-out"_qs, key}, d)
            && openssl({u"req"_qs, u"-new"_qs, u"-key"_qs, key, u"-subj"_qs, u"/CN="_qs + cn, u"-out"_qs, key + u".csr"_qs}, d);
    };
    const auto sign = [&](const QString &csr, const QString &caKey, const QString &caCert, const QString &out,
                          const QString &section) {
        QStringList args{u"x509"_qs, u"-req"_qs, u"-in"_qs, csr, u"-days"_qs, u"30"_qs, u"-out"_qs, out,
                         u"-extfile"_qs, ext, u"-extensions"_qs, section};
        if (caCert.isEmpty())
            args << u"-signkey"_qs << caKey;
        else
            args << u"-CA"_qs << caCert << u"-CAkey"_qs << caKey << u"-CAcreateserial"_qs;
        return openssl(args, d);
    };
    const auto chain = [&](const QString &leaf) {
        QFile a(d + u'/' + leaf + u".pem"_qs), b(d + u"/int.pem"_qs), c(d + u'/' + leaf + u"-chain.pem"_qs);
        return a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly) && c.open(QIODevice::WriteOnly)
            && c.write(a.readAll() + b.readAll()) > 0;
    };
    const QStringList rsa{u"-algorithm"_qs, u"RSA"_qs, u"-pkeyopt"_qs, u"rsa_keygen_bits:2048"_qs};
    const QStringList ec{u"-algorithm"_qs, u"EC"_qs, u"-pkeyopt"_qs, u"ec_paramgen_curve:P-256"_qs};
    return req(u"ca.key"_qs, u"Hearth Test CA"_qs, rsa) && sign(u"ca.key.csr"_qs, u"ca.key"_qs, {}, u"ca.pem"_qs, u"ca"_qs)
        && req(u"int.key"_qs, u"Hearth Test Intermediate"_qs, ec)
        && sign(u"int.key.csr"_qs, u"ca.key"_qs, u"ca.pem"_qs, u"int.pem"_qs, u"ca"_qs)
        && req(u"ec.key"_qs, u"127.0.0.1"_qs, ec) && sign(u"ec.key.csr"_qs, u"int.key"_qs, u"int.pem"_qs, u"ec.pem"_qs, u"leaf"_qs)
        && req(u"rsa.key"_qs, u"127.0.0.1"_qs, rsa)
        && sign(u"rsa.key.csr"_qs, u"int.key"_qs, u"int.pem"_qs, u"rsa.pem"_qs, u"leaf"_qs) && chain(u"ec"_qs)
        && chain(u"rsa"_qs);
}

bool ServerFixture::start()
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (qEnvironmentVariable("HEARTH_TEST_TLS") == u"1") {
        const QString pki = m_dir->filePath(u"pki"_qs);
        if (!QDir().mkpath(pki) || !makeTestPki(pki)) {
            qWarning() << "could not make the test PKI (openssl)";
            return false;
        }
        m_serverArgs << u"--tls-cert"_qs << pki + u"/ec-chain.pem"_qs << u"--tls-key"_qs << pki + u"/ec.key"_qs;
        m_scheme = u"https"_qs;
        m_caPath = pki + u"/ca.pem"_qs;
        qputenv("HEARTH_TEST_CA", m_caPath.toLocal8Bit());
        qputenv("HEARTH_CA_FILE", m_caPath.toLocal8Bit()); // what the app reads (its controllers enrol in some tests)
    }
    QProcess cluster;
    cluster.start(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"start"_qs,
                                m_dir->filePath(u"pg"_qs), QString::number(freePort())});
    if (!cluster.waitForFinished(120000) || cluster.exitCode() != 0) {
        qWarning() << "pg-cluster failed:" << cluster.readAllStandardError();
        return false;
    }
    m_databaseUrl = QString::fromUtf8(cluster.readAllStandardOutput()).trimmed();
    if (!startServer())
        return false;
    // Scopes name areas of the GB/T 2260 table: the test extract (tests/data/areas).
    QByteArray out;
    if (admin({u"admin"_qs, u"areas"_qs, u"import"_qs, QStringLiteral(HEARTH_SOURCE_DIR "/tests/data/areas")}, {}, &out) != 0) {
        qWarning() << "area import failed:" << out;
        return false;
    }
    return true;
}

bool ServerFixture::killServer()
{
    if (!m_server)
        return false;
    m_server->kill(); // SIGKILL: no goodbye, mid-request
    const bool gone = m_server->waitForFinished(5000);
    m_server.reset();
    return gone;
}

bool ServerFixture::startServer()
{
    m_server = std::make_unique<QProcess>();
    // Its log goes to a file the tests read (no person's data may appear there).
    m_server->setStandardErrorFile(serverLogPath(), QIODevice::Append);
    m_server->start(QStringLiteral(HEARTH_SERVER_PATH),
                    QStringList{u"--database"_qs, m_databaseUrl, u"--photos"_qs, photosDir(), u"--listen"_qs,
                                u"127.0.0.1:%1"_qs.arg(m_port)} + m_serverArgs);
    // It prints "listening on 127.0.0.1:PORT" once the schema is migrated and the port bound.
    QByteArray line;
    while (m_server->waitForReadyRead(30000)) {
        line += m_server->readAll();
        if (line.contains('\n'))
            break;
    }
    const qsizetype colon = line.lastIndexOf(':');
    if (colon < 0) {
        qWarning() << "hearth-server did not start:" << line;
        return false;
    }
    m_port = line.mid(colon + 1).trimmed().toUShort();
    m_baseUrl = u"%1://127.0.0.1:%2"_qs.arg(m_scheme).arg(m_port);
    return true;
}

bool ServerFixture::addUser(const QString &name, const QString &role, const QString &scope,
                            const QByteArray &password) const
{
    return admin({u"admin"_qs, u"user"_qs, u"add"_qs, name, u"--role"_qs, role, u"--scope"_qs, scope}, password) == 0;
}

qint64 ServerFixture::queryInt(const char *sql, const QVariantList &params) const
{
    auto pg = server::Pg::connect(m_databaseUrl);
    if (!pg)
        return -1;
    auto r = pg->exec(sql, params);
    return r && r->rows() ? r->integer(0, 0) : -1;
}

bool ServerFixture::execSql(const char *sql, const QVariantList &params) const
{
    auto pg = server::Pg::connect(m_databaseUrl);
    return pg && pg->exec(sql, params).ok();
}

QString ServerFixture::photosDir() const { return m_dir ? m_dir->filePath(u"photos"_qs) : QString(); }

QString ServerFixture::serverLogPath() const { return m_dir ? m_dir->filePath(u"server.log"_qs) : QString(); }

QByteArray ServerFixture::serverLog() const
{
    QFile f(serverLogPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool ServerFixture::restartDatabase()
{
    return QProcess::execute(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"restart"_qs,
                                          m_dir->filePath(u"pg"_qs)}) == 0;
}

void ServerFixture::stop()
{
    if (m_server) {
        m_server->terminate();
        if (!m_server->waitForFinished(5000))
            m_server->kill();
        m_server.reset();
    }
    if (m_dir) {
        QProcess::execute(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"stop"_qs,
                                       m_dir->filePath(u"pg"_qs)});
        m_dir.reset();
    }
}

int ServerFixture::admin(const QStringList &args, const QByteArray &password, QByteArray *out) const
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HEARTH_PASSWORD"_qs, QString::fromUtf8(password));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HEARTH_SERVER_PATH), QStringList{u"--database"_qs, m_databaseUrl} + args);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (out)
        *out = p.readAllStandardOutput() + p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

bool ServerFixture::digestsHold() const
{
    QByteArray out;
    const int code = admin({u"admin"_qs, u"digests"_qs, u"verify"_qs}, {}, &out);
    if (code != 0)
        qWarning().noquote() << "digests:" << out;
    return code == 0;
}

HttpReply ServerFixture::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                 const QByteArray &token, const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(path.startsWith(u"http") ? path : m_baseUrl + path)); // another server process: a whole URL
    if (!m_caPath.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_caPath));
        req.setSslConfiguration(tls);
    }
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.raw = reply->readAll();
    out.json = QJsonDocument::fromJson(out.raw).object();
    out.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return out;
}

HttpReply ServerFixture::post(const QString &path, const QJsonObject &body, const QByteArray &token) const
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), token);
}

HttpReply ServerFixture::get(const QString &path, const QByteArray &token) const
{
    return request("GET", path, {}, token);
}

QByteArray ServerFixture::enrol(const QString &user, const QString &password, const QString &code) const
{
    QJsonObject body{{u"user"_qs, user}, {u"password"_qs, password}, {u"device_name"_qs, u"test"_qs}};
    if (!code.isEmpty())
        body.insert(u"code"_qs, code);
    const HttpReply r = post(u"/v1/enrol"_qs, body);
    return r.json[u"token"].toString().toLatin1();
}

bool ServerFixture::enrolSecondFactor(const QString &user, const QByteArray &password)
{
    if (totpSecrets.contains(user))
        return true;
    const auto signIn = [&](const QString &code) {
        return post(u"/console/api/signin"_qs,
                    {{u"user"_qs, user}, {u"password"_qs, QString::fromUtf8(password)}, {u"code"_qs, code}});
    };
    const HttpReply offer = signIn({});
    if (!offer.json[u"enrol"].toBool()) {
        qWarning() << "no second factor offered" << offer.status << offer.raw;
        return false;
    }
    const QString secret = offer.json[u"secret"].toString();
    const HttpReply confirmed = signIn(server::console::totpCode(secret, nextCodeTime(user)));
    if (confirmed.status != 200) {
        qWarning() << "second factor not confirmed" << confirmed.status << confirmed.raw;
        return false;
    }
    totpSecrets.insert(user, secret);
    return true;
}

QString ServerFixture::secondFactorCode(const QString &user, const QByteArray &password)
{
    if (!enrolSecondFactor(user, password))
        return {};
    return server::console::totpCode(totpSecrets[user], nextCodeTime(user));
}

qint64 ServerFixture::nextCodeTime(const QString &user)
{
    for (;;) {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        qint64 at = std::max(totpCodeTimes.value(user) + 30, now - 30);
        if (at / 30 < now / 30 && 30 - now % 30 < 15)
            at = now; // the step before may end while the request is under way: this step's
        if (at > now + 25) {
            QTest::qWait(500);
            continue;
        }
        totpCodeTimes.insert(user, at);
        return at;
    }
}

} // namespace hearth::test
