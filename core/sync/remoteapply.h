// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Writes one change pulled from the server into the local store, inside the caller's
// transaction, without an outbox entry (it came from the server). People and households take
// the server's merged state; append-only records are inserted once; a tombstone marks.

#include "core/error.h"

#include <QJsonObject>
#include <QString>

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

Result<void> applyRemoteChange(storage::Database &db, const QString &entity, const QString &id, const QString &op,
                               const QJsonObject &body);

} // namespace hearth::sync
