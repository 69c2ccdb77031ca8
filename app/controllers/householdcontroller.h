// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One household: the head, address, hardship flags, members (numbers masked) and every visit to
// the household or one of its members, newest first. Coverage counts households, so this is
// where a cadre lands from "not yet visited".

#include "pagecontroller.h"

#include <QVariantList>
#include <QVariantMap>

namespace hearth::app {

class HouseholdController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString householdId READ householdId WRITE setHouseholdId NOTIFY changed)
    Q_PROPERTY(bool found READ found NOTIFY changed)
    Q_PROPERTY(QVariantMap household READ household NOTIFY changed) // {headName, address, place, hardship}
    Q_PROPERTY(QVariantList members READ members NOTIFY changed)     // {personId, name, relation, status}
    Q_PROPERTY(QVariantList visits READ visits NOTIFY changed)       // as PersonController.visits

public:
    explicit HouseholdController(QObject *parent = nullptr);

    QString householdId() const { return m_householdId; }
    void setHouseholdId(const QString &id);
    bool found() const { return !m_household.isEmpty(); }
    QVariantMap household() const { return m_household; }
    QVariantList members() const { return m_members; }
    QVariantList visits() const { return m_visits; }

    void refresh() override;

Q_SIGNALS:
    void changed();

private:
    QString m_householdId;
    QVariantMap m_household;
    QVariantList m_members, m_visits;
};

} // namespace hearth::app
