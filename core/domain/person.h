// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace hearth::domain {

// A person in the ledger. This is the foundation's slice (the ledger issue adds status,
// work place, tags and validation); ids are UUIDv7.
struct Person
{
    QString id;
    QString name;
    QString gender; // "M", "F" or empty
    QString idNumber;
    QString phone;
    QString areaCode;
    QString householdId;
};

} // namespace hearth::domain
