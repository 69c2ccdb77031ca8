// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where the device is: the platform's position source, or on a desktop an NMEA file, TCP
// socket or serial port (`hearth --nmea SOURCE`). Made in main.cpp and offered to QML as the
// Position singleton. Pages bind to the live accuracy; a visit asks current() at save time,
// which applies the fix policy (core/location/fix.h) so a poor fix is recorded as none.

#include "core/location/fix.h"
#include "core/platform/locationfeed.h"
#include "core/platform/permissions.h"

#include <QGeoPositionInfo>
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

#include <functional>

#include <QGeoPositionInfoSource>

namespace hearth::app {

class PositionService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("created by main.cpp; use the Position singleton")
    Q_PROPERTY(bool available READ available NOTIFY sourceChanged)
    Q_PROPERTY(QString sourceName READ sourceName NOTIFY sourceChanged)
    Q_PROPERTY(bool hasFix READ hasFix NOTIFY updated)
    Q_PROPERTY(bool usable READ usable NOTIFY updated) // fresh and within the limit
    Q_PROPERTY(double accuracyM READ accuracyM NOTIFY updated)
    Q_PROPERTY(double latitude READ latitude NOTIFY updated)
    Q_PROPERTY(double longitude READ longitude NOTIFY updated)
    Q_PROPERTY(int accuracyLimitM READ accuracyLimitM WRITE setAccuracyLimitM NOTIFY updated)
    Q_PROPERTY(QString reason READ reason NOTIFY updated) // why there is no usable fix, in the UI language
    // Satellites used / seen, by system ("北斗 BeiDou 7/10 · GPS 5/8"), where the platform reports them.
    Q_PROPERTY(QString satellites READ satellites NOTIFY updated)

public:
    explicit PositionService(QObject *parent = nullptr);
    ~PositionService() override;

    // "" = the platform default; a file path, tcp://host:port or a serial device = NMEA.
    // Returns false (and stays without a source) when it cannot be opened.
    bool open(const QString &nmeaSource, QString *error = nullptr);
    // The platform's own feed (Android: the mock flag, satellites by system) and its runtime
    // permissions. With a feed, open("") uses it instead of Qt Positioning. Either may be null.
    void setPlatform(platform::LocationFeed *feed, platform::Permissions *permissions);
    // Tests hand in their own source (QNmeaPositionInfoSource over a log). Takes ownership.
    void setSource(QGeoPositionInfoSource *source, bool receiptTime);
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    void setEnglish(bool english) { m_english = english; }

    bool available() const { return m_source != nullptr || m_feedOpen; }
    QString sourceName() const;
    bool hasFix() const { return !m_fixes.isEmpty(); }
    bool usable() const { return current().fix.has_value(); }
    double accuracyM() const { return m_fixes.isEmpty() ? -1 : m_fixes.last().accuracyM; }
    double latitude() const { return m_fixes.isEmpty() ? 0 : m_fixes.last().latitude; }
    double longitude() const { return m_fixes.isEmpty() ? 0 : m_fixes.last().longitude; }
    int accuracyLimitM() const { return int(m_policy.accuracyLimitM); }
    void setAccuracyLimitM(int metres);
    QString reason() const;
    QString satellites() const;

    // What a visit saved now would record.
    location::Location current() const;

    // Every fix, from whichever source, goes through here (UI thread).
    void addFix(const location::Fix &fix);

    Q_INVOKABLE void start();
    Q_INVOKABLE void stop();

Q_SIGNALS:
    void sourceChanged();
    void updated();

private:
    void onPosition(const QGeoPositionInfo &info);
    void startSource();
    void stopSource();

    QPointer<QGeoPositionInfoSource> m_source;
    bool m_receiptTime = false; // NMEA replays carry old times: stamp fixes when they arrive
    QList<location::Fix> m_fixes; // the newest few
    location::FixPolicy m_policy;
    std::function<qint64()> m_clock;
    bool m_english = false;
    int m_starts = 0;
    platform::LocationFeed *m_feed = nullptr;
    platform::Permissions *m_permissions = nullptr;
    bool m_feedOpen = false;
    bool m_refused = false; // the location permission was refused
    platform::SatelliteCounts m_satellites;
};

} // namespace hearth::app
