// SPDX-License-Identifier: GPL-3.0-or-later
#include "positionservice.h"

#include "core/location/nmea.h"

#include <QDateTime>
#include <QFile>
#include <QGeoPositionInfoSource>
#include <QLoggingCategory>
#include <QNmeaPositionInfoSource>
#include <QTcpSocket>
#include <QUrl>

Q_LOGGING_CATEGORY(lcPosition, "hearth.position")

namespace hearth::app {

namespace {
constexpr int kKeptFixes = 10;
}

PositionService::PositionService(QObject *parent)
    : QObject(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

PositionService::~PositionService()
{
    if (m_starts > 0 && m_feedOpen)
        m_feed->stop(); // the feed outlives this service (main.cpp): no callback after this
}

void PositionService::setPlatform(platform::LocationFeed *feed, platform::Permissions *permissions)
{
    m_feed = feed;
    m_permissions = permissions;
}

bool PositionService::open(const QString &nmeaSource, QString *error)
{
    if (nmeaSource.isEmpty() && m_feed) {
        m_feedOpen = true;
        Q_EMIT sourceChanged();
        return true;
    }
    if (nmeaSource.isEmpty()) {
        QGeoPositionInfoSource *source = QGeoPositionInfoSource::createDefaultSource(this);
        if (!source) {
            qCInfo(lcPosition) << "no platform position source";
            return false;
        }
        setSource(source, false);
        return true;
    }
    const QUrl url(nmeaSource);
    QIODevice *device = nullptr;
    auto mode = QNmeaPositionInfoSource::RealTimeMode;
    if (url.scheme() == u"tcp") {
        auto *socket = new QTcpSocket(this);
        socket->connectToHost(url.host(), quint16(url.port(10110)));
        device = socket;
    } else {
        auto *file = new QFile(nmeaSource, this);
        if (!file->open(QIODevice::ReadOnly)) {
            if (error)
                *error = file->errorString();
            delete file;
            return false;
        }
        // A regular file is a recording: replay it at its own pace. A device streams live.
        if (!nmeaSource.startsWith(u"/dev/"))
            mode = QNmeaPositionInfoSource::SimulationMode;
        device = file;
    }
    auto *nmea = new QNmeaPositionInfoSource(mode, this);
    nmea->setUserEquivalentRangeError(location::kDefaultUereM); // else no accuracy at all (Qt 6.4)
    nmea->setDevice(device);
    setSource(nmea, true);
    return true;
}

void PositionService::setSource(QGeoPositionInfoSource *source, bool receiptTime)
{
    if (m_source)
        m_source->deleteLater();
    m_source = source;
    m_receiptTime = receiptTime;
    m_fixes.clear();
    if (m_source) {
        m_source->setParent(this);
        connect(m_source, &QGeoPositionInfoSource::positionUpdated, this, &PositionService::onPosition);
        if (m_starts > 0)
            m_source->startUpdates();
    }
    Q_EMIT sourceChanged();
    Q_EMIT updated();
}

QString PositionService::sourceName() const
{
    if (m_feedOpen)
        return u"platform"_qs;
    return m_source ? m_source->sourceName() : QString();
}

void PositionService::setAccuracyLimitM(int metres)
{
    if (metres == int(m_policy.accuracyLimitM) || metres <= 0)
        return;
    m_policy.accuracyLimitM = metres;
    Q_EMIT updated();
}

location::Location PositionService::current() const
{
    if (m_refused)
        return {std::nullopt, u"permission_denied"_qs};
    if (!m_source && !m_feedOpen)
        return {std::nullopt, u"no_source"_qs};
    return location::chooseFix(m_fixes, m_policy, m_clock());
}

QString PositionService::reason() const
{
    const location::Location l = current();
    if (l.fix)
        return {};
    return m_english ? l.reasonEnglish() : l.reasonChinese();
}

QString PositionService::satellites() const
{
    QStringList parts;
    for (int system : {platform::SatelliteCounts::BeiDou, platform::SatelliteCounts::Gps,
                       platform::SatelliteCounts::Glonass, platform::SatelliteCounts::Galileo}) {
        if (m_satellites.visible[system] > 0)
            parts << u"%1 %2/%3"_qs.arg(platform::SatelliteCounts::name(system))
                         .arg(m_satellites.used[system])
                         .arg(m_satellites.visible[system]);
    }
    return parts.join(u" · "_qs);
}

void PositionService::start()
{
    if (++m_starts != 1)
        return;
    if (!m_permissions || m_permissions->granted(platform::Permission::Location)) {
        startSource();
        return;
    }
    // Asked when a visit opens, not at start-up; the answer comes back on this thread.
    m_permissions->request(platform::Permission::Location).then(this, [this](bool granted) {
        m_refused = !granted;
        if (granted && m_starts > 0)
            startSource();
        Q_EMIT updated();
    });
}

void PositionService::stop()
{
    if (m_starts > 0 && --m_starts == 0)
        stopSource();
}

void PositionService::startSource()
{
    m_refused = false;
    if (m_source) {
        m_source->startUpdates();
        return;
    }
    if (!m_feedOpen)
        return;
    QPointer<PositionService> self(this);
    // The feed calls back on the platform's thread: hop to this one (dropped once this is gone).
    const bool started = m_feed->start(
        [self](const location::Fix &fix) {
            QMetaObject::invokeMethod(self, [self, fix] { if (self) self->addFix(fix); }, Qt::QueuedConnection);
        },
        [self](const platform::SatelliteCounts &counts) {
            QMetaObject::invokeMethod(self, [self, counts] {
                if (!self)
                    return;
                self->m_satellites = counts;
                Q_EMIT self->updated();
            }, Qt::QueuedConnection);
        });
    if (!started)
        m_refused = m_permissions && !m_permissions->granted(platform::Permission::Location);
    Q_EMIT updated();
}

void PositionService::stopSource()
{
    if (m_source)
        m_source->stopUpdates();
    if (m_feedOpen)
        m_feed->stop();
}

void PositionService::onPosition(const QGeoPositionInfo &info)
{
    if (!info.isValid())
        return;
    location::Fix fix;
    fix.latitude = info.coordinate().latitude();
    fix.longitude = info.coordinate().longitude();
    fix.accuracyM = info.hasAttribute(QGeoPositionInfo::HorizontalAccuracy)
                        ? info.attribute(QGeoPositionInfo::HorizontalAccuracy)
                        : -1;
    fix.timeMs = m_receiptTime ? m_clock() : info.timestamp().toMSecsSinceEpoch();
    fix.source = m_receiptTime ? u"nmea"_qs : (m_source ? m_source->sourceName() : QString());
    addFix(fix);
}

void PositionService::addFix(const location::Fix &fix)
{
    m_fixes.append(fix);
    if (m_fixes.size() > kKeptFixes)
        m_fixes.removeFirst();
    Q_EMIT updated();
}

} // namespace hearth::app
