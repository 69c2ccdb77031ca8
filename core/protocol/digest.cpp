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

void DigestBuilder::add(const QString &entity, const QString &line)
{
    const QByteArray h = QCryptographicHash::hash(line.toUtf8(), QCryptographicHash::Sha256);
    Sum &sum = m_sums[entity];
    ++sum.count;
    unsigned carry = 0;
    for (int i = 0; i < 32; ++i) { // the hash read as a little-endian number, added with carry
        const unsigned s = unsigned(sum.value[size_t(i)]) + quint8(h[i]) + carry;
        sum.value[size_t(i)] = quint8(s);
        carry = s >> 8;
    }
}

ScopeDigest DigestBuilder::result() const
{
    ScopeDigest out;
    for (auto it = m_sums.begin(); it != m_sums.end(); ++it)
        out.insert(it.key(), {it->count, QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(it->value.data()), 32).toHex())});
    return out;
}

ScopeDigest digestOf(const QList<std::pair<QString, QString>> &lines)
{
    DigestBuilder b;
    for (const auto &[entity, line] : lines)
        b.add(entity, line);
    return b.result();
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
