// SPDX-License-Identifier: GPL-3.0-or-later
#include "purge.h"

#include "core/media/mediastore.h"
#include "core/search/searchindex.h"
#include "core/storage/database.h"

#include <QFile>

#include <algorithm>

namespace hearth::sync {

namespace {

Result<void> preparePurgeTable(storage::Database &db)
{
    // What goes, in a temporary table (in memory: temp_store=MEMORY, never a file).
    HEARTH_TRY(db.exec("CREATE TEMP TABLE IF NOT EXISTS purge_ids (kind TEXT NOT NULL, id TEXT NOT NULL,"
                       " PRIMARY KEY (kind, id)) WITHOUT ROWID"));
    return db.exec("DELETE FROM purge_ids");
}

// Removes what purge_ids marks and what hangs from it, inside the caller's transaction; returns
// the photo hashes (and thumbnails) whose files may go once that transaction commits.
Result<QStringList> cascade(storage::Database &db, PurgeReport &report)
{
    // What stays keeps what it refers to; what goes takes what hangs from it.
    for (const char *sql : {
             "DELETE FROM purge_ids WHERE kind = 'household' AND id IN (SELECT household_id FROM people WHERE id NOT IN"
             " (SELECT id FROM purge_ids WHERE kind = 'person'))",
             "DELETE FROM purge_ids WHERE kind = 'station' AND id IN (SELECT station_id FROM people WHERE id NOT IN"
             " (SELECT id FROM purge_ids WHERE kind = 'person'))",
             "INSERT OR IGNORE INTO purge_ids SELECT 'visit', id FROM visits WHERE person_id IN (SELECT id FROM purge_ids"
             " WHERE kind = 'person') OR household_id IN (SELECT id FROM purge_ids WHERE kind = 'household')",
             "INSERT OR IGNORE INTO purge_ids SELECT 'followup', id FROM followups WHERE person_id IN (SELECT id FROM"
             " purge_ids WHERE kind = 'person') OR visit_id IN (SELECT id FROM purge_ids WHERE kind = 'visit') OR"
             " (person_id IS NULL AND station_id IN (SELECT id FROM purge_ids WHERE kind = 'station'))",
             "DELETE FROM purge_ids WHERE kind = 'station' AND id IN (SELECT station_id FROM followups WHERE id NOT IN"
             " (SELECT id FROM purge_ids WHERE kind = 'followup'))",
         })
        HEARTH_TRY(db.exec(sql));
    // Search terms of the people and addresses that go.
    {
        auto stmt = db.prepare("SELECT id, name, coalesce(phone, ''), coalesce(id_number, '') FROM people"
                               " WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'person')");
        if (!stmt)
            return stmt.error();
        while (stmt->step().value_or(false)) {
            const search::PersonTerms old{stmt->columnText(1), stmt->columnText(2), stmt->columnText(3)};
            HEARTH_TRY(search::indexPerson(db, stmt->columnText(0), &old, {}));
            ++report.people;
        }
        auto homes = db.prepare("SELECT id, coalesce(address, '') FROM households"
                                " WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'household')");
        if (!homes)
            return homes.error();
        while (homes->step().value_or(false)) {
            HEARTH_TRY(search::indexHousehold(db, homes->columnText(0), homes->columnText(1), {}));
            ++report.households;
        }
    }
    report.visits = int(db.queryInt("SELECT count(*) FROM purge_ids WHERE kind = 'visit'").value_or(0));
    report.services = int(db.queryInt("SELECT count(*) FROM service_logs WHERE station_id IN"
                                      " (SELECT id FROM purge_ids WHERE kind = 'station')")
                              .value_or(0));
    for (const char *sql : {
             "DELETE FROM followup_notes WHERE followup_id IN (SELECT id FROM purge_ids WHERE kind = 'followup')",
             "DELETE FROM followups WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'followup')",
             "DELETE FROM visit_needs WHERE visit_id IN (SELECT id FROM purge_ids WHERE kind = 'visit')",
             "DELETE FROM visit_goods WHERE visit_id IN (SELECT id FROM purge_ids WHERE kind = 'visit')",
             "DELETE FROM photo_refs WHERE owner_kind = 'visit' AND owner_id IN"
             " (SELECT id FROM purge_ids WHERE kind = 'visit')",
             "DELETE FROM reviews WHERE visit_id IN (SELECT id FROM purge_ids WHERE kind = 'visit')",
             "DELETE FROM reviews WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'review')",
             "DELETE FROM visits WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'visit')",
             "UPDATE service_logs SET person_id = NULL WHERE person_id IN (SELECT id FROM purge_ids WHERE kind = 'person')",
             "UPDATE certificate_services SET person_id = NULL WHERE person_id IN"
             " (SELECT id FROM purge_ids WHERE kind = 'person')",
             "DELETE FROM job_fairs WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'job_fair')",
             "DELETE FROM certificate_services WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'certificate')",
             "DELETE FROM service_logs WHERE station_id IN (SELECT id FROM purge_ids WHERE kind = 'station')",
             "DELETE FROM person_tags WHERE person_id IN (SELECT id FROM purge_ids WHERE kind = 'person')",
             "DELETE FROM sync_conflicts WHERE record_id IN (SELECT id FROM purge_ids)",
             "DELETE FROM people WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'person')",
             "DELETE FROM households WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'household')",
             "DELETE FROM stations WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'station')",
             "DELETE FROM campaigns WHERE id IN (SELECT id FROM purge_ids WHERE kind = 'campaign')",
         })
        HEARTH_TRY(db.exec(sql));
    // Photos nothing refers to any more, and that the server holds whole (uploaded from here, or
    // never ours to upload): a photo of a visit the server refused is its only copy, and stays.
    QStringList orphans;
    {
        auto stmt = db.prepare("SELECT hash, thumb_hash FROM photos WHERE hash NOT IN (SELECT photo_hash FROM photo_refs)"
                               " AND hash IN (SELECT hash FROM photo_uploads)");
        if (!stmt)
            return stmt.error();
        while (stmt->step().value_or(false))
            orphans << stmt->columnText(0) << stmt->columnText(1);
    }
    report.photos = int(orphans.size() / 2);
    for (const char *sql : {"CREATE TEMP TABLE IF NOT EXISTS purge_photos (hash TEXT PRIMARY KEY) WITHOUT ROWID",
                            "DELETE FROM purge_photos",
                            "INSERT OR IGNORE INTO purge_photos SELECT hash FROM photos WHERE hash NOT IN"
                            " (SELECT photo_hash FROM photo_refs) AND hash IN (SELECT hash FROM photo_uploads)",
                            "DELETE FROM photo_uploads WHERE hash IN (SELECT hash FROM purge_photos) OR hash IN"
                            " (SELECT thumb_hash FROM photos WHERE hash IN (SELECT hash FROM purge_photos))",
                            "DELETE FROM media_cache WHERE hash IN (SELECT hash FROM purge_photos) OR hash IN"
                            " (SELECT thumb_hash FROM photos WHERE hash IN (SELECT hash FROM purge_photos))",
                            "DELETE FROM photos WHERE hash IN (SELECT hash FROM purge_photos)",
                            "DELETE FROM purge_photos", "DELETE FROM purge_ids"})
        HEARTH_TRY(db.exec(sql));
    return orphans;
}

} // namespace


Result<PurgeReport> purgeOutside(storage::Database &db, media::MediaStore *media, const QStringList &scopes)
{
    PurgeReport report;
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(preparePurgeTable(db));
    auto mark = db.prepare("INSERT OR IGNORE INTO purge_ids (kind, id) VALUES (?, ?)");
    if (!mark)
        return mark.error();
    auto markOutside = [&](const char *kind, const char *sql) -> Result<void> {
        auto stmt = db.prepare(sql);
        if (!stmt)
            return stmt.error();
        while (stmt->step().value_or(false)) {
            // A record is inside by its area (column 1) or the station it names (2: following a
            // person, or holding a job fair or certificate service).
            if (insideScopes(scopes, stmt->columnText(1)))
                continue;
            if (stmt->columnCount() > 2 && !stmt->columnText(2).isEmpty() && insideScopes(scopes, stmt->columnText(2)))
                continue;
            mark->reset();
            mark->bind(1, QString::fromLatin1(kind)).bind(2, stmt->columnText(0));
            HEARTH_TRY(mark->run());
        }
        return {};
    };
    HEARTH_TRY(markOutside("person", "SELECT id, coalesce(area_code, ''), coalesce(station_id, '') FROM people"));
    HEARTH_TRY(markOutside("household", "SELECT id, area_code FROM households"));
    HEARTH_TRY(markOutside("station", "SELECT id, id FROM stations"));
    HEARTH_TRY(markOutside("job_fair", "SELECT id, area_code, coalesce(station_id, '') FROM job_fairs"));
    HEARTH_TRY(markOutside("certificate", "SELECT id, area_code, coalesce(station_id, '') FROM certificate_services"));
    // A campaign is inside when its first target area is, or lies above an area of the scope.
    {
        auto stmt = db.prepare("SELECT id, coalesce(json_extract(target_areas, '$[0]'), '') FROM campaigns");
        if (!stmt)
            return stmt.error();
        while (stmt->step().value_or(false)) {
            const QString area = stmt->columnText(1);
            const bool inside = insideScopes(scopes, area)
                || std::any_of(scopes.begin(), scopes.end(),
                               [&](const QString &s) { return isAreaScope(s) && !area.isEmpty() && s.startsWith(area); });
            if (inside)
                continue;
            mark->reset();
            mark->bind(1, u"campaign"_qs).bind(2, stmt->columnText(0));
            HEARTH_TRY(mark->run());
        }
    }
    auto orphans = cascade(db, report);
    if (!orphans)
        return orphans.error();
    HEARTH_TRY(tx->commit());
    // The files after the commit: a kill in between leaves unreferenced ciphertext, never a
    // reference without its file. A photo a draft still holds stays.
    if (media) {
        const QString drafts = [&] {
            auto stmt = db.prepare("SELECT group_concat(body) FROM drafts");
            return stmt && stmt->step().value_or(false) ? stmt->columnText(0) : QString();
        }();
        for (const QString &hash : *orphans)
            if (!drafts.contains(hash))
                QFile::remove(media->pathFor(hash));
    }
    return report;
}

} // namespace hearth::sync

namespace hearth::sync {

Result<void> purgeRecord(storage::Database &db, const QString &entity, const QString &id)
{
    HEARTH_TRY(preparePurgeTable(db));
    auto mark = db.prepare("INSERT INTO purge_ids (kind, id) VALUES (?, ?)");
    if (!mark)
        return mark.error();
    mark->bind(1, entity).bind(2, id);
    HEARTH_TRY(mark->run());
    PurgeReport report;
    auto orphans = cascade(db, report);
    if (!orphans)
        return orphans.error();
    return {};
}

} // namespace hearth::sync
