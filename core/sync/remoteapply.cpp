// SPDX-License-Identifier: GPL-3.0-or-later
#include "remoteapply.h"

#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
#include "core/search/searchindex.h"
#include "core/storage/database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::sync {
namespace {

QVariant text(const QJsonObject &b, const char *key)
{
    const QString v = b.value(QLatin1String(key)).toString();
    return v.isEmpty() ? QVariant() : QVariant(v);
}

QString jsonText(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
}

// One statement with values bound in order: QString as text, numbers as integers, null as NULL.
Result<void> run(storage::Database &db, const char *sql, const QVariantList &values)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    int i = 1;
    for (const QVariant &v : values) {
        if (v.isNull())
            (*stmt)->bindNull(i++);
        else if (v.typeId() == QMetaType::QString)
            (*stmt)->bind(i++, v.toString());
        else
            (*stmt)->bind(i++, v.toLongLong());
    }
    return (*stmt)->run();
}

Result<void> household(storage::Database &db, const QString &id, const QJsonObject &b, qint64 now)
{
    QString oldAddress;
    {
        auto stmt = db.cached("SELECT coalesce(address, '') FROM households WHERE id = ?");
        if (!stmt)
            return stmt.error();
        (*stmt)->bind(1, id);
        if ((*stmt)->step().value_or(false))
            oldAddress = (*stmt)->columnText(0);
    }
    HEARTH_TRY(run(db,
                   "INSERT INTO households(id, area_code, address, head_name, registered_area, hardship, created_at,"
                   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                   " area_code = excluded.area_code, address = excluded.address, head_name = excluded.head_name,"
                   " registered_area = excluded.registered_area, hardship = excluded.hardship, updated_at = excluded.updated_at",
                   {id, b.value(u"area_code").toString(), text(b, "address"), text(b, "head_name"),
                    text(b, "registered_area"), jsonText(b.value(u"hardship")), now, now}));
    const QString newAddress = b.value(u"address").toString();
    return search::indexHousehold(db, id, oldAddress, newAddress);
}

Result<void> followUpNote(storage::Database &db, const QString &id, const QJsonObject &b)
{
    const qint64 recovered = b.value(u"recovered_fen").toInteger(-1);
    HEARTH_TRY(run(db,
                   "INSERT OR IGNORE INTO followup_notes(id, followup_id, at, author, text, status, recovered_fen)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)",
                   {id, b.value(u"followup_id").toString(), b.value(u"at").toInteger(), text(b, "author"),
                    b.value(u"text").toString(), text(b, "status"), recovered >= 0 ? QVariant(recovered) : QVariant()}));
    // The follow-up shows the latest note's status and amount, as on the device that wrote it.
    return run(db,
               "UPDATE followups SET status = coalesce(?, status), recovered_fen = coalesce(?, recovered_fen),"
               " updated_at = max(updated_at, ?) WHERE id = ?",
               {text(b, "status"), recovered >= 0 ? QVariant(recovered) : QVariant(), b.value(u"at").toInteger(),
                b.value(u"followup_id").toString()});
}

} // namespace

Result<void> applyRemoteChange(storage::Database &db, const QString &entity, const QString &id, const QString &op,
                               const QJsonObject &b)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (entity == u"person" && op == u"delete") {
        auto removed = domain::PersonRepository(db).applyRemoteDelete(id);
        if (!removed)
            return removed.error();
        return {};
    }
    if (entity == u"person")
        return domain::PersonRepository(db).applyRemote(id, b);
    if (entity == u"household" && op == u"delete") {
        auto removed = domain::HouseholdRepository(db).removeIfEmpty(id);
        if (!removed)
            return removed.error();
        return {};
    }
    if (entity == u"household")
        return household(db, id, b, now);
    if (entity == u"visit")
        return domain::VisitRepository(db).applyRemote(id, b);
    if (entity == u"station")
        return run(db,
                   "INSERT OR REPLACE INTO stations(id, kind, name, home_county, city, address, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   {id, b.value(u"kind").toString(), b.value(u"name").toString(), text(b, "home_county"),
                    text(b, "city"), text(b, "address"), now, now});
    if (entity == u"service") {
        HEARTH_TRY(run(db,
                       "INSERT OR IGNORE INTO service_logs(id, station_id, at, utc_offset_min, category, people_count,"
                       " person_id, volunteer, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {id, b.value(u"station_id").toString(), b.value(u"at").toInteger(),
                        b.value(u"utc_offset_min").toInt(480), b.value(u"category").toString(),
                        b.value(u"count").toInt(1), text(b, "person_id"), text(b, "volunteer"), text(b, "notes")}));
        if (op == u"delete" || b.contains(u"voided_at"))
            return run(db, "UPDATE service_logs SET voided_at = coalesce(voided_at, ?) WHERE id = ?",
                       {b.value(u"voided_at").toInteger(now), id});
        return {};
    }
    if (entity == u"campaign")
        return run(db,
                   "INSERT OR REPLACE INTO campaigns(id, name, starts_on, ends_on, target_tags, target_status,"
                   " target_areas, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {id, b.value(u"name").toString(), b.value(u"starts_on").toString(), b.value(u"ends_on").toString(),
                    jsonText(b.value(u"target_tags")), text(b, "target_status"), jsonText(b.value(u"target_areas")),
                    now, now});
    if (entity == u"followup") {
        const qint64 claimed = b.value(u"claimed_fen").toInteger(-1), recovered = b.value(u"recovered_fen").toInteger(-1);
        return run(db,
                   "INSERT OR IGNORE INTO followups(id, person_id, visit_id, station_id, category, status, assignee,"
                   " due_on, claimed_fen, recovered_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {id, text(b, "person_id"), text(b, "visit_id"), text(b, "station_id"), b.value(u"category").toString(),
                    b.value(u"status").toString(u"open"_qs), text(b, "assignee"), text(b, "due_on"),
                    claimed >= 0 ? QVariant(claimed) : QVariant(), recovered >= 0 ? QVariant(recovered) : QVariant(),
                    now, now});
    }
    if (entity == u"followup_note")
        return followUpNote(db, id, b);
    return Error(ErrorCode::InvalidRecord, u"unknown entity "_qs + entity);
}

} // namespace hearth::sync
