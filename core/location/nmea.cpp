// SPDX-License-Identifier: GPL-3.0-or-later
#include "nmea.h"

#include <QDateTime>
#include <QList>

#include <cmath>

namespace hearth::location {
namespace {

// "$...*hh": true when the checksum is present and right.
bool checksumOk(QByteArrayView s)
{
    const qsizetype star = s.lastIndexOf('*');
    if (!s.startsWith('$') || star < 1 || star + 3 > s.size())
        return false;
    unsigned char sum = 0;
    for (qsizetype i = 1; i < star; ++i)
        sum ^= static_cast<unsigned char>(s[i]);
    bool ok = false;
    const int given = QByteArray(s.sliced(star + 1, 2).data(), 2).toInt(&ok, 16);
    return ok && given == sum;
}

// ddmm.mmmm and a hemisphere letter; nullopt when malformed or out of range.
std::optional<double> coordinate(const QByteArray &value, const QByteArray &hemisphere, int maxDegrees)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    const double degrees = std::floor(v / 100);
    const double minutes = v - degrees * 100;
    if (minutes >= 60 || degrees > maxDegrees)
        return std::nullopt;
    double d = degrees + minutes / 60;
    if (hemisphere == "S" || hemisphere == "W")
        d = -d;
    else if (hemisphere != "N" && hemisphere != "E")
        return std::nullopt;
    return d;
}

double number(const QByteArray &s)
{
    bool ok = false;
    const double v = s.toDouble(&ok);
    return ok ? v : -1;
}

} // namespace

void NmeaReader::startEpoch(const QByteArray &time)
{
    if (time == m_epoch.time)
        return;
    closeEpoch();
    m_epoch = Epoch{time};
}

void NmeaReader::closeEpoch()
{
    const Epoch e = std::exchange(m_epoch, Epoch{});
    if (e.time.isEmpty() || m_date.size() != 6)
        return;
    const QDate date(2000 + m_date.mid(4, 2).toInt(), m_date.mid(2, 2).toInt(), m_date.left(2).toInt());
    const QTime time = QTime::fromString(QString::fromLatin1(e.time.left(6)), u"HHmmss"_qs)
                           .addMSecs(int(std::lround(number(e.time.mid(6).prepend('0')) * 1000)));
    if (!date.isValid() || !time.isValid())
        return;
    const qint64 at = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    m_lastTimeMs = std::max(m_lastTimeMs, at);
    if (!e.hasPosition || e.voided || (e.lat == 0 && e.lon == 0))
        return;
    double accuracy = e.errorM >= 0 ? e.errorM : m_lastErrorM;
    if (accuracy < 0) {
        const double hdop = e.hdop >= 0 ? e.hdop : m_lastHdop;
        accuracy = hdop > 0 ? hdop * m_uere : -1;
    }
    m_fixes.append({e.lat, e.lon, accuracy, at, u"nmea"_qs, false});
}

void NmeaReader::addLine(QByteArrayView raw)
{
    const QByteArray line = raw.trimmed().toByteArray();
    if (!line.startsWith('$') || !checksumOk(line))
        return; // comments, blank lines, noise, broken sentences
    const QList<QByteArray> f = line.left(line.lastIndexOf('*')).split(',');
    const QByteArray id = f[0];
    if (id == "$PGRME") { // Garmin: estimated horizontal position error, metres
        if (f.size() > 1)
            m_lastErrorM = number(f[1]);
        return;
    }
    if (id.startsWith("$P") || id.size() != 6)
        return; // other vendors' sentences
    const QByteArray type = id.right(3);
    if (type == "GSA" && f.size() > 16) {
        if (f[2] == "1")
            return; // "no fix": its DOPs mean nothing
        m_lastHdop = number(f[16]);
    } else if (type == "ZDA" && f.size() > 4 && f[4].size() == 4) {
        m_date = f[2].rightJustified(2, '0') + f[3].rightJustified(2, '0') + f[4].right(2);
    } else if (type == "GST" && f.size() > 7) {
        startEpoch(f[1]);
        const double lat = number(f[6]), lon = number(f[7]);
        if (lat >= 0 && lon >= 0)
            m_epoch.errorM = m_lastErrorM = std::hypot(lat, lon);
    } else if (type == "RMC" && f.size() > 9) {
        if (f[9].size() == 6)
            m_date = f[9];
        startEpoch(f[1]);
        const QByteArray mode = f.size() > 12 ? f[12] : QByteArray();
        if (f[2] != "A" || mode == "N" || mode == "E" || mode == "S" || mode == "M") {
            m_epoch.voided = true;
            return;
        }
        const auto lat = coordinate(f[3], f[4], 90), lon = coordinate(f[5], f[6], 180);
        if (lat && lon) {
            m_epoch.hasPosition = true;
            m_epoch.lat = *lat;
            m_epoch.lon = *lon;
        }
    } else if (type == "GGA" && f.size() > 8) {
        startEpoch(f[1]);
        const int quality = f[6].toInt();
        if (quality < 1 || quality > 5) {
            m_epoch.voided = true;
            return;
        }
        const auto lat = coordinate(f[2], f[3], 90), lon = coordinate(f[4], f[5], 180);
        if (lat && lon) {
            m_epoch.hasPosition = true;
            m_epoch.lat = *lat;
            m_epoch.lon = *lon;
            m_epoch.hdop = number(f[8]);
        }
    }
}

void NmeaReader::finish() { closeEpoch(); }

QList<Fix> NmeaReader::readAll(QIODevice &device, double uereM, qint64 *lastTimeMs)
{
    NmeaReader reader(uereM);
    while (!device.atEnd())
        reader.addLine(device.readLine(4096));
    reader.finish();
    if (lastTimeMs)
        *lastTimeMs = reader.lastTimeMs();
    return reader.fixes();
}

} // namespace hearth::location
