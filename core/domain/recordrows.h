// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Records in the device's tables ↔ their JSON form in the protocol, read off the record model
// (core/model): one mapping for every kind instead of a hand-written INSERT and reader each.
// Fields kept by a kind's own code (Storage::Custom: a person's tags, a visit's needs, goods,
// photos and location) are read here too; writing them stays with their repositories.

#include "core/error.h"
#include "core/model/recordmodel.h"

#include <QJsonObject>
#include <QList>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

// A record as this device holds it.
struct HeldRecord
{
    QString id;
    QJsonObject body; // the protocol's form, created_at included
    bool voided = false;
};

// Every record of `kind` this device holds.
Result<QList<HeldRecord>> readRecords(storage::Database &db, const model::Kind &kind);

// Writes a record's column fields from its JSON: inserted when new; when it exists, a kind that
// changes is replaced and an append-only one keeps what it has. The creation time is the
// record's own (from the body), else `nowMs`. Inside the caller's transaction.
Result<void> writeRecordColumns(storage::Database &db, const model::Kind &kind, const QString &id,
                                const QJsonObject &body, qint64 nowMs);

// A record made here: checked against the model (core/model), its row written as a pulled copy
// would be and its outbox entry queued, in one transaction. The device refuses what the server
// would, and its own rows and other devices' rows are made the same way.
Result<QString> saveNewRecord(storage::Database &db, const QString &entity, const QString &id, QJsonObject payload,
                              qint64 now);

// An append-only record held here whose references the server changed (a duplicate merged into
// another person): the references follow; what was recorded stays. Inside the caller's transaction.
Result<void> updateReferences(storage::Database &db, const model::Kind &kind, const QString &id, const QJsonObject &body);

} // namespace hearth::domain
