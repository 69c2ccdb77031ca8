// SPDX-License-Identifier: GPL-3.0-or-later
#include "digest.h"

#include "core/model/recordmodel.h"

#include <QCryptographicHash>

#include <algorithm>

namespace hearth::protocol {

const QStringList &checkedEntities()
{
    static const QStringList kAll = [] {
        QStringList all;
        for (const model::Kind &k : model::kinds())
            all << QLatin1String(k.name);
        return all;
    }();
    return kAll;
}

ScopeDigest digestOf(QList<std::pair<QString, QString>> lines)
{
    // Sorted by kind, then line: each kind's lines come together, one hash at a time.
    std::sort(lines.begin(), lines.end());
    ScopeDigest out;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto &[entity, line] = lines[i];
        hash.addData(line.toUtf8());
        hash.addData("\n");
        ++out[entity].count;
        if (i + 1 == lines.size() || lines[i + 1].first != entity) {
            out[entity].sha256 = QString::fromLatin1(hash.result().toHex());
            hash.reset();
        }
    }
    return out;
}

QJsonObject toJson(const ScopeDigest &digest)
{
    QJsonObject o;
    for (auto it = digest.begin(); it != digest.end(); ++it)
        o.insert(it.key(), QJsonObject{{u"count"_qs, it->count}, {u"sha256"_qs, it->sha256}});
    return o;
}

ScopeDigest digestFromJson(const QJsonObject &json)
{
    ScopeDigest out;
    for (auto it = json.begin(); it != json.end(); ++it)
        out.insert(it.key(), {it->toObject().value(u"count").toInteger(), it->toObject().value(u"sha256").toString()});
    return out;
}

} // namespace hearth::protocol
