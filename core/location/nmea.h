// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fix.h"

#include <QByteArray>
#include <QIODevice>

namespace hearth::location {

// The user-equivalent range error used when a receiver reports only HDOP:
// accuracy = HDOP × 5 m (a typical 1-sigma UERE for consumer GNSS).
constexpr double kDefaultUereM = 5.0;

// Reads NMEA 0183 as receivers write it, and yields only what they reported as valid fixes.
// - Sentences must have a correct checksum; comment lines ('#'), vendor sentences ($P...),
//   and anything else are skipped.
// - Any talker: $GP, $GN, $GL, $GA, $BD, $GB.
// - RMC with status A (and no mode N/E/S/M), GGA with quality 1-5 (6 estimated, 7 manual
//   and 8 simulation are refused). An RMC with status V voids its epoch.
// - Accuracy: Garmin's $PGRME horizontal error or GST's error ellipse when the receiver gives
//   one, else HDOP (from GGA or GSA) × UERE.
// - One fix per epoch (sentences with the same UTC time).
class NmeaReader
{
public:
    explicit NmeaReader(double uereM = kDefaultUereM) : m_uere(uereM) {}

    // Feeds one line; returns true when it completed an epoch with a fix (see fixes()).
    void addLine(QByteArrayView line);
    // Ends the input; the last epoch is judged too.
    void finish();
    const QList<Fix> &fixes() const { return m_fixes; }
    // The UTC time of the newest sentence seen (the replay's "now"); 0 when none.
    qint64 lastTimeMs() const { return m_lastTimeMs; }

    static QList<Fix> readAll(QIODevice &device, double uereM = kDefaultUereM, qint64 *lastTimeMs = nullptr);

private:
    struct Epoch
    {
        QByteArray time; // hhmmss.sss as sent
        bool hasPosition = false;
        bool voided = false;
        double lat = 0, lon = 0;
        double hdop = -1;
        double errorM = -1;
    };
    void closeEpoch();
    void startEpoch(const QByteArray &time);

    double m_uere;
    Epoch m_epoch;
    QByteArray m_date; // ddmmyy from RMC or ZDA
    double m_lastHdop = -1;
    double m_lastErrorM = -1;
    qint64 m_lastTimeMs = 0;
    QList<Fix> m_fixes;
};

} // namespace hearth::location
