// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The scope checksum (docs/sync-protocol.md, "Drift"): per kind of record, how many the scope
// holds and a SHA-256 over one canonical line per record, sorted by id. The server computes it
// from its records, the device from its tables (leaving out what it has not pushed yet and
// what the server refused). People count with every field and tag, so an edit lost on either
// side shows; the other kinds by id (they are append-only). A difference triggers a
// re-download of the scope that keeps the outbox.

#include "core/error.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

struct EntityDigest
{
    qint64 count = 0;
    QString sha256;
    bool operator==(const EntityDigest &) const = default;
};
using ScopeDigest = QMap<QString, EntityDigest>; // entity → digest

// The record kinds a scope checksum covers.
const QStringList &checkedEntities();
// One record's line: "id" or, for a person, "id␟field␟…␟tags" with fields in a fixed order.
QString canonicalLine(const QString &entity, const QString &id, const QJsonObject &body);
// Digests of (entity, line) pairs, in any order.
ScopeDigest digestOf(QList<std::pair<QString, QString>> lines);

QJsonObject toJson(const ScopeDigest &digest);
ScopeDigest digestFromJson(const QJsonObject &json);

// This device's digest of what it holds and the server should hold too.
Result<ScopeDigest> localDigest(storage::Database &db);

} // namespace hearth::sync
