// SPDX-License-Identifier: GPL-3.0-or-later
#include "personrepository.h"

#include "core/storage/database.h"
#include "outbox.h"
#include "uuid.h"

#include <QDateTime>

namespace hearth::domain {

PersonRepository::PersonRepository(storage::Database &db, Clock clock)
    : m_db(db), m_clock(clock ? std::move(clock) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

Result<QString> PersonRepository::add(Person p)
{
    if (p.name.trimmed().isEmpty())
        return Error(ErrorCode::InvalidArgument, QStringLiteral("name is required"));
    const qint64 now = m_clock();
    if (p.id.isEmpty())
        p.id = makeUuidV7(now);

    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto stmt = m_db.prepare("INSERT INTO people(id, name, gender, id_number, phone, area_code, household_id,"
                             " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    auto orNull = [](const QString &s) { return s.isEmpty() ? QString() : s; };
    stmt->bind(1, p.id).bind(2, p.name).bind(3, orNull(p.gender)).bind(4, orNull(p.idNumber));
    stmt->bind(5, orNull(p.phone)).bind(6, orNull(p.areaCode)).bind(7, orNull(p.householdId));
    stmt->bind(8, now).bind(9, now);
    HEARTH_TRY(stmt->run());
    const QJsonObject payload{{u"name"_qs, p.name},       {u"gender"_qs, p.gender},
                              {u"id_number"_qs, p.idNumber}, {u"phone"_qs, p.phone},
                              {u"area_code"_qs, p.areaCode}, {u"household_id"_qs, p.householdId}};
    HEARTH_TRY(Outbox::append(m_db, QStringLiteral("person"), p.id, Outbox::Op::Create, payload, now));
    HEARTH_TRY(tx->commit());
    return p.id;
}

Result<std::optional<Person>> PersonRepository::find(const QString &id)
{
    auto stmt = m_db.prepare("SELECT id, name, gender, id_number, phone, area_code, household_id"
                             " FROM people WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Person>();
    return std::optional<Person>(Person{stmt->columnText(0), stmt->columnText(1), stmt->columnText(2),
                                        stmt->columnText(3), stmt->columnText(4), stmt->columnText(5),
                                        stmt->columnText(6)});
}

} // namespace hearth::domain
