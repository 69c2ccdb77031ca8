// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clock.h"
#include "core/error.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

// A household in a village (DESIGN.md §4). head_name is how the ledger names it ("张三户").
struct Household
{
    QString id;
    QString areaCode; // the village
    QString address;
    QString headName;
    QString registeredArea;
    QStringList hardship; // flags such as 低保, 脱贫户, 残疾
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

class HouseholdRepository
{
public:
    explicit HouseholdRepository(storage::Database &db, Clock clock = {});

    Result<QString> add(Household household); // own transaction
    // Inside the caller's transaction: checks the area, saves, indexes the address, outbox.
    Result<void> insertValidated(Household &household, qint64 nowMs);
    // Only the households row (h.id set); returns the rowid. See PersonRepository::insertRow.
    Result<qint64> insertRow(const Household &h, qint64 nowMs);
    static QByteArray createPayload(const Household &h);
    Result<Household> find(const QString &id);
    // The household a ledger's 户主 column names in a village, if there is one.
    Result<std::optional<QString>> findByHead(const QString &areaCode, const QString &headName);
    // Removes a household nobody belongs to and nobody visited (its row and address terms),
    // inside the caller's transaction; false when it is not empty. Deleting a person entered by
    // mistake takes the household made with them; a delete from the server goes the same way.
    Result<bool> removeIfEmpty(const QString &id);

private:
    storage::Database &m_db;
    Clock m_clock;
};

} // namespace hearth::domain
