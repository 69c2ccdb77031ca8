// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Forms in progress, kept in the encrypted store (table drafts) as JSON, one per kind, so a
// killed app reopens the form as it was. Never in a temp file: a draft names a person.

#include "core/error.h"

#include <QJsonObject>
#include <QString>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

Result<void> saveDraft(storage::Database &db, const QString &kind, const QJsonObject &body, qint64 nowMs);
// An empty object when there is none.
Result<QJsonObject> loadDraft(storage::Database &db, const QString &kind);
Result<void> clearDraft(storage::Database &db, const QString &kind);

} // namespace hearth::domain
