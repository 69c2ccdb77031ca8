// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12: one client must not be able to take the server down. Against the real process on
// loopback, bounded in count and time: huge and endless bodies refused before they are held,
// slow senders cut off, connections per address bounded, /v1/health answering while Argon2id
// sign-ins run; and its TLS: both files or none, RSA and EC keys, the chain sent, a key that
// is not the certificate's refused. bench/abuse.sh measures the same things with numbers.
#include "core/sync/transport.h"
#include "serverfixture.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
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

struct Run
{
    int code = -1;
    QByteArray out;
};

Run hearthctl(const QString &store, const QStringList &args, const QByteArray &password = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
    env.insert(u"HEARTH_PASSWORD"_qs, QString::fromUtf8(password));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HEARTHCTL_PATH), QStringList{u"--store"_qs, store} + args);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput() + p.readAllStandardError()};
}

// A TLS hearth-server on the fixture's database with the test PKI's `kind` key ("ec", "rsa").
class TlsServer
{
public:
    TlsServer(const ServerFixture &fixture, const QString &pki, const char *kind, quint16 port = 0)
    {
        m_process.start(QStringLiteral(HEARTH_SERVER_PATH),
                        {u"--database"_qs, fixture.databaseUrl(), u"--photos"_qs, fixture.photosDir(), u"--listen"_qs, u"127.0.0.1:%1"_qs.arg(port), u"--tls-cert"_qs,
                         pki + u'/' + QLatin1String(kind) + u"-chain.pem"_qs, u"--tls-key"_qs,
                         pki + u'/' + QLatin1String(kind) + u".key"_qs});
        if (m_process.waitForReadyRead(10000)) {
            const QByteArray line = m_process.readAllStandardOutput();
            m_port = line.mid(line.lastIndexOf(':') + 1).trimmed().toUShort();
        }
    }
    ~TlsServer()
    {
        m_process.terminate();
        m_process.waitForFinished(5000);
    }
    quint16 port() const { return m_port; }
    QString url() const { return u"https://127.0.0.1:%1"_qs.arg(m_port); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace

class TestAbuse : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    QTemporaryDir m_pki;

    QString pki(const char *name) const { return m_pki.filePath(QLatin1String(name)); }

    // hearth-server with these arguments: its exit code and what it said, when it stops by
    // itself within a few seconds; -1 when it went on serving (then it is stopped).
    int serverRefuses(const QStringList &args, QByteArray *said)
    {
        QProcess p;
        p.start(QStringLiteral(HEARTH_SERVER_PATH),
                QStringList{u"--database"_qs, m_server.databaseUrl(), u"--photos"_qs, m_server.photosDir(), u"--listen"_qs,
                            u"127.0.0.1:0"_qs} + args);
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
        QVERIFY(makeTestPki(m_pki.path()));
        QVERIFY(!QSslCertificate::fromPath(pki("ca.pem")).isEmpty());
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

    // Without a live device's token no body is read or set aside at all: 401 from the header.
    void aBodyWithoutATokenIsNotRead()
    {
        auto s = connectTo(m_server.port());
        QVERIFY(s);
        s->write("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n");
        s->write(QByteArray(1 << 20, 'z'));
        const QByteArray got = readUntilClosed(*s, 3000);
        QVERIFY2(got.startsWith("HTTP/1.1 401"), got.left(200).constData());
    }

    // A chunked body declares nothing: even a device's is cut at the route's limit (8 MiB for a push).
    void anEndlessChunkedBodyIsCutAtTheLimit()
    {
        const qint64 before = peakMiB(m_server.serverPid());
        const QByteArray token = m_server.enrol(u"wang"_qs, u"wang-secret-1"_qs);
        QVERIFY(!token.isEmpty());
        auto s = connectTo(m_server.port());
        QVERIFY(s);
        s->write("POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nTransfer-Encoding: chunked\r\n\r\n");
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
            QProcess server;
            server.start(QStringLiteral(HEARTH_SERVER_PATH),
                         {u"--database"_qs, m_server.databaseUrl(), u"--photos"_qs, m_server.photosDir(), u"--listen"_qs,
                          u"127.0.0.1:0"_qs, u"--tls-cert"_qs, chain,
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

    // The client refuses plain http but to loopback (or with the development switch named so).
    void plainHttpIsRefusedButOnLoopback()
    {
        hearth::sync::HttpTransport remote(u"http://192.0.2.10:8080"_qs, 2000, {});
        auto refused = remote.request("GET", u"/v1/health"_qs, {}, {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), hearth::ErrorCode::InvalidArgument);
        QVERIFY(refused.error().localized(u"zh_CN"_qs).contains(u"明文"));
        QVERIFY(refused.error().localized(u"en"_qs).contains(u"https"));
        hearth::sync::HttpTransport local(m_server.baseUrl(), 5000, {});
        QVERIFY(local.request("GET", u"/v1/health"_qs, {}, {}));
        QVERIFY(!hearth::sync::plainHttpAllowed(QUrl(u"http://10.0.0.1"_qs), {}));
        QVERIFY(hearth::sync::plainHttpAllowed(QUrl(u"http://10.0.0.1"_qs), {{}, {}, true}));
        QVERIFY(hearth::sync::plainHttpAllowed(QUrl(u"http://[::1]:80"_qs), {}));
    }

    // A device reads an answer only up to its cap (64 MiB), as it arrives: a server (or
    // something in its place) sending more is cut off, not held.
    void theClientCapsWhatItReads()
    {
        QTcpServer liar;
        QVERIFY(liar.listen(QHostAddress::LocalHost));
        qint64 written = 0;
        QObject::connect(&liar, &QTcpServer::newConnection, &liar, [&] {
            QTcpSocket *s = liar.nextPendingConnection();
            QObject::connect(s, &QTcpSocket::readyRead, s, [&, s] {
                s->readAll();
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n");
                const QByteArray block(1 << 20, ' ');
                QObject::connect(s, &QTcpSocket::bytesWritten, s, [&, s, block] {
                    if (s->bytesToWrite() < (4 << 20) && written < 200LL * 1024 * 1024) {
                        s->write(block);
                        written += block.size();
                    }
                });
                s->write(block);
                written += block.size();
            });
        });
        hearth::sync::HttpTransport client(u"http://127.0.0.1:%1"_qs.arg(liar.serverPort()), 30000, {});
        auto answer = client.request("GET", u"/v1/health"_qs, {}, {});
        QVERIFY(!answer);
        QVERIFY2(answer.error().detail().contains(u"MiB"), qPrintable(answer.error().detail()));
        QVERIFY2(client.bytesReceived() < 80LL * 1024 * 1024, qPrintable(QString::number(client.bytesReceived())));
    }

    // A client follows no redirect (one could lead from https or loopback to plain http elsewhere).
    void theClientFollowsNoRedirect()
    {
        QTcpServer mover;
        QVERIFY(mover.listen(QHostAddress::LocalHost));
        QObject::connect(&mover, &QTcpServer::newConnection, &mover, [&] {
            QTcpSocket *s = mover.nextPendingConnection();
            QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://192.0.2.10/v1/enrol\r\nContent-Length: 0\r\n\r\n");
            });
        });
        hearth::sync::HttpTransport client(u"http://127.0.0.1:%1"_qs.arg(mover.serverPort()), 5000, {});
        auto answer = client.request("POST", u"/v1/enrol"_qs, {{u"user"_qs, u"u"_qs}, {u"password"_qs, u"secret"_qs}}, {});
        QVERIFY(!answer);
        QVERIFY(answer.error().localized(u"en"_qs).contains(u"redirect"));
    }

    // Headers up to 16 KiB are read; beyond, 431.
    void headersAreBoundedAt16KiB()
    {
        for (const auto &[size, status] : {std::pair{12 * 1024, QByteArray("HTTP/1.1 200")}, {20 * 1024, QByteArray("HTTP/1.1 431")}}) {
            auto s = connectTo(m_server.port());
            QVERIFY(s);
            s->write("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(size, 'p') + "\r\nConnection: close\r\n\r\n");
            const QByteArray got = readUntilClosed(*s, 3000);
            QVERIFY2(got.startsWith(status), got.left(100).constData());
        }
    }

    // A certificate is verified against the CAs the device trusts, and once pinned only the
    // same key is accepted: another key (a new certificate, or someone in the middle with a
    // certificate from a CA the phone trusts) stops the sync with a clear reason.
    void theServerKeyIsVerifiedAndPinned()
    {
        const QString pki = m_pki.path();
        const QList<QSslCertificate> root = QSslCertificate::fromPath(pki + u"/ca.pem"_qs);
        TlsServer ec(m_server, pki, "ec");
        QVERIFY(ec.port());
        hearth::sync::HttpTransport untrusted(ec.url(), 5000, {});
        auto refused = untrusted.request("GET", u"/v1/health"_qs, {}, {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().detail(), QString::fromLatin1(hearth::sync::kCertificateUntrusted));
        hearth::sync::HttpTransport first(ec.url(), 5000, {{}, root, false});
        QVERIFY(first.request("GET", u"/v1/health"_qs, {}, {}));
        const QByteArray pin = first.peerPin();
        QCOMPARE(pin, hearth::sync::serverPin(QSslCertificate::fromPath(pki + u"/ec.pem"_qs).first()));
        hearth::sync::HttpTransport pinned(ec.url(), 5000, {pin, root, false});
        QVERIFY(pinned.request("GET", u"/v1/health"_qs, {}, {}));
        TlsServer rsa(m_server, pki, "rsa");
        hearth::sync::HttpTransport moved(rsa.url(), 5000, {pin, root, false});
        auto changed = moved.request("GET", u"/v1/health"_qs, {}, {});
        QVERIFY(!changed);
        QCOMPARE(changed.error().code(), hearth::ErrorCode::Untrusted);
        QCOMPARE(changed.error().detail(), QString::fromLatin1(hearth::sync::kCertificateChanged));
        QVERIFY(changed.error().localized(u"zh_CN"_qs).contains(u"证书"));
    }

    // A device enrolled over TLS; the server's certificate is replaced by one with another key:
    // sync stops and says why; the administrator's new pin, given to trust-server, resumes it.
    void aChangedCertificateIsRePinnedByHand()
    {
        const QString pki = m_pki.path();
        QVERIFY(m_server.addUser(u"pin"_qs, u"cadre"_qs, u"510321100027"_qs, "pin-secret-1"));
        const QString store = m_pki.filePath(u"store"_qs);
        QCOMPARE(hearthctl(store, {u"init"_qs}).code, 0);
        QCOMPARE(hearthctl(store, {u"areas"_qs, u"import"_qs, testAreasDir()}).code, 0);
        quint16 port = 0;
        {
            TlsServer ec(m_server, pki, "ec");
            port = ec.port();
            QCOMPARE(hearthctl(store, {u"enroll"_qs, u"--server"_qs, ec.url(), u"--user"_qs, u"pin"_qs, u"--ca"_qs,
                                       pki + u"/ca.pem"_qs}, "pin-secret-1").code, 0);
            QCOMPARE(hearthctl(store, {u"sync"_qs}).code, 0);
        }
        TlsServer rsa(m_server, pki, "rsa", port); // same address, new key
        QVERIFY(rsa.port());
        const Run stopped = hearthctl(store, {u"sync"_qs, u"--attempts"_qs, u"1"_qs});
        QVERIFY(stopped.code != 0);
        QVERIFY2(stopped.out.contains("trust-server"), stopped.out.constData());
        QVERIFY(hearthctl(store, {u"trust-server"_qs, u"--pin"_qs, u"not-a-pin"_qs}).code != 0);
        const QString pin = QString::fromLatin1(hearth::sync::serverPin(QSslCertificate::fromPath(pki + u"/rsa.pem"_qs).first()));
        QCOMPARE(hearthctl(store, {u"trust-server"_qs, u"--pin"_qs, pin}).code, 0);
        const Run resumed = hearthctl(store, {u"sync"_qs});
        QVERIFY2(resumed.code == 0, resumed.out.constData());
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_GUILESS_MAIN(TestAbuse)
#include "tst_abuse.moc"
