// SPDX-License-Identifier: GPL-3.0-or-later
#include "syncstatecontroller.h"

#include "core/domain/dashboard.h"

#include <QDateTime>
#include <QLocale>

namespace hearth::app {

SyncStateController::SyncStateController(QObject *parent) : PageController(parent)
{
    m_timer.setInterval(3000);
    connect(&m_timer, &QTimer::timeout, this, &SyncStateController::refresh);
}

void SyncStateController::refresh()
{
    storage::Store *s = store();
    m_records = m_photos = m_conflicts = 0;
    m_lastSync.clear();
    if (!s) {
        m_timer.stop();
        Q_EMIT changed();
        return;
    }
    if (!m_timer.isActive())
        m_timer.start();
    auto backlog = domain::syncBacklog(s->database());
    if (!backlog) {
        fail(backlog.error());
    } else {
        m_records = backlog->records;
        m_photos = backlog->photos;
        m_conflicts = backlog->conflicts;
        if (backlog->lastSyncMs)
            m_lastSync = QLocale().toString(QDateTime::fromMSecsSinceEpoch(backlog->lastSyncMs), QLocale::ShortFormat);
    }
    Q_EMIT changed();
}

} // namespace hearth::app
