// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Who uses this device and where: chosen on first run, kept in the store (store_meta), so it
// is as private as the ledger. The role picks the home page; area or station scopes it.

#include "core/error.h"

#include <QString>
#include <QStringList>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

struct Profile
{
    QString role;      // cadre, volunteer, station, supervisor; empty = not chosen yet
    QString userName;  // shown as visitor, volunteer, note author and in the audit log
    QString areaCode;  // cadre and supervisor: the village (or township, county) they cover
    QString stationId; // volunteer and station staff: their travel point or branch station
    int accuracyLimitM = 50;

    bool isSet() const { return !role.isEmpty(); }
};

QStringList profileRoles();
// Roles that work in an area (the others work at a station).
bool roleUsesArea(const QString &role);

inline constexpr int kMinAccuracyLimitM = 5;
inline constexpr int kMaxAccuracyLimitM = 500;

Result<Profile> loadProfile(storage::Database &db);
// Checks the role, the name, that the area or station exists and the accuracy limit, then
// saves all of it in one transaction.
Result<void> saveProfile(storage::Database &db, const Profile &profile);

} // namespace hearth::domain
