// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <span>

namespace hearth::storage {

class Database;

// One forward-only schema step. The schema version is SQLite's user_version.
struct Migration
{
    int version;
    const char *name;
    const char *sql;
    // A step SQL alone cannot say (it reads the schema first); runs after `sql`, in the same
    // transaction. May be null.
    Result<void> (*run)(Database &db) = nullptr;
};

// The shipped schema history, oldest first (schema.cpp).
std::span<const Migration> builtinMigrations();
int latestSchemaVersion();

// Applies every migration newer than the database's version, each in its own transaction
// together with the version bump; a failing step rolls back and leaves the store as it was.
// A database newer than `migrations` is refused (NewerSchema). Returns the final version.
Result<int> migrate(Database &db, std::span<const Migration> migrations = builtinMigrations());

} // namespace hearth::storage
