// SPDX-License-Identifier: GPL-3.0-or-later
#include "person.h"

#include "personfields.h"

#include <array>

namespace hearth::domain {
namespace {

constexpr std::array kFields{
    PersonField{"name", &Person::name, true},
    PersonField{"gender", &Person::gender, true},
    PersonField{"birth_date", &Person::birthDate, true},
    PersonField{"id_number", &Person::idNumber, true},
    PersonField{"phone", &Person::phone, true},
    PersonField{"area_code", &Person::areaCode, true},
    PersonField{"household_id", &Person::householdId, true},
    PersonField{"relation", &Person::relation, true},
    PersonField{"status", &Person::status, true},
    PersonField{"work_province", &Person::workProvince, true},
    PersonField{"work_city", &Person::workCity, true},
    PersonField{"employer", &Person::employer, true},
    PersonField{"occupation", &Person::occupation, true},
    PersonField{"party_member", nullptr, true},
    PersonField{"station_id", &Person::stationId, true},
    PersonField{"wishes", &Person::wishes, true},
};

} // namespace

std::span<const PersonField> personFields() { return kFields; }

const PersonField *personField(const QString &key)
{
    for (const PersonField &f : kFields)
        if (key == QLatin1String(f.key))
            return &f;
    return nullptr;
}

QStringList standardPersonTags()
{
    return {QStringLiteral("优秀农民工"), QStringLiteral("困难"),     QStringLiteral("留守儿童"),
            QStringLiteral("留守老人"),   QStringLiteral("留守妇女"), QStringLiteral("有创业意愿"),
            QStringLiteral("返乡创业"),   QStringLiteral("残疾")};
}

bool isMigrantStatus(const QString &s)
{
    return s == QLatin1String("away") || s == QLatin1String("returned") || s == QLatin1String("local");
}

} // namespace hearth::domain
