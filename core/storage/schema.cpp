// SPDX-License-Identifier: GPL-3.0-or-later
// The schema history. Append only: never edit a shipped step, add a new one.
// tests/data/store-v1 holds a store made at version 1 to prove the upgrade path.
#include "migrations.h"

#include <array>

namespace hearth::storage {
namespace {

constexpr const char *kV1Initial = R"sql(
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Every user save appends here in the same transaction as its domain rows.
-- seq is the device's monotone sequence that the server applies exactly once.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT    NOT NULL,
    entity_id  TEXT    NOT NULL,
    op         TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    gender     TEXT,
    id_number  TEXT,
    phone      TEXT,
    area_code  TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
)sql";

constexpr const char *kV2HouseholdsAudit = R"sql(
CREATE TABLE households (
    id         TEXT PRIMARY KEY,
    area_code  TEXT NOT NULL,
    address    TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

ALTER TABLE people ADD COLUMN household_id TEXT REFERENCES households(id);
CREATE INDEX people_household ON people(household_id);

-- Who saw what unmasked, when and why. Append-only.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject_id TEXT,
    reason     TEXT
) STRICT;
)sql";

constexpr std::array kMigrations{
    Migration{1, "initial", kV1Initial},
    Migration{2, "households and audit log", kV2HouseholdsAudit},
};

} // namespace

std::span<const Migration> builtinMigrations() { return kMigrations; }

} // namespace hearth::storage
