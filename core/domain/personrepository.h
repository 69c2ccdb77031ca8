// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clock.h"
#include "core/error.h"
#include "person.h"
#include "validation.h"

#include <QJsonObject>

#include <optional>

namespace hearth::storage {
class Database;
}


namespace hearth::domain {

// A person already on this device who is likely the one about to be saved.
struct LikelyDuplicate
{
    QString id;
    QString name;
    QString reason; // "id_number", "phone" or "name_birth_date" (same name, birth date and village)
};

// People: validation, saving with the outbox, masked reads and audited reveals.
class PersonRepository
{
public:
    explicit PersonRepository(storage::Database &db, Clock clock = {});

    // Normalises p in place (ID upper-case, phone digits, gender and birth date from the ID
    // number when missing) and checks every rule; the first refused field comes back.
    std::optional<FieldProblem> validate(Person &p, const Person *before = nullptr);
    // The rules that need no database (all but: the area, household and station exist).
    static std::optional<FieldProblem> validateFields(Person &p);
    // The outbox payload of a new person: compact JSON of the fields that hold something.
    static QByteArray createPayload(const Person &p);

    // Validates and saves a new person, its tags, search terms and outbox entry in one
    // transaction; returns the new id. A person with an ID number already on this device is
    // refused (Duplicate) unless `despiteDuplicate`: the user saw likelyDuplicates() and chose
    // to save anyway (the server keeps both and lists the pair for a supervisor to merge).
    Result<QString> add(Person person, bool despiteDuplicate = false);
    // Saves an already validated person inside the caller's transaction: checks the ID number
    // is new (unless `despiteDuplicate`), gives an id, writes the row, tags, search terms, outbox.
    Result<void> insertValidated(Person &person, qint64 nowMs, bool despiteDuplicate = false);
    // Who on this device is likely the same person as `p` (validated): the same ID number, the
    // same phone, or the same name with the same birth date in the same village. Asked before a
    // new person is saved; the user may open one of them or save anyway.
    Result<QList<LikelyDuplicate>> likelyDuplicates(const Person &p);
    // Only the people row and its tags (p.id set); returns the rowid. The ledger import does
    // the rest itself, prepared on another thread.
    Result<qint64> insertRow(const Person &p, qint64 nowMs);

    // Applies per-field changes; the outbox gets one update listing each changed field with its
    // old and new value. Nothing changes when any field is refused.
    Result<void> edit(const QString &id, const PersonEdit &edit);

    // The person with ID number and phone masked. NotFound when there is none.
    Result<Person> find(const QString &id);
    // The person unmasked; writes an audit entry (who, when, which person, why) first.
    Result<Person> reveal(const QString &id, const QString &actor, const QString &reason);

    Result<QList<Person>> members(const QString &householdId); // masked
    // Sync: the server's state of a person (every field, as in a create payload) replaces the
    // local row, inside the caller's transaction; no outbox entry (it came from the server).
    Result<void> applyRemote(const QString &id, const QJsonObject &body);
    Result<bool> idNumberExists(const QString &normalizedIdNumber);

    // Deletes a person entered by mistake, with an outbox `delete` (the server keeps a
    // tombstone). Refused while anything was recorded about them (visits, follow-ups, service
    // entries): those records are never dropped; correct the file instead.
    Result<void> remove(const QString &id);
    // Sync: the server deleted the person. Removed here unless this device holds records about
    // them that the server has not got (then kept; the scope checksum reports it). Returns
    // whether the row went.
    Result<bool> applyRemoteDelete(const QString &id);

private:
    struct Written
    {
        QJsonObject changes; // field → {old, new}
        QStringList added, removed;
    };
    // Writes what differs between two states of one person: fields, tags, search terms.
    Result<Written> writeChanges(const Person &before, const Person &after, qint64 nowMs);
    Result<Person> load(const QString &id);
    // Removes the row, its tags and search terms when nothing refers to it; false when
    // something does. Inside the caller's transaction.
    Result<bool> removeUnreferenced(const QString &id);
    Result<void> saveTags(const QString &id, const QStringList &tags);

    storage::Database &m_db;
    Clock m_clock;
};

// Writes one audit entry: who saw or exported what, when and why (inside the caller's transaction
// or on its own).
Result<void> writeAudit(storage::Database &db, qint64 atMs, const QString &actor, const QString &action,
                        const QString &subjectId, const QString &reason);

} // namespace hearth::domain
