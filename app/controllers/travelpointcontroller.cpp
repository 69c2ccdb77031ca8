// SPDX-License-Identifier: GPL-3.0-or-later
#include "travelpointcontroller.h"

#include "core/domain/dashboard.h"
#include "core/domain/records.h"
#include "homecontroller.h"
#include "labels.h"

#include <QDateTime>
#include <QLocale>

namespace hearth::app {

TravelPointController::TravelPointController(QObject *parent) : PageController(parent) {}

void TravelPointController::setGroupSize(int size)
{
    size = std::clamp(size, 1, kMaxGroup);
    if (size == m_groupSize)
        return;
    m_groupSize = size;
    Q_EMIT changed();
}

void TravelPointController::refresh()
{
    m_categories.clear();
    m_peopleToday = m_entriesToday = 0;
    m_lastId.clear();
    m_lastEntry.clear();
    m_stationName.clear();
    storage::Store *s = store();
    if (!s) {
        Q_EMIT changed();
        return;
    }
    storage::Database &db = s->database();
    const QString station = session()->stationId();
    domain::RecordRepository records(db);
    for (const auto &st : records.stations().value_or({}))
        if (st.id == station)
            m_stationName = st.name;
    const auto [from, to] = localDayBounds(m_clock());
    auto tally = domain::serviceTally(db, station, from, to);
    if (!tally) {
        fail(tally.error());
        Q_EMIT changed();
        return;
    }
    for (const QString &key : domain::serviceCategories()) {
        qint64 people = 0, entries = 0;
        for (const auto &t : *tally)
            if (t.category == key) {
                people = t.people;
                entries = t.entries;
            }
        m_peopleToday += people;
        m_entriesToday += entries;
        m_categories.append(QVariantMap{{u"key"_qs, key}, {u"label"_qs, serviceCategoryLabel(key)},
                                        {u"people"_qs, people}, {u"entries"_qs, entries}});
    }
    if (auto last = records.lastService(station, from); last && *last) {
        m_lastId = (*last)->id;
        const QString time = QLocale().toString(QDateTime::fromMSecsSinceEpoch((*last)->at).time(), u"HH:mm"_qs);
        m_lastEntry = tr("%1 ×%2 at %3").arg(serviceCategoryLabel((*last)->category)).arg((*last)->count).arg(time);
    }
    Q_EMIT changed();
}

bool TravelPointController::log(const QString &category)
{
    storage::Store *s = store();
    if (!s)
        return false;
    domain::ServiceLog e;
    e.stationId = session()->stationId();
    e.category = category;
    e.count = m_groupSize;
    e.volunteer = session()->userName();
    e.at = m_clock();
    e.utcOffsetMin = QDateTime::fromMSecsSinceEpoch(e.at).offsetFromUtc() / 60;
    if (auto id = domain::RecordRepository(s->database(), m_clock).addService(e); !id)
        return fail(id.error());
    clearError();
    m_groupSize = 1;
    refresh();
    return true;
}

bool TravelPointController::undo()
{
    storage::Store *s = store();
    if (!s || m_lastId.isEmpty())
        return false;
    if (auto r = domain::RecordRepository(s->database(), m_clock).voidService(m_lastId); !r)
        return fail(r.error());
    clearError();
    refresh();
    return true;
}

} // namespace hearth::app
