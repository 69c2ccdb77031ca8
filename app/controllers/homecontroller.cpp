// SPDX-License-Identifier: GPL-3.0-or-later
#include "homecontroller.h"

#include "core/domain/area.h"
#include "core/domain/dashboard.h"
#include "core/domain/money.h"
#include "core/domain/records.h"
#include "labels.h"

#include <QDateTime>
#include <QLocale>

namespace hearth::app {

namespace {
constexpr int kShownLines = 5;
}

std::pair<qint64, qint64> localDayBounds(qint64 nowMs)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    return {day.startOfDay().toMSecsSinceEpoch(), day.addDays(1).startOfDay().toMSecsSinceEpoch()};
}

HomeController::HomeController(QObject *parent) : PageController(parent) {}

void HomeController::refresh()
{
    m_place.clear();
    m_campaignName.clear();
    m_campaignEndsOn.clear();
    m_households = m_visited = m_peopleToday = 0;
    m_unvisited.clear();
    m_followUps.clear();
    m_tally.clear();
    m_recentFiles.clear();
    m_openCases.clear();
    m_returned.clear();
    m_followUpsDue = 0;
    if (storage::Store *s = store())
        if (load(*s))
            clearError();
    Q_EMIT changed();
}

bool HomeController::load(storage::Store &store)
{
    storage::Database &db = store.database();
    const domain::Profile &profile = session()->profile();
    const qint64 now = m_clock();
    const QString today = QDateTime::fromMSecsSinceEpoch(now).date().toString(Qt::ISODate);
    domain::RecordRepository records(db);

    if (domain::roleUsesArea(profile.role)) {
        QStringList names;
        for (const auto &a : domain::AreaRepository(db).lineage(profile.areaCode).value_or({}))
            if (a.level >= domain::Area::Township)
                names << domain::shortAreaName(a.name);
        m_place = names.join(u' ');
        auto coverage = domain::activeCoverage(db, profile.areaCode, today);
        if (!coverage)
            return fail(coverage.error());
        if (*coverage) {
            m_campaignName = (*coverage)->campaignName;
            m_campaignEndsOn = (*coverage)->endsOn;
            m_households = (*coverage)->households;
            m_visited = (*coverage)->visited;
            auto left = domain::unvisitedHouseholds(db, profile.areaCode, (*coverage)->campaignId, kShownLines);
            if (!left)
                return fail(left.error());
            for (const auto &h : *left)
                m_unvisited.append(QVariantMap{{u"householdId"_qs, h.householdId}, {u"headName"_qs, h.headName},
                                               {u"address"_qs, h.address}});
        }
        auto due = records.followUps({{}, {}, profile.areaCode, true, 50});
        if (!due)
            return fail(due.error());
        for (const auto &line : *due) {
            const bool overdue = !line.followUp.dueOn.isEmpty() && line.followUp.dueOn < today;
            const bool dueSoon = !line.followUp.dueOn.isEmpty() &&
                                 line.followUp.dueOn <= QDate::fromString(today, Qt::ISODate).addDays(7).toString(Qt::ISODate);
            if (!dueSoon)
                continue;
            ++m_followUpsDue;
            if (m_followUps.size() < kShownLines)
                m_followUps.append(QVariantMap{{u"id"_qs, line.followUp.id},
                                               {u"personId"_qs, line.followUp.personId},
                                               {u"personName"_qs, line.personName},
                                               {u"category"_qs, needCategoryLabel(line.followUp.category)},
                                               {u"dueOn"_qs, line.followUp.dueOn},
                                               {u"overdue"_qs, overdue}});
        }
    } else {
        for (const auto &st : records.stations().value_or({}))
            if (st.id == profile.stationId)
                m_place = st.name;
        if (profile.role == u"volunteer") {
            const auto [from, to] = localDayBounds(now);
            auto tally = domain::serviceTally(db, profile.stationId, from, to);
            if (!tally)
                return fail(tally.error());
            for (const auto &t : *tally) {
                m_peopleToday += t.people;
                m_tally.append(QVariantMap{{u"category"_qs, t.category}, {u"label"_qs, serviceCategoryLabel(t.category)},
                                           {u"entries"_qs, t.entries}, {u"people"_qs, t.people}});
            }
        } else {
            auto files = domain::recentFiles(db, profile.stationId, kShownLines);
            if (!files)
                return fail(files.error());
            for (const auto &f : *files)
                m_recentFiles.append(QVariantMap{{u"personId"_qs, f.personId}, {u"name"_qs, f.name},
                                                 {u"employer"_qs, f.employer}});
            auto cases = records.followUps({{}, profile.stationId, {}, true, kShownLines});
            if (!cases)
                return fail(cases.error());
            for (const auto &c : *cases)
                m_openCases.append(QVariantMap{
                    {u"id"_qs, c.followUp.id}, {u"personId"_qs, c.followUp.personId}, {u"personName"_qs, c.personName},
                    {u"category"_qs, needCategoryLabel(c.followUp.category)},
                    {u"status"_qs, followUpStatusLabel(c.followUp.status)},
                    {u"claimed"_qs, c.followUp.claimedFen >= 0 ? domain::formatYuan(c.followUp.claimedFen) : QString()},
                    {u"recovered"_qs, c.followUp.recoveredFen >= 0 ? domain::formatYuan(c.followUp.recoveredFen) : QString()}});
        }
    }

    // What supervisors sent back, whatever the role: the visit's page says why.
    auto returned = domain::returnedVisits(db, kShownLines);
    if (!returned)
        return fail(returned.error());
    for (const auto &r : *returned)
        m_returned.append(QVariantMap{
            {u"visitId"_qs, r.visitId}, {u"personId"_qs, r.personId}, {u"householdId"_qs, r.householdId},
            {u"name"_qs, r.name}, {u"comment"_qs, r.comment}, {u"reviewer"_qs, r.reviewer},
            {u"date"_qs, QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.at).date(), QLocale::ShortFormat)}});
    return true;
}

} // namespace hearth::app
