// SPDX-License-Identifier: GPL-3.0-or-later
#include "personrepository.h"

#include "core/protocol/auditchain.h"

#include "household.h"

#include "core/search/searchindex.h"
#include "core/storage/database.h"
#include "outbox.h"
#include "personfields.h"
#include "recordpayloads.h"
#include "uuid.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::domain {
namespace {


std::string columnList()
{
    std::string cols;
    for (const PersonField &f : personFields())
        cols += std::string(", ") + f.key;
    return cols;
}

QString valueOf(const Person &p, const PersonField &f)
{
    if (!f.member)
        return p.partyMember ? QStringLiteral("1") : QStringLiteral("0");
    return p.*(f.member);
}

void setValue(Person &p, const PersonField &f, const QString &value)
{
    if (!f.member)
        p.partyMember = value == QLatin1String("1") || value == QLatin1String("true");
    else
        p.*(f.member) = value;
}

void bindField(storage::Statement &stmt, int index, const Person &p, const PersonField &f)
{
    if (!f.member) {
        stmt.bind(index, int(p.partyMember));
        return;
    }
    const QString &v = p.*(f.member);
    if (v.isEmpty())
        stmt.bindNull(index);
    else
        stmt.bind(index, v);
}

search::PersonTerms termsOf(const Person &p) { return {p.name, p.phone, p.idNumber}; }

} // namespace

Result<void> writeAudit(storage::Database &db, qint64 atMs, const QString &actor, const QString &action,
                        const QString &subjectId, const QString &reason)
{
    // The next link of the chain (protocol/auditchain.h): the hash of the last entry and this one.
    // Inside the caller's transaction (or SQLite's own for this statement pair under its lock).
    auto last = db.prepare("SELECT coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!last)
        return last.error();
    const QString prev = last->step().value_or(false) ? last->columnText(0) : QString();
    const QString hash = protocol::auditLink(prev, {QString::number(atMs), actor, action, subjectId, QString(), reason});
    auto stmt = db.prepare("INSERT INTO audit_log(at, actor, action, subject_id, reason, prev_hash, hash)"
                           " VALUES (?, ?, ?, ?, ?, nullif(?, ''), ?)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, atMs).bind(2, actor).bind(3, action).bind(4, subjectId).bind(5, reason).bind(6, prev).bind(7, hash);
    return stmt->run();
}

PersonRepository::PersonRepository(storage::Database &db, Clock clock) : m_db(db), m_clock(orSystemClock(clock)) {}

std::optional<FieldProblem> PersonRepository::validate(Person &p, const Person *before)
{
    if (auto problem = validateFields(p))
        return problem;
    auto exists = [this](const char *sql, const QString &key) {
        auto stmt = m_db.cached(sql);
        if (!stmt)
            return false;
        (*stmt)->bind(1, key);
        auto row = (*stmt)->step();
        return row.ok() && *row;
    };
    if (!exists("SELECT 1 FROM areas WHERE code = ?", p.areaCode))
        return FieldProblem{u"area_code"_qs, Problem::UnknownArea};
    // A reference an edit leaves as it was is the server's to keep: the station that follows a
    // person lies outside a village cadre's store, and the cadre still edits the person.
    if (!p.householdId.isEmpty() && !(before && before->householdId == p.householdId)
        && !exists("SELECT 1 FROM households WHERE id = ?", p.householdId))
        return FieldProblem{u"household_id"_qs, Problem::UnknownRecord};
    if (!p.stationId.isEmpty() && !(before && before->stationId == p.stationId)
        && !exists("SELECT 1 FROM stations WHERE id = ?", p.stationId))
        return FieldProblem{u"station_id"_qs, Problem::UnknownRecord};
    return std::nullopt;
}

std::optional<FieldProblem> PersonRepository::validateFields(Person &p) { return validatePersonFields(p); }

QByteArray PersonRepository::createPayload(const Person &p) { return personCreatePayload(p); }

Result<bool> PersonRepository::idNumberExists(const QString &idNumber)
{
    auto stmt = m_db.cached("SELECT 1 FROM people WHERE id_number = ?");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, idNumber);
    return (*stmt)->step();
}

Result<QList<LikelyDuplicate>> PersonRepository::likelyDuplicates(const Person &p)
{
    auto stmt = m_db.cached("SELECT id, name, CASE WHEN id_number = ?1 THEN 'id_number' WHEN phone = ?2 THEN 'phone'"
                            " ELSE 'name_birth_date' END FROM people"
                            " WHERE (?1 <> '' AND id_number = ?1) OR (?2 <> '' AND phone = ?2)"
                            " OR (?4 <> '' AND name = ?3 AND birth_date = ?4 AND area_code = ?5) LIMIT 20");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, p.idNumber.isNull() ? u""_qs : p.idNumber).bind(2, p.phone.isNull() ? u""_qs : p.phone);
    (*stmt)->bind(3, p.name).bind(4, p.birthDate.isNull() ? u""_qs : p.birthDate).bind(5, p.areaCode);
    return storage::collectRows(**stmt, [](const storage::Statement &s) {
        return LikelyDuplicate{s.columnText(0), s.columnText(1), s.columnText(2)};
    });
}

Result<QString> PersonRepository::add(Person p, bool despiteDuplicate)
{
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    if (auto problem = validate(p))
        return problem->toError();
    HEARTH_TRY(insertValidated(p, m_clock(), despiteDuplicate));
    HEARTH_TRY(tx->commit());
    return p.id;
}

Result<void> PersonRepository::insertValidated(Person &p, qint64 now, bool despiteDuplicate)
{
    if (!p.idNumber.isEmpty() && !despiteDuplicate) {
        auto dup = idNumberExists(p.idNumber);
        if (!dup)
            return dup.error();
        if (*dup)
            return FieldProblem{u"id_number"_qs, Problem::DuplicateIdNumber}.toError();
    }
    if (p.id.isEmpty())
        p.id = makeUuidV7(now);
    p.createdAt = p.updatedAt = now;
    auto rowid = insertRow(p, now);
    if (!rowid)
        return rowid.error();
    HEARTH_TRY(search::indexPerson(m_db, p.id, nullptr, termsOf(p)));
    auto appended = Outbox::append(m_db, u"person"_qs, p.id, Outbox::Op::Create, createPayload(p), now);
    if (!appended)
        return appended.error();
    return {};
}

Result<qint64> PersonRepository::insertRow(const Person &p, qint64 now)
{
    const auto fields = personFields();
    static const std::string sql = [&fields] {
        std::string text = "INSERT INTO people(id" + columnList() + ", created_at, updated_at) VALUES (?";
        for (size_t i = 0; i < fields.size() + 2; ++i)
            text += ", ?";
        return text + ")";
    }();
    auto cached = m_db.cached(sql);
    if (!cached)
        return cached.error();
    storage::Statement &stmt = **cached;
    stmt.bind(1, p.id);
    int index = 2;
    for (const PersonField &f : fields)
        bindField(stmt, index++, p, f);
    stmt.bind(index, p.createdAt > 0 ? p.createdAt : now).bind(index + 1, now);
    HEARTH_TRY(stmt.run());
    const qint64 rowid = m_db.lastInsertRowId();
    HEARTH_TRY(saveTags(p.id, p.tags));
    return rowid;
}

Result<void> PersonRepository::saveTags(const QString &id, const QStringList &tags)
{
    for (const QString &tag : tags) {
        auto stmt = m_db.cached("INSERT OR IGNORE INTO person_tags(tag, person_id) VALUES (?, ?)");
        if (!stmt)
            return stmt.error();
        (*stmt)->bind(1, tag).bind(2, id);
        HEARTH_TRY((*stmt)->run());
    }
    return {};
}

Result<bool> PersonRepository::removeUnreferenced(const QString &id)
{
    auto referenced = storage::trueForId(m_db,
                                         "SELECT EXISTS (SELECT 1 FROM visits WHERE person_id = ?1)"
                                         " OR EXISTS (SELECT 1 FROM followups WHERE person_id = ?1)"
                                         " OR EXISTS (SELECT 1 FROM service_logs WHERE person_id = ?1)"
                                         " OR EXISTS (SELECT 1 FROM certificate_services WHERE person_id = ?1)",
                                         id);
    if (!referenced)
        return referenced.error();
    if (*referenced)
        return false;
    auto before = load(id);
    if (!before)
        return before.error();
    const search::PersonTerms oldTerms = termsOf(*before);
    HEARTH_TRY(search::indexPerson(m_db, id, &oldTerms, {}));
    HEARTH_TRY(storage::runForId(m_db,
                                 // Conflicts stay: the server keeps them, and a delete it refuses brings
                                 // the person back with a later change, not with the conflict feed.
                                 {"DELETE FROM person_tags WHERE person_id = ?",
                                  "DELETE FROM people WHERE id = ?"},
                                 id));
    return true;
}

Result<void> PersonRepository::remove(const QString &id)
{
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto person = load(id);
    if (!person)
        return person.error();
    auto removed = removeUnreferenced(id);
    if (!removed)
        return removed.error();
    if (!*removed)
        return Error::withReason(ErrorCode::InvalidRecord, u"这个人已有走访、跟进或服务记录，不能删除；请更正档案"_qs,
                                 u"visits, follow-ups or services were recorded for this person: it cannot be deleted; "
                                 "correct the file instead"_qs);
    const qint64 now = m_clock();
    auto appended = Outbox::append(m_db, u"person"_qs, id, Outbox::Op::Delete, QJsonObject{}, now);
    if (!appended)
        return appended.error();
    // The household made with them, now empty, goes too.
    if (!person->householdId.isEmpty()) {
        auto emptied = HouseholdRepository(m_db, m_clock).removeIfEmpty(person->householdId);
        if (!emptied)
            return emptied.error();
        if (*emptied)
            HEARTH_TRY(Outbox::append(m_db, u"household"_qs, person->householdId, Outbox::Op::Delete, QJsonObject{}, now));
    }
    return tx->commit();
}

Result<bool> PersonRepository::applyRemoteDelete(const QString &id)
{
    auto exists = load(id);
    if (!exists)
        return exists.error().code() == ErrorCode::NotFound ? Result<bool>(true) : Result<bool>(exists.error());
    return removeUnreferenced(id);
}

Result<void> PersonRepository::edit(const QString &id, const PersonEdit &edit)
{
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto loaded = load(id);
    if (!loaded)
        return loaded.error();
    const Person before = *loaded;
    Person after = before;
    for (auto it = edit.fields.cbegin(); it != edit.fields.cend(); ++it) {
        const PersonField *f = personField(it.key());
        if (!f || !f->editable)
            return Error(ErrorCode::InvalidArgument, u"unknown field "_qs + it.key());
        setValue(after, *f, it.value());
    }
    const QStringList added = cleanTags(edit.addTags);
    const QStringList removed = cleanTags(edit.removeTags);
    for (const QString &t : added)
        if (!after.tags.contains(t))
            after.tags.append(t);
    for (const QString &t : removed)
        after.tags.removeAll(t);
    if (auto problem = validate(after, &before))
        return problem->toError();
    if (after.idNumber != before.idNumber && !after.idNumber.isEmpty()) {
        auto dup = idNumberExists(after.idNumber);
        if (!dup)
            return dup.error();
        if (*dup)
            return FieldProblem{u"id_number"_qs, Problem::DuplicateIdNumber}.toError();
    }

    const qint64 now = m_clock();
    auto written = writeChanges(before, after, now);
    if (!written)
        return written.error();
    const auto &[changes, reallyAdded, reallyRemoved] = *written;
    if (changes.isEmpty() && reallyAdded.isEmpty() && reallyRemoved.isEmpty())
        return {}; // nothing to record
    QJsonObject payload{{u"fields"_qs, changes}};
    if (!reallyAdded.isEmpty() || !reallyRemoved.isEmpty())
        payload.insert(u"tags"_qs, QJsonObject{{u"add"_qs, QJsonArray::fromStringList(reallyAdded)},
                                               {u"remove"_qs, QJsonArray::fromStringList(reallyRemoved)}});
    auto appended = Outbox::append(m_db, u"person"_qs, id, Outbox::Op::Update, payload, now);
    if (!appended)
        return appended.error();
    return tx->commit();
}

Result<PersonRepository::Written> PersonRepository::writeChanges(const Person &before, const Person &after, qint64 now)
{
    Written out;
    auto &[changes, reallyAdded, reallyRemoved] = out;
    std::string sets;
    QList<const PersonField *> changed;
    for (const PersonField &f : personFields()) {
        if (valueOf(before, f) == valueOf(after, f))
            continue;
        changed.append(&f);
        sets += std::string(f.key) + " = ?, ";
        changes.insert(QLatin1String(f.key), QJsonObject{{u"old"_qs, valueOf(before, f)}, {u"new"_qs, valueOf(after, f)}});
    }
    for (const QString &t : after.tags)
        if (!before.tags.contains(t))
            reallyAdded.append(t);
    for (const QString &t : before.tags)
        if (!after.tags.contains(t))
            reallyRemoved.append(t);
    if (!changed.isEmpty()) {
        auto stmt = m_db.prepare("UPDATE people SET " + sets + "updated_at = ? WHERE id = ?");
        if (!stmt)
            return stmt.error();
        int index = 1;
        for (const PersonField *f : changed)
            bindField(*stmt, index++, after, *f);
        stmt->bind(index, now).bind(index + 1, before.id);
        HEARTH_TRY(stmt->run());
    }
    HEARTH_TRY(saveTags(before.id, reallyAdded));
    for (const QString &t : reallyRemoved) {
        auto del = m_db.prepare("DELETE FROM person_tags WHERE tag = ? AND person_id = ?");
        if (!del)
            return del.error();
        del->bind(1, t).bind(2, before.id);
        HEARTH_TRY(del->run());
    }
    if (!changed.isEmpty()) {
        const search::PersonTerms oldTerms = termsOf(before);
        HEARTH_TRY(search::indexPerson(m_db, before.id, &oldTerms, termsOf(after)));
    }
    return out;
}

Result<void> PersonRepository::applyRemote(const QString &id, const QJsonObject &body)
{
    Person p;
    p.id = id;
    for (const PersonField &f : personFields()) {
        const QJsonValue v = body.value(QLatin1String(f.key));
        if (f.member)
            p.*(f.member) = v.isString() ? v.toString() : v.isUndefined() || v.isNull() ? QString() : v.toVariant().toString();
        else
            p.partyMember = v.toBool() || v.toString() == u"1" || v.toString() == u"true";
    }
    for (const QJsonValue &t : body.value(u"tags").toArray())
        p.tags.append(t.toString());
    p.createdAt = body.value(u"created_at").toInteger();
    const qint64 now = m_clock();
    auto existing = load(id);
    if (!existing) {
        if (existing.error().code() != ErrorCode::NotFound)
            return existing.error();
        auto rowid = insertRow(p, now);
        if (!rowid)
            return rowid.error();
        return search::indexPerson(m_db, id, nullptr, termsOf(p));
    }
    auto written = writeChanges(*existing, p, now);
    if (!written)
        return written.error();
    return {};
}

Result<Person> PersonRepository::load(const QString &id)
{
    auto stmt = m_db.prepare("SELECT id" + columnList() + ", created_at, updated_at FROM people WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, u"person "_qs + id);
    Person p;
    p.id = stmt->columnText(0);
    int col = 1;
    for (const PersonField &f : personFields()) {
        if (f.member)
            p.*(f.member) = stmt->columnText(col);
        else
            p.partyMember = stmt->columnInt(col) != 0;
        ++col;
    }
    p.createdAt = stmt->columnInt(col);
    p.updatedAt = stmt->columnInt(col + 1);
    auto tags = m_db.prepare("SELECT tag FROM person_tags WHERE person_id = ? ORDER BY tag");
    if (!tags)
        return tags.error();
    tags->bind(1, id);
    for (;;) {
        auto r = tags->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        p.tags.append(tags->columnText(0));
    }
    return p;
}

Result<Person> PersonRepository::find(const QString &id)
{
    auto p = load(id);
    if (p) {
        p->idNumber = maskIdNumber(p->idNumber);
        p->phone = maskPhone(p->phone);
    }
    return p;
}

Result<Person> PersonRepository::reveal(const QString &id, const QString &actor, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return Error::withReason(ErrorCode::InvalidArgument, u"查看完整号码需要填写原因"_qs,
                                 u"showing the full numbers needs a reason"_qs);
    if (actor.trimmed().isEmpty())
        return Error(ErrorCode::InvalidArgument, u"no actor"_qs);
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto p = load(id);
    if (!p)
        return p.error();
    HEARTH_TRY(writeAudit(m_db, m_clock(), actor.trimmed(), u"reveal"_qs, id, reason.trimmed()));
    HEARTH_TRY(tx->commit());
    return p;
}

Result<QList<Person>> PersonRepository::members(const QString &householdId)
{
    auto stmt = m_db.prepare("SELECT id FROM people WHERE household_id = ? ORDER BY relation <> '户主', created_at");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, householdId);
    QStringList ids;
    for (;;) {
        auto r = stmt->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        ids.append(stmt->columnText(0));
    }
    QList<Person> out;
    for (const QString &id : ids) {
        auto p = find(id);
        if (!p)
            return p.error();
        out.append(*p);
    }
    return out;
}

} // namespace hearth::domain
