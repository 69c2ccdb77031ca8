// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The scope checksum's digest (docs/sync-protocol.md, "Drift"): per kind of record, how many
// the scope holds and the sum, modulo 2^256, of the SHA-256 of each record's canonical line
// (model::canonicalRecord). A sum does not care about order, so either side adds records as
// it reads them, a page at a time, never holding a scope at once (and a digest can be kept up
// to date by adding and subtracting, as issue 15 will). Server and device compute it alike.

#include <QJsonObject>

#include <array>
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

// The name of the combination, sent with the server's checksum ("algorithm").
inline constexpr char kDigestAlgorithm[] = "sha256-sum";

// The record kinds a scope checksum covers: every kind of the model.
const QStringList &checkedEntities();

// Adds records one at a time, in any order.
class DigestBuilder
{
public:
    void add(const QString &entity, const QString &line);
    ScopeDigest result() const;

private:
    struct Sum
    {
        qint64 count = 0;
        std::array<quint8, 32> value{}; // little-endian 256-bit
    };
    QMap<QString, Sum> m_sums;
};

// Digests of (entity, line) pairs, in any order.
ScopeDigest digestOf(const QList<std::pair<QString, QString>> &lines);

QJsonObject toJson(const ScopeDigest &digest);
ScopeDigest digestFromJson(const QJsonObject &json);

} // namespace hearth::protocol
