// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The travel-point screen: one tap logs one service for `groupSize` people (1 unless the
// volunteer set a group), undo voids the last entry of today, and today's tally per category
// is on the buttons. Each tap is one committed row and outbox entry.

#include "core/domain/clock.h"
#include "pagecontroller.h"

#include <QVariantList>

namespace hearth::app {

class TravelPointController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList categories READ categories NOTIFY changed) // {key, label, people, entries}
    Q_PROPERTY(int groupSize READ groupSize WRITE setGroupSize NOTIFY changed)
    Q_PROPERTY(qint64 peopleToday READ peopleToday NOTIFY changed)
    Q_PROPERTY(qint64 entriesToday READ entriesToday NOTIFY changed)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY changed)
    Q_PROPERTY(QString lastEntry READ lastEntry NOTIFY changed) // "Tickets ×3, 14:05"
    Q_PROPERTY(QString stationName READ stationName NOTIFY changed)

public:
    explicit TravelPointController(QObject *parent = nullptr);

    void setClock(domain::Clock clock) { m_clock = domain::orSystemClock(std::move(clock)); }

    QVariantList categories() const { return m_categories; }
    int groupSize() const { return m_groupSize; }
    void setGroupSize(int size);
    qint64 peopleToday() const { return m_peopleToday; }
    qint64 entriesToday() const { return m_entriesToday; }
    bool canUndo() const { return !m_lastId.isEmpty(); }
    QString lastEntry() const { return m_lastEntry; }
    QString stationName() const { return m_stationName; }

    static constexpr int kMaxGroup = 10000;

    void refresh() override;
    // Logs one service in `category` for groupSize people, then sets the group back to 1.
    Q_INVOKABLE bool log(const QString &category);
    Q_INVOKABLE bool undo();

Q_SIGNALS:
    void changed();

private:
    domain::Clock m_clock = domain::orSystemClock({});
    QVariantList m_categories;
    int m_groupSize = 1;
    qint64 m_peopleToday = 0, m_entriesToday = 0;
    QString m_lastId, m_lastEntry, m_stationName;
};

} // namespace hearth::app
