// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12: one client must not be able to take the server down. Against the real process on
// loopback, bounded in count and time: huge and endless bodies refused before they are held,
// slow senders cut off, connections per address bounded, /v1/health answering while Argon2id
// sign-ins run; and its TLS: both files or none, RSA and EC keys, the chain sent, a key that
// is not the certificate's refused. bench/abuse.sh measures the same things with numbers.
#include "serverfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

using namespace hearth::test;

namespace {

// The server process's peak resident memory (VmHWM), in MiB.
qint64 peakMiB(qint64 pid)
{
    QFile f(u"/proc/%1/status"_qs.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024;
    return -1;
}

// A raw connection, so the test decides what is sent and when.
std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto s = std::make_unique<QTcpSocket>();
    s->connectToHost(QHostAddress::LocalHost, port);
    return s->waitForConnected(3000) ? std::move(s) : nullptr;
}

// Reads until the peer closes or `ms` pass; what arrived.
QByteArray readUntilClosed(QTcpSocket &s, int ms)
{
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms && s.state() == QAbstractSocket::ConnectedState) {
        s.waitForReadyRead(50);
        got += s.readAll();
    }
    return got + s.readAll();
}

// Milliseconds one GET /v1/health takes on a fresh connection; -1 if it fails.
qint64 healthMs(quint16 port)
{
    QElapsedTimer t;
    t.start();
    auto s = connectTo(port);
    if (!s)
        return -1;
    s->write("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const QByteArray got = readUntilClosed(*s, 5000);
    return got.startsWith("HTTP/1.1 200") ? t.elapsed() : -1;
}

bool openssl(const QStringList &args, const QString &dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(u"openssl"_qs, args);
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

} // namespace

class TestAbuse : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    QTemporaryDir m_pki;

    // A test CA, an intermediate, and server certificates for 127.0.0.1 with an EC and an RSA key.
    bool makePki()
    {
        const QString d = m_pki.path();
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
        const QStringList rsa{u"-algorithm"_qs, u"RSA"_qs, u"-pkeyopt"_qs, u"rsa_keygen_bits:2048"_qs};
        const QStringList ec{u"-algorithm"_qs, u"EC"_qs, u"-pkeyopt"_qs, u"ec_paramgen_curve:P-256"_qs};
        return req(u"ca.key"_qs, u"Hearth Test CA"_qs, rsa) && sign(u"ca.key.csr"_qs, u"ca.key"_qs, {}, u"ca.pem"_qs, u"ca"_qs)
            && req(u"int.key"_qs, u"Hearth Test Intermediate"_qs, ec)
            && sign(u"int.key.csr"_qs, u"ca.key"_qs, u"ca.pem"_qs, u"int.pem"_qs, u"ca"_qs)
            && req(u"ec.key"_qs, u"127.0.0.1"_qs, ec) && sign(u"ec.key.csr"_qs, u"int.key"_qs, u"int.pem"_qs, u"ec.pem"_qs, u"leaf"_qs)
            && req(u"rsa.key"_qs, u"127.0.0.1"_qs, rsa)
            && sign(u"rsa.key.csr"_qs, u"int.key"_qs, u"int.pem"_qs, u"rsa.pem"_qs, u"leaf"_qs);
    }

    QString pki(const char *name) const { return m_pki.filePath(QLatin1String(name)); }

    bool writeChain(const QString &leaf, const QString &out)
    {
        QFile a(leaf), b(pki("int.pem")), c(out);
        if (!a.open(QIODevice::ReadOnly) || !b.open(QIODevice::ReadOnly) || !c.open(QIODevice::WriteOnly))
            return false;
        return c.write(a.readAll() + b.readAll()) > 0;
    }

    // hearth-server with these arguments: its exit code and what it said, when it stops by
    // itself within a few seconds; -1 when it went on serving (then it is stopped).
    int serverRefuses(const QStringList &args, QByteArray *said)
    {
        QProcess p;
        p.start(QStringLiteral(HEARTH_SERVER_PATH),
                QStringList{u"--database"_qs, m_server.databaseUrl(), u"--listen"_qs, u"127.0.0.1:0"_qs} + args);
        if (!p.waitForFinished(5000)) {
            p.terminate();
            p.waitForFinished(5000);
            return -1;
        }
        *said = p.readAllStandardError() + p.readAllStandardOutput();
        return p.exitCode();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.setServerArgs({u"--header-timeout"_qs, u"2"_qs, u"--body-timeout"_qs, u"3"_qs, u"--inflight-mib"_qs, u"64"_qs});
        QVERIFY(m_server.start());
        QVERIFY(m_server.addUser(u"wang"_qs, u"cadre"_qs, u"510321100027"_qs, "wang-secret-1"));
    }

    // Main buffered a 300 MB body whole (23 → 614 MB) before answering 401. Now a declared
    // length over the route's limit is answered at once, and not one byte of it is kept.
    void aHugeDeclaredBodyIsRefusedUnread()
    {
        const qint64 before = peakMiB(m_server.serverPid());
        QVERIFY(before > 0);
        auto s = connectTo(m_server.port());
        QVERIFY(s);
        s->write("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 300000000\r\n\r\n");
        s->write(QByteArray(1 << 20, 'x')); // the start of it
        const QByteArray got = readUntilClosed(*s, 3000);
        QVERIFY2(got.startsWith("HTTP/1.1 413"), got.left(200).constData());
        QVERIFY(got.contains("too_large"));
        QVERIFY2(peakMiB(m_server.serverPid()) - before < 16, qPrintable(QString::number(peakMiB(m_server.serverPid()) - before)));
        QCOMPARE(healthMs(m_server.port()) >= 0, true);
    }

    // A chunked body declares nothing: it is cut at the route's limit (8 MiB for a push).
    void anEndlessChunkedBodyIsCutAtTheLimit()
    {
        const qint64 before = peakMiB(m_server.serverPid());
        auto s = connectTo(m_server.port());
        QVERIFY(s);
        s->write("POST /v1/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk = "100000\r\n" + QByteArray(0x100000, 'y') + "\r\n"; // 1 MiB each
        qint64 sent = 0;
        QByteArray got;
        for (int i = 0; i < 40 && s->state() == QAbstractSocket::ConnectedState; ++i) {
            s->write(chunk);
            s->waitForBytesWritten(2000);
            sent += chunk.size();
            s->waitForReadyRead(10);
            got += s->readAll();
            if (!got.isEmpty())
                break;
        }
        got += readUntilClosed(*s, 3000);
        QVERIFY2(got.startsWith("HTTP/1.1 413"), got.left(200).constData());
        QVERIFY2(sent < 30 * 0x100000, qPrintable(QString::number(sent)));
        QVERIFY(peakMiB(m_server.serverPid()) - before < 40);
    }

    // A header that never ends, and a body that never comes: cut off at the timeouts (2 s and
    // 3 s here), so a slow sender holds a connection for seconds, not forever.
    void slowSendersAreCutOff()
    {
        QElapsedTimer t;
        auto header = connectTo(m_server.port());
        QVERIFY(header);
        t.start();
        header->write("POST /v1/push HTTP/1.1\r\nHost:");
        readUntilClosed(*header, 8000);
        QCOMPARE(header->state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));

        auto body = connectTo(m_server.port());
        QVERIFY(body);
        t.restart();
        body->write("POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"user\":");
        readUntilClosed(*body, 8000);
        QCOMPARE(body->state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
    }

    // One address may hold 64 connections; the 65th is closed at once, the others still served.
    void connectionsPerAddressAreBounded()
    {
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 64; ++i) {
            auto s = connectTo(m_server.port());
            QVERIFY(s);
            held.push_back(std::move(s));
        }
        QTest::qWait(200);
        auto extra = connectTo(m_server.port());
        QVERIFY(extra);
        extra->write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(readUntilClosed(*extra, 2000), QByteArray());
        held.front()->write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(held.front()->waitForReadyRead(2000));
        QVERIFY(held.front()->readAll().startsWith("HTTP/1.1 200"));
        held.clear();
        QTest::qWait(200);
        QVERIFY(healthMs(m_server.port()) >= 0);
    }

    // Main ran one handler at a time: 20 wrong-password enrolments (an Argon2id each) held
    // /v1/health for 4.2 s. Now they run on their own pool, and health answers meanwhile.
    void healthAnswersWhileSignInsRun()
    {
        std::vector<std::unique_ptr<QTcpSocket>> signIns;
        for (int i = 0; i < 20; ++i) {
            auto s = connectTo(m_server.port());
            QVERIFY(s);
            const QByteArray body = "{\"user\":\"wang\",\"password\":\"wrong-" + QByteArray::number(i) + "\"}";
            s->write("POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            s->flush();
            signIns.push_back(std::move(s));
        }
        QList<qint64> ms;
        for (int i = 0; i < 10; ++i) {
            ms << healthMs(m_server.port());
            QTest::qWait(20);
        }
        std::sort(ms.begin(), ms.end());
        QVERIFY2(ms.first() >= 0 && ms.last() < 1000, qPrintable(QString::number(ms.last())));
        int answered = 0;
        for (auto &s : signIns) {
            const QByteArray got = readUntilClosed(*s, 20000);
            answered += got.startsWith("HTTP/1.1 401") || got.startsWith("HTTP/1.1 429");
        }
        QCOMPARE(answered, 20);
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
    }

    void tlsTakesBothFilesAndTheirPair()
    {
        QVERIFY(makePki());
        QByteArray said;
        QCOMPARE(serverRefuses({u"--tls-key"_qs, pki("ec.key")}, &said), 2);
        QVERIFY2(said.contains("--tls-cert"), said.constData());
        QCOMPARE(serverRefuses({u"--tls-cert"_qs, pki("ec.pem")}, &said), 2);
        QCOMPARE(serverRefuses({u"--tls-cert"_qs, pki("ec.pem"), u"--tls-key"_qs, pki("rsa.key")}, &said), 1);
        QVERIFY2(said.contains("does not belong"), said.constData());
        QCOMPARE(serverRefuses({u"--tls-cert"_qs, pki("nowhere.pem"), u"--tls-key"_qs, pki("rsa.key")}, &said), 1);
    }

    // An EC key and an RSA key both serve, and the chain (leaf and intermediate) is sent, so a
    // client that trusts only the root verifies the server.
    void tlsServesEcAndRsaWithTheChain()
    {
        const QList<QSslCertificate> root = QSslCertificate::fromPath(pki("ca.pem"));
        QCOMPARE(root.size(), 1);
        for (const char *kind : {"ec", "rsa"}) {
            const QString chain = pki(kind) + u"-chain.pem"_qs;
            QVERIFY(writeChain(pki(kind) + u".pem"_qs, chain));
            QProcess server;
            server.start(QStringLiteral(HEARTH_SERVER_PATH),
                         {u"--database"_qs, m_server.databaseUrl(), u"--listen"_qs, u"127.0.0.1:0"_qs, u"--tls-cert"_qs, chain,
                          u"--tls-key"_qs, pki(kind) + u".key"_qs});
            QVERIFY(server.waitForReadyRead(10000));
            const QByteArray line = server.readAllStandardOutput();
            QVERIFY2(line.contains("https on"), line.constData());
            const quint16 port = line.mid(line.lastIndexOf(':') + 1).trimmed().toUShort();
            QSslSocket s;
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setCaCertificates(root);
            s.setSslConfiguration(config);
            s.connectToHostEncrypted(u"127.0.0.1"_qs, port);
            QVERIFY2(s.waitForEncrypted(10000), qPrintable(s.errorString()));
            QVERIFY(s.peerCertificateChain().size() >= 2); // the leaf and the intermediate it was sent with
            s.write("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            QVERIFY(s.waitForReadyRead(5000));
            QVERIFY(s.readAll().startsWith("HTTP/1.1 200"));
            server.terminate();
            QVERIFY(server.waitForFinished(5000));
        }
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_GUILESS_MAIN(TestAbuse)
#include "tst_abuse.moc"
