// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Writes one change pulled from the server into the local store, inside the caller's
// transaction, without an outbox entry (it came from the server). The change is checked
// against the record model first (core/model): what the model refuses is not applied, and the
// caller sets it aside. Kinds merged per field take the server's state; append-only records
// are inserted once and may later be voided; a delete removes a record of any other kind.

#include "core/error.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

// `scopes`: this device's, as the server last listed them. A "move" (the record changed village
// or following station) takes the new state, then drops the record and what hangs from it when
// it is now outside them.
Result<void> applyRemoteChange(storage::Database &db, const QString &entity, const QString &id, const QString &op,
                               const QJsonObject &body, const QStringList &scopes = {});

} // namespace hearth::sync
