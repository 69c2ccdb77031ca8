// SPDX-License-Identifier: GPL-3.0-or-later
// Fixes from the real receiver logs in shared/testdata/nmea, and the fix policy.
#include "core/location/nmea.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QTest>

using namespace hearth::location;

namespace {

QString logPath(const char *name) { return QStringLiteral(HEARTH_NMEA_DIR "/") + QLatin1String(name); }

QList<Fix> readLog(const char *name, qint64 *last = nullptr)
{
    QFile f(logPath(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return NmeaReader::readAll(f, kDefaultUereM, last);
}

qint64 utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

QList<Fix> readText(const QByteArray &text)
{
    QByteArray copy = text;
    QBuffer b(&copy);
    b.open(QIODevice::ReadOnly);
    return NmeaReader::readAll(b);
}

// Appends the right checksum to "$...".
QByteArray sentence(const QByteArray &body)
{
    unsigned char sum = 0;
    for (qsizetype i = 1; i < body.size(); ++i)
        sum ^= static_cast<unsigned char>(body[i]);
    return body + '*' + QByteArray::number(sum, 16).rightJustified(2, '0').toUpper() + "\r\n";
}

} // namespace

class TestLocation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realLogs_data()
    {
        QTest::addColumn<QString>("log");
        QTest::addColumn<int>("count");
        QTest::addColumn<qint64>("firstAt");
        QTest::addColumn<double>("firstLat");
        QTest::addColumn<double>("firstLon");
        // Counted from the files: epochs with RMC status A or GGA quality 1-5.
        QTest::newRow("bu353 ($GN/$GP/$GL)") << u"bu353-glonass.log"_qs << 9 << utc(2014, 5, 26, 8, 14, 11)
                                             << 55 + 41.1955 / 60 << 37 + 37.2872 / 60;
        QTest::newRow("haicom (no fix first)") << u"haicom-305N.log"_qs << 68 << utc(2007, 4, 8, 9, 53, 4, 802)
                                               << -(27 + 12.6520 / 60) << 153 + 3.1397 / 60;
        // Garmin's log is a simulation (RMC status V with mode S, GGA quality 8): no real fix.
        QTest::newRow("garmin (simulator)") << u"garmin-geko201.log"_qs << 0 << qint64(0) << 0.0 << 0.0;
        // Holux never got a fix (RMC V, GGA quality 0).
        QTest::newRow("holux (no fix)") << u"holux-gm-210.log"_qs << 0 << qint64(0) << 0.0 << 0.0;
    }

    void realLogs()
    {
        QFETCH(QString, log);
        QFETCH(int, count);
        QFETCH(qint64, firstAt);
        QFETCH(double, firstLat);
        QFETCH(double, firstLon);
        qint64 last = 0;
        const QList<Fix> fixes = readLog(log.toLatin1().constData(), &last);
        QCOMPARE(fixes.size(), count);
        QVERIFY(last > 0); // every log has timed sentences
        for (qsizetype i = 1; i < fixes.size(); ++i)
            QVERIFY(fixes[i].timeMs > fixes[i - 1].timeMs);
        for (const Fix &f : fixes) {
            QVERIFY(f.accuracyM > 0);
            QVERIFY(!(f.latitude == 0 && f.longitude == 0));
        }
        const Location chosen = chooseFix(fixes, {}, last);
        if (count == 0) {
            QVERIFY(!chosen.fix);
            QCOMPARE(chosen.reasonCode, u"no_fix"_qs);
            QCOMPARE(chosen.reasonChinese(), u"还没有收到卫星定位"_qs);
            return;
        }
        QCOMPARE(fixes.first().timeMs, firstAt); // nothing before the first valid sentence
        QVERIFY(qAbs(fixes.first().latitude - firstLat) < 1e-9);
        QVERIFY(qAbs(fixes.first().longitude - firstLon) < 1e-9);
        QVERIFY(chosen.fix);
        QVERIFY(chosen.fix->accuracyM <= 50);
    }

    void accuracyFromHdopOrTheReceiver()
    {
        const QList<Fix> bu = readLog("bu353-glonass.log");
        QCOMPARE(bu.first().accuracyM, 2.56 * kDefaultUereM); // HDOP from the $GNGSA before it
        QCOMPARE(bu[1].accuracyM, 4.87 * kDefaultUereM);     // HDOP from its $GPGGA
        const QList<Fix> haicom = readLog("haicom-305N.log");
        QCOMPARE(haicom.first().accuracyM, 17.0 * kDefaultUereM); // 85 m: above the 50 m limit
        QByteArray withGarminError = sentence("$PGRME,7.5,M,12.0,M,14.0,M") +
                                     sentence("$GPRMC,120000,A,3040.0000,N,10404.0000,E,0.0,0.0,220126,,,A") +
                                     sentence("$GPGGA,120000,3040.0000,N,10404.0000,E,1,08,3.0,500.0,M,0.0,M,,");
        QCOMPARE(readText(withGarminError).first().accuracyM, 7.5);
    }

    void noiseDoesNotConfuseIt()
    {
        QByteArray text = "# a comment line\n\n$GPTXT,01,01,02,u-blox*50\nnot nmea at all\n";
        text += sentence("$PSRF151,01");                                                     // vendor
        text += "$GPRMC,120000,A,3040.0000,N,10404.0000,E,0.0,0.0,220126,,,A*00\r\n";       // bad checksum
        text += "$GPRMC,120000,A,3040.0000,N,10404.0000,E,0.0,0.0,220126,,,A\r\n";           // no checksum
        text += sentence("$GPRMC,120001,A,0000.0000,N,00000.0000,E,0.0,0.0,220126,,,A");     // 0,0
        text += sentence("$GPGSA,A,3,01,02,03,04,,,,,,,,,1.8,1.2,1.0");
        text += sentence("$BDRMC,120002,A,3040.1000,N,10404.1000,E,0.0,0.0,220126,,,A");     // BeiDou
        text += sentence("$GBGGA,120003,3040.2000,N,10404.2000,E,2,08,0.9,500.0,M,0.0,M,,"); // BeiDou, DGPS
        text += sentence("$GNRMC,120004,A,3040.3000,N,10404.3000,E,0.0,0.0,220126,,,E");     // estimated
        text += sentence("$GPGGA,120005,3040.4000,N,10404.4000,E,6,08,0.9,500.0,M,0.0,M,,"); // dead reckoning
        text += sentence("$GLRMC,120006,A,9140.0000,N,10404.0000,E,0.0,0.0,220126,,,A");     // latitude > 90
        const QList<Fix> fixes = readText(text);
        QCOMPARE(fixes.size(), 2);
        QCOMPARE(fixes[0].latitude, 30 + 40.1 / 60);
        QCOMPARE(fixes[0].accuracyM, 1.2 * kDefaultUereM);
        QCOMPARE(fixes[1].latitude, 30 + 40.2 / 60);
        QCOMPARE(fixes[1].accuracyM, 0.9 * kDefaultUereM);
        QCOMPARE(fixes[1].timeMs, utc(2026, 1, 22, 12, 0, 3));
    }

    void policy()
    {
        const qint64 now = utc(2026, 1, 22, 12, 0, 0);
        const Fix good{30, 104, 12, now - 5000, u"nmea"_qs, false};
        QCOMPARE(chooseFix({good}, {}, now).fix->accuracyM, 12.0);
        Fix rough = good;
        rough.accuracyM = 80;
        QCOMPARE(chooseFix({rough}, {}, now).reasonCode, u"inaccurate"_qs);
        QVERIFY(chooseFix({rough}, {100, 30'000}, now).fix); // a looser limit takes it
        Fix old = good;
        old.timeMs = now - 120'000;
        QCOMPARE(chooseFix({old}, {}, now).reasonCode, u"stale"_qs);
        Fix unknown = good;
        unknown.accuracyM = -1;
        QCOMPARE(chooseFix({unknown}, {}, now).reasonCode, u"accuracy_unknown"_qs);
        Fix mock = good;
        mock.mock = true;
        QCOMPARE(chooseFix({mock}, {}, now).reasonCode, u"mock"_qs);
        QCOMPARE(chooseFix({}, {}, now).reasonCode, u"no_fix"_qs);
        // The newest acceptable one wins over an older acceptable one.
        Fix newer = good;
        newer.timeMs = now - 1000;
        newer.latitude = 31;
        QCOMPARE(chooseFix({good, newer, rough}, {}, now).fix->latitude, 31.0);
    }
};

QTEST_GUILESS_MAIN(TestLocation)
#include "tst_location.moc"
