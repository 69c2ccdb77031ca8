// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The server side of the sync protocol (docs/sync-protocol.md, version 1): applying a device's
// outbox exactly once per (device, sequence) and serving changes by scope with a cursor.

#include "accounts.h"
#include "units.h"

#include <QJsonObject>

#include <functional>

namespace hearth::server {

inline constexpr int kMaxPushEntries = 1000;
inline constexpr int kMaxPullLimit = 5000;
inline constexpr qint64 kMaxPageBytes = 4 * 1024 * 1024; // of change bodies in one pull page

// {"entries": [{seq, entity, entity_id, op, payload, created_at}, ...]} in sequence order.
// Returns {"applied_through": N, "results": [{seq, status, reason_zh, reason_en}]}.
// Conflict (409) when the batch starts after a gap. `also`, when given, runs with the answer
// inside the push's transaction just before it commits (the console import's progress row, so
// what is written and what is recorded as done always agree); its error undoes the push.
using AlsoInTransaction = std::function<Result<void>(const QJsonObject &answer)>;
Result<QJsonObject> push(Pg &pg, const Device &device, const QJsonObject &body, const AlsoInTransaction &also = {});
// Version 2: the device's scope, each unit after its own cursor (units.h):
// {"changes": [...], "next": "UNIT:C,...", "more": bool}.
Result<QJsonObject> pull(Pg &pg, const Device &device, const UnitCursors &cursors, int limit);
// Version 1: one cursor over every unit of the scope ({"next": C}); its units are held shared
// while the page is read, so writers of them wait for it.
Result<QJsonObject> pull(Pg &pg, const Device &device, qint64 cursor, int limit);

// The scope checksum (core/sync/checksum.h) of what the device should hold: {"entities": {...}},
// from the maintained digests; for one kind by scope when `byScopeOf` names it (digests.h).
Result<QJsonObject> scopeChecksum(Pg &pg, const Device &device, const QString &byScopeOf = {});
// Same-field conflicts in the device's scope after conflict id `after`:
// {"conflicts": [{id, entity, record_id, field, kept, lost, kept_device, lost_device, at}], "next": N}.
Result<QJsonObject> pullConflicts(Pg &pg, const Device &device, qint64 after);
// Pairs of records that are likely one person (the same ID number), in the device's scope after
// pair id `after`: {"duplicates": [{id, entity, first_id, second_id, reason, at}], "next": N, "more"}.
Result<QJsonObject> pullDuplicates(Pg &pg, const Device &device, qint64 after);

} // namespace hearth::server
