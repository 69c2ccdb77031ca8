// SPDX-License-Identifier: GPL-3.0-or-later
#include "synccontroller.h"

#include "core/storage/database.h"
#include "core/sync/syncengine.h"

#include <QNetworkInformation>
#include <QSysInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace hearth::app {

struct SyncController::Outcome
{
    std::optional<Error> error;
    sync::SyncReport report;
    bool enrolment = false;
};

SyncController::SyncController(QObject *parent) : PageController(parent)
{
    m_period.setInterval(kPeriodMs);
    connect(&m_period, &QTimer::timeout, this, &SyncController::syncNow);
    if (QNetworkInformation::load(QNetworkInformation::Feature::Reachability))
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    if (r == QNetworkInformation::Reachability::Online)
                        syncNow(); // reception is back
                });
}

SyncController::~SyncController() { m_watcher.waitForFinished(); }

void SyncController::refresh()
{
    storage::Store *s = store();
    m_server = s ? sync::enrolledServer(s->database()) : QString();
    if (s && enrolled())
        m_period.start();
    else
        m_period.stop();
    if (!s)
        m_rejected.clear();
    Q_EMIT changed();
}

void SyncController::start(std::function<Outcome(storage::Database &)> work)
{
    storage::Store *s = store();
    if (!s || busy())
        return;
    auto connection = s->openWriter();
    if (!connection) {
        fail(connection.error());
        return;
    }
    clearError();
    auto db = std::make_shared<storage::Database>(std::move(connection).value());
    auto outcome = std::make_shared<Outcome>();
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this, outcome] {
        if (outcome->error) {
            fail(*outcome->error);
            m_lastResult.clear();
            if (outcome->error->code() == ErrorCode::Unauthorized && !outcome->enrolment && session())
                session()->lock(); // revoked: nothing more from this device until it enrols again
        } else if (!outcome->enrolment) {
            const auto &r = outcome->report;
            m_lastResult = tr("Sent %1, received %2, refused %3").arg(r.pushed).arg(r.pulled).arg(r.rejected.size());
            m_rejected.clear();
            for (const auto &rej : r.rejected)
                m_rejected.append(QVariantMap{{u"entity"_qs, rej.entity},
                                              {u"reason"_qs, english() ? rej.reasonEn : rej.reasonZh}});
            if (session())
                session()->notifyDataChanged(); // pages show what came down
        }
        Q_EMIT finished(!outcome->error);
        refresh();
    });
    m_watcher.setFuture(QtConcurrent::run([db, outcome, work = std::move(work)] { *outcome = work(*db); }));
    Q_EMIT changed();
}

void SyncController::enrol(const QString &serverUrl, const QString &user, const QString &password)
{
    const QString url = serverUrl.trimmed();
    const QByteArray secret = password.toUtf8();
    start([url, user, secret](storage::Database &db) {
        Outcome o;
        o.enrolment = true;
        sync::HttpTransport transport(url);
        auto device = sync::enrol(db, transport, url, user.trimmed(), secret, QSysInfo::machineHostName());
        if (!device)
            o.error = device.error();
        return o;
    });
}

void SyncController::syncNow()
{
    if (!enrolled())
        return;
    const QString url = m_server;
    start([url](storage::Database &db) {
        Outcome o;
        sync::HttpTransport transport(url);
        auto report = sync::synchronise(db, transport);
        if (!report)
            o.error = report.error();
        else
            o.report = *report;
        return o;
    });
}

} // namespace hearth::app
