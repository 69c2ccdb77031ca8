// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordpayloads.h"

#include "household.h"
#include "personfields.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::domain {

QStringList cleanTags(const QStringList &tags)
{
    QStringList out;
    for (const QString &t : tags) {
        const QString s = t.simplified();
        if (!s.isEmpty() && !out.contains(s))
            out.append(s);
    }
    return out;
}

namespace {

constexpr int kMaxTextLength = 200; // a person's text field

QJsonObject payloadOf(const Person &p)
{
    // Only the fields that hold something: an absent field is empty (docs/sync-protocol.md).
    QJsonObject o;
    for (const PersonField &f : personFields()) {
        if (!f.member && p.partyMember)
            o.insert(QLatin1String(f.key), true);
        else if (f.member && !(p.*(f.member)).isEmpty())
            o.insert(QLatin1String(f.key), p.*(f.member));
    }
    if (!p.tags.isEmpty())
        o.insert(u"tags"_qs, QJsonArray::fromStringList(p.tags));
    if (p.createdAt > 0)
        o.insert(u"created_at"_qs, p.createdAt); // kept on every device (core/model)
    return o;
}

} // namespace

std::optional<FieldProblem> validatePersonFields(Person &p)
{
    p.name = p.name.simplified();
    p.tags = cleanTags(p.tags);
    for (const PersonField &f : personFields())
        if (f.member && (p.*(f.member)).size() > kMaxTextLength)
            return FieldProblem{QLatin1String(f.key), Problem::TooLong};
    if (p.name.isEmpty())
        return FieldProblem{u"name"_qs, Problem::Required};
    if (p.areaCode.isEmpty())
        return FieldProblem{u"area_code"_qs, Problem::Required};
    p.gender = p.gender.trimmed().toUpper();
    if (!p.gender.isEmpty() && p.gender != u"M" && p.gender != u"F")
        return FieldProblem{u"gender"_qs, Problem::BadChoice};
    if (!p.birthDate.isEmpty() && !QDate::fromString(p.birthDate, Qt::ISODate).isValid())
        return FieldProblem{u"birth_date"_qs, Problem::BadDate};
    if (!p.status.isEmpty() && !isMigrantStatus(p.status))
        return FieldProblem{u"status"_qs, Problem::BadChoice};
    if (!p.idNumber.isEmpty()) {
        if (auto problem = checkIdNumber(p.idNumber))
            return FieldProblem{u"id_number"_qs, *problem};
        p.idNumber = normalizedIdNumber(p.idNumber);
        const IdNumberFacts facts = idNumberFacts(p.idNumber);
        if (p.gender.isEmpty())
            p.gender = facts.gender;
        else if (p.gender != facts.gender)
            return FieldProblem{u"id_number"_qs, Problem::IdGenderMismatch};
        const QString birth = facts.birthDate.toString(Qt::ISODate);
        if (p.birthDate.isEmpty())
            p.birthDate = birth;
        else if (p.birthDate != birth)
            return FieldProblem{u"id_number"_qs, Problem::IdBirthDateMismatch};
    }
    if (!p.phone.isEmpty()) {
        if (auto problem = checkPhone(p.phone))
            return FieldProblem{u"phone"_qs, *problem};
        p.phone = normalizedPhone(p.phone);
    }
    return std::nullopt;
}

QByteArray personCreatePayload(const Person &p) { return QJsonDocument(payloadOf(p)).toJson(QJsonDocument::Compact); }

QByteArray householdCreatePayload(const Household &h)
{
    QJsonObject payload{{u"area_code"_qs, h.areaCode}, {u"head_name"_qs, h.headName}};
    if (!h.address.isEmpty())
        payload.insert(u"address"_qs, h.address);
    if (!h.registeredArea.isEmpty())
        payload.insert(u"registered_area"_qs, h.registeredArea);
    if (!h.hardship.isEmpty())
        payload.insert(u"hardship"_qs, QJsonArray::fromStringList(h.hardship));
    if (h.createdAt > 0)
        payload.insert(u"created_at"_qs, h.createdAt);
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

} // namespace hearth::domain
