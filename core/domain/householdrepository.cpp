// SPDX-License-Identifier: GPL-3.0-or-later
#include "household.h"

#include "core/search/searchindex.h"
#include "core/storage/database.h"
#include "outbox.h"
#include "recordpayloads.h"
#include "uuid.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::domain {

HouseholdRepository::HouseholdRepository(storage::Database &db, Clock clock) : m_db(db), m_clock(orSystemClock(clock))
{
}

Result<QString> HouseholdRepository::add(Household h)
{
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(insertValidated(h, m_clock()));
    HEARTH_TRY(tx->commit());
    return h.id;
}

Result<void> HouseholdRepository::insertValidated(Household &h, qint64 now)
{
    h.address = h.address.simplified();
    h.headName = h.headName.simplified();
    if (h.areaCode.isEmpty())
        return FieldProblem{u"area_code"_qs, Problem::Required}.toError();
    auto area = m_db.cached("SELECT 1 FROM areas WHERE code = ?");
    if (!area)
        return area.error();
    (*area)->bind(1, h.areaCode);
    auto known = (*area)->step();
    if (!known)
        return known.error();
    if (!*known)
        return FieldProblem{u"area_code"_qs, Problem::UnknownArea}.toError();
    if (h.id.isEmpty())
        h.id = makeUuidV7(now);
    h.createdAt = h.updatedAt = now;
    auto rowid = insertRow(h, now);
    if (!rowid)
        return rowid.error();
    HEARTH_TRY(search::indexHousehold(m_db, h.id, {}, h.address));
    auto appended = Outbox::append(m_db, u"household"_qs, h.id, Outbox::Op::Create, createPayload(h), now);
    if (!appended)
        return appended.error();
    return {};
}

Result<qint64> HouseholdRepository::insertRow(const Household &h, qint64 now)
{
    const QString hardship =
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(h.hardship)).toJson(QJsonDocument::Compact));
    auto stmt = m_db.cached("INSERT INTO households(id, area_code, address, head_name, registered_area, hardship,"
                            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    auto orNull = [](const QString &s) { return s.isEmpty() ? QString() : s; };
    (*stmt)->bind(1, h.id).bind(2, h.areaCode).bind(3, orNull(h.address)).bind(4, orNull(h.headName));
    (*stmt)->bind(5, orNull(h.registeredArea)).bind(6, hardship).bind(7, h.createdAt > 0 ? h.createdAt : now).bind(8, now);
    HEARTH_TRY((*stmt)->run());
    return m_db.lastInsertRowId();
}

QByteArray HouseholdRepository::createPayload(const Household &h) { return householdCreatePayload(h); }

Result<bool> HouseholdRepository::removeIfEmpty(const QString &id)
{
    auto keep = storage::trueForId(m_db,
                                   "SELECT EXISTS (SELECT 1 FROM people WHERE household_id = ?1)"
                                   " OR EXISTS (SELECT 1 FROM visits WHERE household_id = ?1)"
                                   " OR NOT EXISTS (SELECT 1 FROM households WHERE id = ?1)",
                                   id);
    if (!keep)
        return keep.error();
    if (*keep)
        return false;
    auto h = find(id);
    if (!h)
        return h.error();
    HEARTH_TRY(search::indexHousehold(m_db, id, h->address, {}));
    // Its conflicts stay (the server keeps them; a refused delete brings the record back).
    HEARTH_TRY(storage::runForId(m_db, {"DELETE FROM households WHERE id = ?"},
                                 id));
    return true;
}

Result<Household> HouseholdRepository::find(const QString &id)
{
    auto stmt = m_db.prepare("SELECT id, area_code, address, head_name, registered_area, hardship, created_at,"
                             " updated_at FROM households WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, u"household "_qs + id);
    Household h{stmt->columnText(0), stmt->columnText(1), stmt->columnText(2), stmt->columnText(3),
                stmt->columnText(4), {}, stmt->columnInt(6), stmt->columnInt(7)};
    for (const QJsonValue &v : QJsonDocument::fromJson(stmt->columnText(5).toUtf8()).array())
        h.hardship.append(v.toString());
    return h;
}

Result<std::optional<QString>> HouseholdRepository::findByHead(const QString &areaCode, const QString &headName)
{
    auto stmt = m_db.cached("SELECT id FROM households WHERE area_code = ? AND head_name = ? ORDER BY id LIMIT 1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, areaCode).bind(2, headName.simplified());
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return *row ? std::optional<QString>((*stmt)->columnText(0)) : std::nullopt;
}

} // namespace hearth::domain
