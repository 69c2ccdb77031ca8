// SPDX-License-Identifier: GPL-3.0-or-later
#include "storemeta.h"

#include "database.h"

namespace hearth::storage {

Result<QString> readMeta(Database &db, const char *key)
{
    auto stmt = db.cached("SELECT value FROM store_meta WHERE key = ?");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QString::fromLatin1(key));
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return *row ? (*stmt)->columnText(0) : QString();
}

Result<void> writeMeta(Database &db, const char *key, const QString &value)
{
    auto stmt = db.cached("INSERT INTO store_meta(key, value) VALUES (?, ?)"
                          " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QString::fromLatin1(key)).bind(2, value.isNull() ? u""_qs : value);
    return (*stmt)->run();
}

} // namespace hearth::storage
