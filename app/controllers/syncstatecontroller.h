// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What waits to be sent and when the device last synced: the strip at the foot of every
// unlocked page. Re-counts after every save it hears of and every few seconds (a count over
// the outbox: milliseconds even after a 200,000-row import).

#include "pagecontroller.h"

#include <QTimer>

namespace hearth::app {

class SyncStateController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(qint64 waitingRecords READ waitingRecords NOTIFY changed)
    Q_PROPERTY(qint64 waitingPhotos READ waitingPhotos NOTIFY changed)
    Q_PROPERTY(QString lastSync READ lastSync NOTIFY changed) // "" = never
    Q_PROPERTY(qint64 conflicts READ conflicts NOTIFY changed) // to review (Settings)

public:
    explicit SyncStateController(QObject *parent = nullptr);

    qint64 waitingRecords() const { return m_records; }
    qint64 waitingPhotos() const { return m_photos; }
    QString lastSync() const { return m_lastSync; }
    qint64 conflicts() const { return m_conflicts; }

    void refresh() override;

Q_SIGNALS:
    void changed();

private:
    qint64 m_records = 0, m_photos = 0, m_conflicts = 0;
    QString m_lastSync;
    QTimer m_timer;
};

} // namespace hearth::app
