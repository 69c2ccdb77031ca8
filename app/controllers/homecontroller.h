// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The home page's figures for the signed-in role: a cadre's or supervisor's campaign coverage
// and the households still to visit, follow-ups due; a volunteer's tally today; a station's
// recent files and open cases (what waits to be sent: SyncStateController). A handful of indexed
// queries: the page shows well within 1.5 s on a 200,000-person store (docs/benchmarks.md).

#include "core/domain/clock.h"
#include "pagecontroller.h"

#include <QVariantList>

namespace hearth::app {

class HomeController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString place READ place NOTIFY changed) // the area path or station name
    Q_PROPERTY(bool hasCampaign READ hasCampaign NOTIFY changed)
    Q_PROPERTY(QString campaignName READ campaignName NOTIFY changed)
    Q_PROPERTY(QString campaignEndsOn READ campaignEndsOn NOTIFY changed)
    Q_PROPERTY(qint64 households READ households NOTIFY changed)
    Q_PROPERTY(qint64 visited READ visited NOTIFY changed)
    Q_PROPERTY(QVariantList unvisited READ unvisited NOTIFY changed)   // {householdId, headName, address}
    Q_PROPERTY(QVariantList followUps READ followUps NOTIFY changed)   // {id, personId, personName, category, dueOn, overdue}
    Q_PROPERTY(int followUpsDue READ followUpsDue NOTIFY changed)
    Q_PROPERTY(QVariantList tally READ tally NOTIFY changed)           // {category, label, entries, people}
    Q_PROPERTY(qint64 peopleServedToday READ peopleServedToday NOTIFY changed)
    Q_PROPERTY(QVariantList recentFiles READ recentFiles NOTIFY changed) // {personId, name, employer}
    Q_PROPERTY(QVariantList openCases READ openCases NOTIFY changed)   // {id, personId, personName, category, status, claimed, recovered}
    // Visits a supervisor returned with a comment: {visitId, personId, householdId, name, comment, reviewer, date}
    Q_PROPERTY(QVariantList returned READ returned NOTIFY changed)

public:
    explicit HomeController(QObject *parent = nullptr);

    void setClock(domain::Clock clock) { m_clock = domain::orSystemClock(std::move(clock)); }

    QString place() const { return m_place; }
    bool hasCampaign() const { return !m_campaignName.isEmpty(); }
    QString campaignName() const { return m_campaignName; }
    QString campaignEndsOn() const { return m_campaignEndsOn; }
    qint64 households() const { return m_households; }
    qint64 visited() const { return m_visited; }
    QVariantList unvisited() const { return m_unvisited; }
    QVariantList followUps() const { return m_followUps; }
    int followUpsDue() const { return m_followUpsDue; }
    QVariantList tally() const { return m_tally; }
    qint64 peopleServedToday() const { return m_peopleToday; }
    QVariantList recentFiles() const { return m_recentFiles; }
    QVariantList openCases() const { return m_openCases; }
    QVariantList returned() const { return m_returned; }

    void refresh() override;

Q_SIGNALS:
    void changed();

private:
    bool load(storage::Store &store);

    domain::Clock m_clock = domain::orSystemClock({});
    QString m_place;
    QString m_campaignName, m_campaignEndsOn;
    qint64 m_households = 0, m_visited = 0;
    QVariantList m_unvisited, m_followUps, m_tally, m_recentFiles, m_openCases, m_returned;
    int m_followUpsDue = 0;
    qint64 m_peopleToday = 0;
};

// Today's bounds in the device's time zone, as UTC milliseconds [from, to).
std::pair<qint64, qint64> localDayBounds(qint64 nowMs);

} // namespace hearth::app
