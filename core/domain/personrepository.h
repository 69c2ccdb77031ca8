// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "person.h"

#include <functional>
#include <optional>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

class PersonRepository
{
public:
    using Clock = std::function<qint64()>; // Unix ms; injectable for tests
    explicit PersonRepository(storage::Database &db, Clock clock = {});

    // Saves a new person and its outbox entry in one transaction; fills in and returns the id.
    Result<QString> add(Person person);
    Result<std::optional<Person>> find(const QString &id);

private:
    storage::Database &m_db;
    Clock m_clock;
};

} // namespace hearth::domain
