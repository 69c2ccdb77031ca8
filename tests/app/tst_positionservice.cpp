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

using namespace hearth::app;

namespace {
QString logPath(const char *name) { return QStringLiteral(HEARTH_NMEA_DIR "/") + QLatin1String(name); }
}

class TestPositionService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
