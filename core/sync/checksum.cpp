// SPDX-License-Identifier: GPL-3.0-or-later
#include "checksum.h"

#include "core/domain/personfields.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace hearth::sync {
namespace {

// Local table of each kind.
struct Table
{
    const char *entity;
    const char *table;
};
constexpr Table kTables[] = {{"household", "households"},   {"visit", "visits"},
                             {"service", "service_logs"},   {"followup", "followups"},
                             {"followup_note", "followup_notes"}, {"station", "stations"},
                             {"campaign", "campaigns"}};

QString fieldText(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? u"1"_qs : QString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return v.toString();
}

} // namespace

const QStringList &checkedEntities()
{
    static const QStringList kAll = [] {
        QStringList all{u"person"_qs};
        for (const Table &t : kTables)
            all << QLatin1String(t.entity);
        return all;
    }();
    return kAll;
}

QString canonicalLine(const QString &entity, const QString &id, const QJsonObject &body)
{
    if (entity != u"person")
        return id;
    QStringList parts{id};
    for (const domain::PersonField &f : domain::personFields()) {
        QString v = fieldText(body.value(QLatin1String(f.key)));
        if (!f.member) // party member: a flag, however it was written
            v = (v == u"1" || v == u"true") ? u"1"_qs : QString();
        parts << v;
    }
    QStringList tags = body.value(u"tags").toVariant().toStringList();
    tags.sort();
    parts << tags.join(u',');
    return parts.join(QChar(0x1f));
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

Result<ScopeDigest> localDigest(storage::Database &db)
{
    // Not on the server (yet, or ever): records with entries after the acknowledged one, and
    // records the server refused.
    auto pushed = storage::readMeta(db, "sync.pushed_seq");
    if (!pushed)
        return pushed.error();
    QSet<QString> pending;
    {
        auto stmt = db.prepare("SELECT entity || '/' || entity_id FROM outbox WHERE seq > ?"
                               " UNION SELECT entity || '/' || entity_id FROM sync_rejections");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, pushed->toLongLong());
        while (stmt->step().value_or(false))
            pending.insert(stmt->columnText(0));
    }
    QList<std::pair<QString, QString>> lines;
    // People with every field and their tags.
    QStringList columns;
    for (const domain::PersonField &f : domain::personFields())
        columns << QLatin1String(f.key);
    auto people = db.prepare("SELECT p.id, " + columns.join(u", "_qs).toStdString() +
                             ", (SELECT group_concat(tag, char(31)) FROM person_tags t WHERE t.person_id = p.id)"
                             " FROM people p");
    if (!people)
        return people.error();
    while (people->step().value_or(false)) {
        const QString id = people->columnText(0);
        if (pending.contains(u"person/"_qs + id))
            continue;
        QJsonObject body;
        for (int i = 0; i < columns.size(); ++i)
            body.insert(columns[i], people->columnIsNull(i + 1) ? QString() : people->columnText(i + 1));
        body.insert(u"tags"_qs, QJsonArray::fromStringList(people->columnText(columns.size() + 1)
                                                                .split(QChar(0x1f), Qt::SkipEmptyParts)));
        lines.append({u"person"_qs, canonicalLine(u"person"_qs, id, body)});
    }
    for (const Table &t : kTables) {
        auto stmt = db.prepare(std::string("SELECT id FROM ") + t.table);
        if (!stmt)
            return stmt.error();
        const QString entity = QLatin1String(t.entity);
        while (stmt->step().value_or(false)) {
            const QString id = stmt->columnText(0);
            if (!pending.contains(entity + u'/' + id))
                lines.append({entity, id});
        }
    }
    return digestOf(std::move(lines));
}

} // namespace hearth::sync
