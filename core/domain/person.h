// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace hearth::domain {

// A person in the ledger (DESIGN.md §4). Ids are UUIDv7; empty strings mean "not recorded".
// Coming out of PersonRepository::find() the ID number and phone are masked; only
// PersonRepository::reveal() returns them in full, and it writes an audit entry.
struct Person
{
    QString id;
    QString name;
    QString gender;    // "M", "F" or empty
    QString birthDate; // yyyy-MM-dd
    QString idNumber;
    QString phone;
    QString areaCode; // the village of the household registration (hometown)
    QString householdId;
    QString relation; // to the head of household: 户主, 配偶, 子, 女, ...
    QString status;   // "away", "returned", "local" or empty
    QString workProvince;
    QString workCity;
    QString employer;
    QString occupation;
    bool partyMember = false;
    QString stationId; // the branch station that follows this worker
    QString wishes;
    QStringList tags;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

// A change to some fields of a person: field key (as in the outbox payload, e.g. "phone") to
// the new value ("" clears it), plus tags to add and remove.
struct PersonEdit
{
    QMap<QString, QString> fields;
    QStringList addTags;
    QStringList removeTags;
};

// The tags programmes use (DESIGN.md §4). Others are allowed; these are the suggested set.
QStringList standardPersonTags();
bool isMigrantStatus(const QString &s);

} // namespace hearth::domain
