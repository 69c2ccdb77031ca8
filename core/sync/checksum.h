// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The scope checksum (docs/sync-protocol.md, "Drift"): per kind of record, how many the scope
// holds and a SHA-256 over each record's canonical content (model::canonicalRecord: every field
// but the creation time, and whether it was voided). The server computes it from its records,
// the device from its tables; a difference is narrowed down by kind and then by village (or
// station), and only those are pulled again (the whole scope when that does not settle it); the
// outbox is kept either way.

#include "core/error.h"
#include "core/protocol/digest.h"

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

using protocol::EntityDigest;
using protocol::ScopeDigest;
using protocol::checkedEntities;
using protocol::digestFromJson;
using protocol::digestOf;
using protocol::toJson;

// This device's digest of what it holds and the server should hold too: every record, less
// those with entries not yet pushed and those whose creation the server refused; changes set
// aside count as the server sent them (they are reported on their own).
Result<ScopeDigest> localDigest(storage::Database &db);
// The same records of one kind, by the scope each is placed in (its village, its station, its
// parent's, by the record model's scope rule as the server places them): what the server's
// `GET /v1/checksum?entity=KIND` answers, to narrow a difference down to the scopes that differ.
Result<ScopeDigest> localDigestByScope(storage::Database &db, const QString &entity);

} // namespace hearth::sync
