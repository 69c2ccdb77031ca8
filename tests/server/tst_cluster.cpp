// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 15: two hearth-server processes behind HAProxy on one address, over a PostgreSQL primary
// and its streaming replica (pg_basebackup). Pushes go to the primary, protocol-2 pulls are read
// from the replica: a device never misses a change while the replica lags (its next round
// catches up), and killing one server process under load loses nothing a device was told was
// applied; devices carry on through the other. Real devices: hearthctl stores.
#include "support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using hearth::test::testAreasDir;

namespace {

constexpr char kPassword[] = "cluster-secret-1";
const QString kVillage = u"510321100027"_qs;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

struct Run
{
    int code = -1;
    QByteArray out, err;
};

Run run(const QString &program, const QStringList &args, const QByteArray &password = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
    env.insert(u"HEARTH_PASSWORD"_qs, QString::fromUtf8(password));
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

Run ctl(const QString &store, const QStringList &args, const QByteArray &password = {})
{
    return run(QStringLiteral(HEARTHCTL_PATH), QStringList{u"--store"_qs, store} + args, password);
}

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_primary, m_replica, m_base;
    QList<QProcess *> m_servers;
    QProcess m_proxy;
    int m_users = 0;

    QString pgCluster() const { return QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"); }

    QString sql(const QString &url, const QString &statement)
    {
        const Run r = run(u"psql"_qs, {url, u"-qAtX"_qs, u"-v"_qs, u"ON_ERROR_STOP=1"_qs, u"-c"_qs, statement});
        if (r.code != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    QProcess *startServer()
    {
        auto *p = new QProcess(this);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QStringLiteral(HEARTH_SERVER_PATH), {u"--database"_qs, m_primary, u"--replica"_qs, m_replica, u"--photos"_qs,
                                                     m_dir.filePath(u"photos"_qs), u"--listen"_qs, u"127.0.0.1:0"_qs});
        if (!p->waitForReadyRead(30000))
            return nullptr;
        return p;
    }

    static quint16 portOf(QProcess *server)
    {
        const QByteArray line = server->readLine();
        return quint16(line.mid(line.lastIndexOf(':') + 1).trimmed().toUInt());
    }

    // A device of its own village: a fresh store enrolled through the proxy.
    QString device(const QString &name, const QString &village)
    {
        const QString user = u"c%1"_qs.arg(++m_users);
        if (run(QStringLiteral(HEARTH_SERVER_PATH), {u"--database"_qs, m_primary, u"admin"_qs, u"user"_qs, u"add"_qs, user,
                                                    u"--role"_qs, u"cadre"_qs, u"--scope"_qs, village},
                kPassword)
                .code
            != 0)
            return {};
        const QString store = m_dir.filePath(name);
        if (ctl(store, {u"init"_qs}).code != 0 || ctl(store, {u"areas"_qs, u"import"_qs, testAreasDir()}).code != 0)
            return {};
        const Run r = ctl(store, {u"enroll"_qs, u"--server"_qs, m_base, u"--user"_qs, user}, kPassword);
        if (r.code != 0)
            qWarning() << r.err;
        return r.code == 0 ? store : QString();
    }

    int people(const QString &store)
    {
        return QJsonDocument::fromJson(ctl(store, {u"export"_qs, u"--json"_qs}).out).object()[u"people"].toArray().size();
    }

    // Until the replica has replayed everything the primary holds now.
    bool caughtUp()
    {
        const QString lsn = sql(m_primary, u"SELECT pg_current_wal_lsn()"_qs);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            if (sql(m_replica, u"SELECT pg_last_wal_replay_lsn() >= '%1'::pg_lsn"_qs.arg(lsn)) == u"t")
                return true;
            QTest::qWait(50);
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const Run primary = run(u"bash"_qs, {pgCluster(), u"start"_qs, m_dir.filePath(u"primary"_qs), QString::number(freePort())});
        QVERIFY2(primary.code == 0, primary.err.constData());
        m_primary = QString::fromUtf8(primary.out).trimmed();
        // The schema and the areas on the primary, then the replica copies them.
        QCOMPARE(run(QStringLiteral(HEARTH_SERVER_PATH), {u"--database"_qs, m_primary, u"admin"_qs, u"areas"_qs, u"import"_qs,
                                                         testAreasDir()})
                     .code,
                 0);
        const Run replica = run(u"bash"_qs, {pgCluster(), u"replica"_qs, m_dir.filePath(u"primary"_qs), m_dir.filePath(u"replica"_qs),
                                             QString::number(freePort())});
        QVERIFY2(replica.code == 0, replica.err.constData());
        m_replica = QString::fromUtf8(replica.out).trimmed();
        QCOMPARE(sql(m_replica, u"SELECT pg_is_in_recovery()"_qs), u"t"_qs);
        QStringList backends;
        for (int i = 0; i < 2; ++i) {
            QProcess *server = startServer();
            QVERIFY(server);
            m_servers << server;
            backends << u"    server s%1 127.0.0.1:%2 check inter 200ms fall 1 rise 2"_qs.arg(i).arg(portOf(server));
        }
        // One address for both: HAProxy, checking each server's health.
        const quint16 port = freePort();
        QFile config(m_dir.filePath(u"haproxy.cfg"_qs));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(u"global\n    maxconn 256\n"
                     "defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n"
                     "    timeout http-request 15s\n    option redispatch\n    retries 3\n    retry-on conn-failure\n"
                     "frontend hearth\n    bind 127.0.0.1:%1\n    default_backend servers\n"
                     "backend servers\n    balance roundrobin\n    option httpchk GET /v1/health\n%2\n"_qs.arg(port)
                         .arg(backends.join(u'\n'))
                         .toUtf8());
        config.close();
        m_proxy.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_proxy.start(u"haproxy"_qs, {u"-f"_qs, config.fileName(), u"-db"_qs});
        QVERIFY2(m_proxy.waitForStarted(), "haproxy (Debian package haproxy) must be installed");
        m_base = u"http://127.0.0.1:%1"_qs.arg(port);
        QElapsedTimer t;
        t.start();
        bool up = false;
        while (!up && t.elapsed() < 10000) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            up = probe.waitForConnected(200);
            if (!up)
                QTest::qWait(100);
        }
        QVERIFY(up);
        QTest::qWait(600); // both servers seen healthy
    }

    void cleanupTestCase()
    {
        m_proxy.terminate();
        m_proxy.waitForFinished(5000);
        for (QProcess *s : m_servers) {
            s->terminate();
            s->waitForFinished(5000);
        }
        run(u"bash"_qs, {pgCluster(), u"stop"_qs, m_dir.filePath(u"replica"_qs)});
        run(u"bash"_qs, {pgCluster(), u"stop"_qs, m_dir.filePath(u"primary"_qs)});
    }

    // While the replica stands still, a device's pulls bring nothing new (they are read there);
    // once it has caught up, the next round brings everything, once.
    void pullsReadTheReplicaAndMissNothingWhileItLags()
    {
        const QString a = device(u"a"_qs, kVillage), b = device(u"b"_qs, kVillage);
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(ctl(a, {u"person"_qs, u"add"_qs, u"--name"_qs, u"先到%1"_qs.arg(i), u"--area"_qs, kVillage}).code, 0);
        QCOMPARE(ctl(a, {u"sync"_qs}).code, 0);
        QVERIFY(caughtUp());
        QCOMPARE(ctl(b, {u"sync"_qs}).code, 0);
        QCOMPARE(people(b), 3);

        QVERIFY(sql(m_replica, u"SELECT pg_wal_replay_pause()"_qs).isEmpty());
        for (int i = 0; i < 2; ++i)
            QCOMPARE(ctl(a, {u"person"_qs, u"add"_qs, u"--name"_qs, u"后到%1"_qs.arg(i), u"--area"_qs, kVillage}).code, 0);
        QCOMPARE(ctl(a, {u"sync"_qs}).code, 0); // pushed to the primary, pulled from the stopped replica
        QCOMPARE(sql(m_primary, u"SELECT count(*) FROM records WHERE entity = 'person' AND scope = '%1'"_qs.arg(kVillage)), u"5"_qs);
        QCOMPARE(ctl(b, {u"sync"_qs}).code, 0);
        QCOMPARE(people(b), 3); // read where replication stands: nothing new yet, nothing skipped
        QVERIFY(sql(m_replica, u"SELECT pg_wal_replay_resume()"_qs).isEmpty());
        QVERIFY(caughtUp());
        const Run round = ctl(b, {u"sync"_qs, u"--verify"_qs, u"--json"_qs});
        QCOMPARE(round.code, 0);
        QCOMPARE(people(b), 5);
        QCOMPARE(QJsonDocument::fromJson(round.out).object()[u"drift"].toArray().size(), 0);
        QCOMPARE(ctl(a, {u"sync"_qs}).code, 0);
        QCOMPARE(people(a), 5);
    }

    // Three devices add and sync in a loop through the proxy; one server process is killed
    // half-way. Every person each device made reaches the primary, once.
    void killingOneServerUnderLoadLosesNothing()
    {
        constexpr int kDevices = 3, kRounds = 12;
        const QStringList villages{u"510321100028"_qs, u"510321100029"_qs, u"510321100031"_qs};
        QStringList stores;
        for (int d = 0; d < kDevices; ++d) {
            stores << device(u"load%1"_qs.arg(d), villages[d]);
            QVERIFY(!stores.last().isEmpty());
        }
        QList<QProcess *> loads;
        for (int d = 0; d < kDevices; ++d) {
            auto *p = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
            p->setProcessEnvironment(env);
            p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            // A round that fails (its server died under it) is simply tried again next time.
            p->start(u"bash"_qs, {u"-c"_qs, u"for i in $(seq 1 %1); do \"$0\" --store \"$1\" person add --name \"村民$i\" --area \"$2\""
                                             " >/dev/null && \"$0\" --store \"$1\" sync >/dev/null; done"_qs.arg(kRounds),
                                  QStringLiteral(HEARTHCTL_PATH), stores[d], villages[d]});
            loads << p;
        }
        QTest::qWait(1500);
        m_servers.first()->kill(); // -9, mid-load
        m_servers.first()->waitForFinished(5000);
        for (QProcess *p : loads) {
            QVERIFY(p->waitForFinished(180000));
        }
        for (int d = 0; d < kDevices; ++d) {
            QCOMPARE(ctl(stores[d], {u"sync"_qs}).code, 0); // through the survivor
            QCOMPARE(sql(m_primary, u"SELECT count(*) FROM records WHERE entity = 'person' AND scope = '%1'"_qs.arg(villages[d])),
                     QString::number(kRounds));
            QCOMPARE(sql(m_primary, u"SELECT count(*) FROM changes WHERE entity = 'person' AND scope = '%1' AND op = 'create'"_qs
                                        .arg(villages[d])),
                     QString::number(kRounds)); // each once
        }
        QVERIFY(caughtUp());
        for (const QString &store : stores)
            QCOMPARE(people(store), kRounds);
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
