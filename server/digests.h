// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The scope checksum (docs/sync-protocol.md, "Drift"), maintained rather than recomputed: every
// write of a record's content sets its content hash (SHA-256 of model::canonicalRecord, read as
// a little-endian number), and a trigger (schema version 9) keeps, per unit, placement and kind,
// the count and the sum of the hashes of the live records. A device's checksum adds up the
// digest rows of its scope: a few rows per village, whatever the province holds.

#include "accounts.h"
#include "units.h"
#include "core/model/recordmodel.h"

#include <QJsonObject>

namespace hearth::server {

// Says, for this connection, that its writes of records set their content hash (every write
// of hearth-server does): without it a changed body loses its hash (schema version 9).
Result<void> declareHashingWriter(Pg &pg);

// A push batch's digests: deltas set aside in a temporary table from here on in the caller's
// transaction (beginDigestBatch), added up once per key before it commits (flushDigests).
Result<void> beginDigestBatch(Pg &pg);
Result<void> flushDigests(Pg &pg);

// The record's content hash as the decimal text of a NUMERIC parameter.
QString contentHash(const model::Kind &kind, const QString &id, const QJsonObject &body, bool voided);
QString contentHash(const QString &entity, const QString &id, const QJsonObject &body, bool voided);

// Gives every record written before schema version 9 its content hash (once, at start; a record
// written meanwhile by another process keeps the hash that write gave it). Returns how many.
Result<qint64> backfillContentHashes(Pg &pg);

// The checksum of what a device of `scopes` should hold: {"entities": {...}, "algorithm": ...}
// from the maintained digests. `byScope`: for one kind, the digest of each scope (village,
// station) instead, to narrow a difference down: {"scopes": {scope: {count, sha256}}}.
Result<QJsonObject> scopeChecksum(Pg &pg, const QStringList &scopes, const QString &byScopeOf = {});
// The statement behind it: the digest rows of the views' units (one condition, each row once).
Statement digestStatement(const QMap<QString, UnitView> &views, const QString &byScopeOf = {});
// The same, recomputed from every record of the scope (what version 8 did on each request): to
// check the maintained digests (tests, `hearth-server admin verify-digests`).
Result<QJsonObject> recomputedChecksum(Pg &pg, const QStringList &scopes);

// Compares the maintained digests with a recount, for the scopes of every user and each scope
// they name: what differs, as "SCOPES: KIND maintained N/HASH, recounted M/HASH" lines.
Result<QStringList> verifyDigests(Pg &pg);

// A non-negative decimal integer, modulo 2^256, as the 64 hex digits of its 32 little-endian bytes.
QString sumToHex(const QString &decimal);

} // namespace hearth::server
