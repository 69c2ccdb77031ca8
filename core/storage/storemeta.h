// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The store's small settings table (store_meta: key → text): the store id, the profile, sync
// state, the collation version. Inside the encrypted database like everything else.

#include "core/error.h"

#include <QString>

namespace hearth::storage {

class Database;

// The value, or an empty string when the key is absent.
Result<QString> readMeta(Database &db, const char *key);
// Inserts or replaces; an empty value is stored as '' (not NULL).
Result<void> writeMeta(Database &db, const char *key, const QString &value);

} // namespace hearth::storage
