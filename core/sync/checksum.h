// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The scope checksum (docs/sync-protocol.md, "Drift"): per kind of record, how many the scope
// holds and a SHA-256 over each record's canonical content (model::canonicalRecord: every field
// but the creation time, and whether it was voided). The server computes it from its records,
// the device from its tables; a difference triggers a re-download of the scope that keeps the
// outbox.

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

} // namespace hearth::sync
