// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "areaname.h"

#include "core/error.h"

#include <QHash>
#include <QList>
#include <QString>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

// A GB/T 2260 area. Codes as the national statistics publish them: 2 digits for a province,
// 4 a city, 6 a county, 9 a township, 12 a village; a child's code starts with its parent's.
struct Area
{
    enum Level { Province = 1, City = 2, County = 3, Township = 4, Village = 5 };
    QString code;
    QString name;
    int level = 0;
    QString parentCode;
};


// Reference data: read-only for users, written by the area import (no outbox entries).
class AreaRepository
{
public:
    explicit AreaRepository(storage::Database &db) : m_db(db) {}

    Result<bool> exists(const QString &code);
    Result<Area> find(const QString &code);                // NotFound when unknown
    Result<QList<Area>> children(const QString &code);     // "" gives the provinces
    Result<QList<Area>> lineage(const QString &code);      // province first, the area last
    Result<QList<Area>> under(const QString &prefix, int level); // e.g. every village of a county
    // "荣县旭阳镇双塘村", "四川省/自贡市/荣县/…" or a code: the one area it names. A path may
    // start at any level; it must end at a unique area. InvalidRecord when unknown or ambiguous.
    Result<QString> resolve(const QString &codeOrNamePath);
    // Areas whose name starts with `text` (townships and villages first), for pickers.
    Result<QList<Area>> search(const QString &text, int limit);

private:
    Result<QList<Area>> query(const char *sql, const QString &arg, int level = 0);

    storage::Database &m_db;
    QHash<QString, QString> m_resolved; // resolve() is called once per ledger row
};

} // namespace hearth::domain
