// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordrows.h"

#include "visit.h"
#include "core/storage/database.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::domain {
namespace {

using model::Field;
using model::Storage;
using model::Type;

bool inTable(const Field &f) { return f.storage != Storage::Custom; }

bool hasUpdatedAt(const model::Kind &k) { return k.life != model::Life::AppendOnly; }

// SQLite value of one column field (Statement::bind index i).
void bindField(storage::Statement &s, int i, const Field &f, const QJsonValue &v)
{
    switch (f.type) {
    case Type::Integer:
        if (v.isUndefined() || v.isNull() || (f.negativeIsNull && v.toInteger() < 0))
            f.negativeIsNull ? s.bindNull(i) : s.bind(i, qint64(0));
        else
            s.bind(i, v.toInteger());
        return;
    case Type::Real:
        v.isDouble() ? s.bind(i, v.toDouble()) : s.bindNull(i);
        return;
    case Type::Bool: s.bind(i, int(v.toBool())); return;
    case Type::TextList:
        s.bind(i, QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)));
        return;
    default: {
        const QString text = v.toString();
        text.isEmpty() ? s.bindNull(i) : s.bind(i, text);
        return;
    }
    }
}

// The JSON of one column, or undefined when it holds nothing.
QJsonValue columnValue(const storage::Statement &s, int i, const Field &f)
{
    if (s.columnIsNull(i))
        return QJsonValue(QJsonValue::Undefined);
    switch (f.type) {
    case Type::Integer: return QJsonValue(qint64(s.columnInt(i)));
    case Type::Real: return s.columnDouble(i);
    case Type::Bool: return s.columnInt(i) != 0;
    case Type::TextList: return QJsonDocument::fromJson(s.columnText(i).toUtf8()).array();
    default: return s.columnText(i);
    }
}

// A person's tags, by person.
Result<QHash<QString, QStringList>> tagsByPerson(storage::Database &db)
{
    QHash<QString, QStringList> out;
    auto stmt = db.prepare("SELECT person_id, tag FROM person_tags");
    if (!stmt)
        return stmt.error();
    while (stmt->step().value_or(false))
        out[stmt->columnText(0)] << stmt->columnText(1);
    return out;
}

// The fields a kind keeps itself, filled into the bodies read from its table.
Result<void> addCustomFields(storage::Database &db, const model::Kind &kind, QList<HeldRecord> &records)
{
    const QString name = QLatin1String(kind.name);
    if (name == u"person") {
        auto tags = tagsByPerson(db);
        if (!tags)
            return tags.error();
        for (HeldRecord &r : records)
            if (tags->contains(r.id))
                r.body.insert(u"tags"_qs, QJsonArray::fromStringList(tags->value(r.id)));
    } else if (name == u"visit") {
        auto visits = VisitRepository(db).list({}, true);
        if (!visits)
            return visits.error();
        QHash<QString, QJsonObject> byId;
        for (const Visit &v : *visits)
            byId.insert(v.id, visitJson(v));
        for (HeldRecord &r : records) {
            const QJsonObject full = byId.value(r.id);
            for (const Field &f : kind.fields)
                if (!inTable(f))
                    r.body.insert(QLatin1String(f.key), full.value(QLatin1String(f.key)));
        }
    }
    return {};
}

} // namespace

Result<QList<HeldRecord>> readRecords(storage::Database &db, const model::Kind &kind)
{
    const bool voidable = kind.life == model::Life::AppendOnly;
    std::string sql = "SELECT id";
    QList<const Field *> columns;
    for (const Field &f : kind.fields)
        if (inTable(f)) {
            sql += std::string(", ") + model::columnOf(f);
            columns << &f;
        }
    sql += voidable ? ", voided_at IS NOT NULL" : ", 0";
    sql += std::string(" FROM ") + kind.table;
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    QList<HeldRecord> out;
    while (stmt->step().value_or(false)) {
        HeldRecord r{stmt->columnText(0), {}, stmt->columnInt(int(columns.size()) + 1) != 0};
        for (int i = 0; i < columns.size(); ++i) {
            const QJsonValue v = columnValue(*stmt, i + 1, *columns[i]);
            if (!v.isUndefined())
                r.body.insert(QLatin1String(columns[i]->key), v);
        }
        out.append(r);
    }
    HEARTH_TRY(addCustomFields(db, kind, out));
    return out;
}

Result<void> writeRecordColumns(storage::Database &db, const model::Kind &kind, const QString &id,
                                const QJsonObject &body, qint64 nowMs)
{
    std::string names = "id", values = "?", updates;
    QList<const Field *> columns;
    bool created = false;
    for (const Field &f : kind.fields) {
        if (!inTable(f))
            continue;
        columns << &f;
        names += std::string(", ") + model::columnOf(f);
        values += ", ?";
        created = created || QLatin1String(f.key) == QLatin1String(model::kCreatedAt);
        if (QLatin1String(f.key) != QLatin1String(model::kCreatedAt))
            updates += std::string(updates.empty() ? "" : ", ") + model::columnOf(f) + " = excluded." + model::columnOf(f);
    }
    if (hasUpdatedAt(kind)) {
        names += ", updated_at";
        values += ", ?";
        updates += ", updated_at = excluded.updated_at";
    }
    const std::string sql = "INSERT INTO " + std::string(kind.table) + " (" + names + ") VALUES (" + values + ")"
        + (hasUpdatedAt(kind) ? " ON CONFLICT(id) DO UPDATE SET " + updates : " ON CONFLICT(id) DO NOTHING");
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, id);
    int i = 2;
    for (const Field *f : columns) {
        const QJsonValue v = body.value(QLatin1String(f->key));
        if (created && QLatin1String(f->key) == QLatin1String(model::kCreatedAt))
            (*stmt)->bind(i++, v.toInteger() > 0 ? v.toInteger() : nowMs);
        else
            bindField(**stmt, i++, *f, v);
    }
    if (hasUpdatedAt(kind))
        (*stmt)->bind(i, nowMs);
    HEARTH_TRY((*stmt)->run());
    if (!hasUpdatedAt(kind) && db.changes() == 0) // held already: only its references may move
        return updateReferences(db, kind, id, body);
    return {};
}

Result<void> updateReferences(storage::Database &db, const model::Kind &kind, const QString &id, const QJsonObject &body)
{
    std::string sets;
    QList<const Field *> refs;
    for (const Field &f : kind.fields)
        if (f.references && inTable(f)) {
            sets += std::string(sets.empty() ? "" : ", ") + model::columnOf(f) + " = ?";
            refs << &f;
        }
    if (refs.isEmpty())
        return {};
    auto stmt = db.cached("UPDATE " + std::string(kind.table) + " SET " + sets + " WHERE id = ?");
    if (!stmt)
        return stmt.error();
    int i = 1;
    for (const Field *f : refs)
        bindField(**stmt, i++, *f, body.value(QLatin1String(f->key)));
    (*stmt)->bind(i, id);
    return (*stmt)->run();
}

} // namespace hearth::domain
