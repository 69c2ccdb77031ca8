// SPDX-License-Identifier: GPL-3.0-or-later
#include "householdcontroller.h"

#include "core/domain/area.h"
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
#include "labels.h"

namespace hearth::app {

HouseholdController::HouseholdController(QObject *parent) : PageController(parent) {}

void HouseholdController::setHouseholdId(const QString &id)
{
    if (id == m_householdId)
        return;
    m_householdId = id;
    refresh();
}

void HouseholdController::refresh()
{
    m_household.clear();
    m_members.clear();
    m_visits.clear();
    storage::Store *s = store();
    if (s && !m_householdId.isEmpty()) {
        storage::Database &db = s->database();
        auto h = domain::HouseholdRepository(db).find(m_householdId);
        if (!h) {
            fail(h.error());
        } else {
            QStringList place;
            for (const auto &a : domain::AreaRepository(db).lineage(h->areaCode).value_or({}))
                if (a.level >= domain::Area::Township)
                    place << domain::shortAreaName(a.name);
            m_household = {{u"headName"_qs, h->headName}, {u"address"_qs, h->address},
                           {u"place"_qs, place.join(u' ')}, {u"hardship"_qs, h->hardship}};
            for (const auto &m : domain::PersonRepository(db).members(m_householdId).value_or({}))
                m_members.append(QVariantMap{{u"personId"_qs, m.id}, {u"name"_qs, m.name},
                                             {u"relation"_qs, m.relation}, {u"status"_qs, migrantStatusLabel(m.status)}});
            for (const domain::Visit &v : domain::VisitRepository(db).listForHousehold(m_householdId).value_or({}))
                m_visits.append(visitLine(v, english()));
            clearError();
        }
    }
    Q_EMIT changed();
}

} // namespace hearth::app
