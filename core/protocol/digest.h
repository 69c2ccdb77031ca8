// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The scope checksum's digest (docs/sync-protocol.md, "Drift"): per kind of record, how many
// the scope holds and a SHA-256 over each record's canonical line (model::canonicalRecord),
// sorted. Server and device compute it alike from their own copies.

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace hearth::protocol {

struct EntityDigest
{
    qint64 count = 0;
    QString sha256;
    bool operator==(const EntityDigest &) const = default;
};
using ScopeDigest = QMap<QString, EntityDigest>; // entity → digest

// The record kinds a scope checksum covers: every kind of the model.
const QStringList &checkedEntities();
// Digests of (entity, line) pairs, in any order.
ScopeDigest digestOf(QList<std::pair<QString, QString>> lines);

QJsonObject toJson(const ScopeDigest &digest);
ScopeDigest digestFromJson(const QJsonObject &json);

} // namespace hearth::protocol
