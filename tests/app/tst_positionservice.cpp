// SPDX-License-Identifier: GPL-3.0-or-later
// `hearth --nmea SOURCE` through PositionService: a real receiver log replayed from a file, the
// same log streamed over a loopback TCP socket, a log without a fix, a bad path, and the
// accuracy limit deciding what a visit would record.
#include "controllers/positionservice.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QPromise>

#include <thread>

using namespace hearth::app;

namespace {
QString logPath(const char *name) { return QStringLiteral(HEARTH_NMEA_DIR "/") + QLatin1String(name); }

// A platform feed that delivers from its own thread, as Android's main looper does.
class ThreadFeed final : public hearth::platform::LocationFeed
{
public:
    bool start(FixSink onFix, SatelliteSink onSatellites) override
    {
        if (!allowed)
            return false;
        m_onFix = std::move(onFix);
        m_onSatellites = std::move(onSatellites);
        ++starts;
        return true;
    }
    void stop() override
    {
        m_onFix = nullptr;
        ++stops;
    }
    void deliverFromThread(const hearth::location::Fix &fix)
    {
        std::thread([&] { if (m_onFix) m_onFix(fix); }).join();
    }
    void satellitesFromThread(const hearth::platform::SatelliteCounts &c)
    {
        std::thread([&] { if (m_onSatellites) m_onSatellites(c); }).join();
    }
    bool allowed = true;
    int starts = 0;
    int stops = 0;

private:
    FixSink m_onFix;
    SatelliteSink m_onSatellites;
};

// A phone's permission dialog: answered later, by the test.
class AskedPermissions final : public hearth::platform::Permissions
{
public:
    bool granted(hearth::platform::Permission) const override { return m_granted; }
    QFuture<bool> request(hearth::platform::Permission) override
    {
        ++asked;
        m_pending = std::make_unique<QPromise<bool>>();
        m_pending->start();
        return m_pending->future();
    }
    void answer(bool granted)
    {
        m_granted = granted;
        m_pending->addResult(granted);
        m_pending->finish();
    }
    int asked = 0;

private:
    bool m_granted = false;
    std::unique_ptr<QPromise<bool>> m_pending;
};
}

class TestPositionService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The location permission is asked when a visit starts the position, not before; granted,
    // the platform feed starts and its fixes (from another thread) reach the policy; a mock fix
    // is refused with its reason.
    void platformFeedAfterPermission()
    {
        ThreadFeed feed;
        AskedPermissions permissions;
        PositionService position;
        position.setPlatform(&feed, &permissions);
        QVERIFY(position.open(QString()));
        QVERIFY(position.available());
        QCOMPARE(permissions.asked, 0);
        position.start();
        QCOMPARE(permissions.asked, 1);
        QCOMPARE(feed.starts, 0); // not before the answer
        permissions.answer(true);
        QTRY_COMPARE(feed.starts, 1);

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        position.setClock([now] { return now + 1000; });
        hearth::location::Fix mock{30.66, 104.06, 8, now, u"gps"_qs, true};
        feed.deliverFromThread(mock);
        QTRY_VERIFY(position.hasFix());
        QCOMPARE(position.current().reasonCode, u"mock"_qs);
        hearth::location::Fix real{30.66, 104.06, 8, now, u"gps"_qs, false};
        feed.deliverFromThread(real);
        QTRY_VERIFY(position.usable());

        hearth::platform::SatelliteCounts counts;
        counts.used[hearth::platform::SatelliteCounts::BeiDou] = 7;
        counts.visible[hearth::platform::SatelliteCounts::BeiDou] = 10;
        counts.used[hearth::platform::SatelliteCounts::Gps] = 5;
        counts.visible[hearth::platform::SatelliteCounts::Gps] = 8;
        feed.satellitesFromThread(counts);
        QTRY_COMPARE(position.satellites(), u"北斗 BeiDou 7/10 · GPS 5/8"_qs);
        position.stop();
        QCOMPARE(feed.stops, 1);
    }

    // Refused: the visit is saved without a fix and says why; nothing is started.
    void permissionRefused()
    {
        ThreadFeed feed;
        AskedPermissions permissions;
        PositionService position;
        position.setPlatform(&feed, &permissions);
        QVERIFY(position.open(QString()));
        position.start();
        permissions.answer(false);
        QTRY_COMPARE(position.current().reasonCode, u"permission_denied"_qs);
        QCOMPARE(feed.starts, 0);
        QVERIFY(position.reason().contains(u"定位权限"));
        position.setEnglish(true);
        QVERIFY(position.reason().contains(u"permission"));
        position.stop();
    }

    // A fix still on its way when the service is destroyed is dropped, not delivered to it.
    void fixAfterDestructionIsDropped()
    {
        ThreadFeed feed;
        auto position = std::make_unique<PositionService>();
        position->setPlatform(&feed, nullptr);
        QVERIFY(position->open(QString()));
        position->start();
        QCOMPARE(feed.starts, 1);
        feed.deliverFromThread({30.0, 104.0, 5, 1, u"gps"_qs, false}); // queued, not yet run
        position.reset();
        QCoreApplication::processEvents(); // must not touch the deleted service
        QCOMPARE(feed.stops, 1); // and the feed was stopped on the way out
    }

    void refusesAPathThatDoesNotOpen()
    {
        PositionService position;
        QString error;
        QVERIFY(!position.open(u"/nonexistent/gps.log"_qs, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!position.available());
        QCOMPARE(position.current().reasonCode, u"no_source"_qs);
    }

    void replaysALogFile()
    {
        PositionService position;
        QVERIFY(position.open(logPath("bu353-glonass.log")));
        QVERIFY(position.available());
        QVERIFY(!position.usable()); // not started yet
        position.start();
        QTRY_VERIFY_WITH_TIMEOUT(position.usable(), 15000);
        const auto location = position.current();
        QVERIFY(location.fix);
        QVERIFY(location.fix->accuracyM > 0 && location.fix->accuracyM <= 50);
        QCOMPARE(location.fix->source, u"nmea"_qs);
        QVERIFY(qAbs(location.fix->latitude - 55.686) < 0.01); // Moscow, where the log was recorded
        // A tighter limit than the receiver reaches: no fix, and why.
        position.setAccuracyLimitM(5);
        QVERIFY(!position.usable());
        // The newest fix is too coarse (or, this early in the log, of unknown accuracy).
        const QString reason = position.current().reasonCode;
        QVERIFY2(reason == u"inaccurate" || reason == u"accuracy_unknown", qPrintable(reason));
        QCOMPARE(position.reason(), position.current().reasonChinese());
        QVERIFY(!position.reason().isEmpty());
        position.setEnglish(true);
        QCOMPARE(position.reason(), position.current().reasonEnglish());
        position.stop();
    }

    void readsAStreamOverTcp()
    {
        QFile log(logPath("bu353-glonass.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = log.readAll().split('\n');
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTimer feeder;
        int next = 0;
        QTcpSocket *client = nullptr;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            client = server.nextPendingConnection();
            feeder.start(5);
        });
        connect(&feeder, &QTimer::timeout, this, [&] {
            if (client && next < lines.size())
                client->write(lines[next++] + "\r\n");
        });
        PositionService position;
        QVERIFY(position.open(u"tcp://127.0.0.1:%1"_qs.arg(server.serverPort())));
        position.start();
        QTRY_VERIFY_WITH_TIMEOUT(position.usable(), 15000);
        QVERIFY(position.accuracyM() <= 50);
    }

    void aLogWithoutAFixNeverGivesOne()
    {
        PositionService position;
        QVERIFY(position.open(logPath("holux-gm-210.log")));
        position.start();
        QTest::qWait(2500);
        QVERIFY(!position.usable());
        QCOMPARE(position.latitude(), 0.0);
        QVERIFY(position.current().reasonCode == u"no_fix"_qs || position.current().reasonCode == u"accuracy_unknown"_qs);
    }
};

QTEST_GUILESS_MAIN(TestPositionService)
#include "tst_positionservice.moc"
