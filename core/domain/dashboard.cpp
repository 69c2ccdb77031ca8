// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboard.h"

#include "core/storage/database.h"

namespace hearth::domain {
namespace {

// Area codes are digits, and ':' sorts right after '9': [prefix, prefix || ':') is the prefix
// as an index range.
constexpr const char *kInArea = " area_code >= ?1 AND area_code < ?1 || ':' ";

Result<qint64> scalar(storage::Database &db, const std::string &sql, const QStringList &args = {})
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    for (int i = 0; i < args.size(); ++i)
        (*stmt)->bind(i + 1, args[i]);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return *row ? qint64((*stmt)->columnInt(0)) : 0;
}

} // namespace

Result<std::optional<CampaignLine>> activeCampaign(storage::Database &db, const QString &areaCode,
                                                   const QString &today)
{
    auto stmt = db.cached("SELECT id, name, ends_on FROM campaigns WHERE starts_on <= ?2 AND ends_on >= ?2"
                          " AND (json_array_length(target_areas) = 0 OR EXISTS (SELECT 1 FROM json_each(target_areas) j"
                          "  WHERE substr(?1, 1, length(j.value)) = j.value OR substr(j.value, 1, length(?1)) = ?1))"
                          " ORDER BY ends_on, name LIMIT 1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, areaCode).bind(2, today);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<CampaignLine>();
    return std::optional<CampaignLine>(CampaignLine{(*stmt)->columnText(0), (*stmt)->columnText(1), (*stmt)->columnText(2)});
}

Result<std::optional<Coverage>> activeCoverage(storage::Database &db, const QString &areaPrefix, const QString &today)
{
    auto campaign = activeCampaign(db, areaPrefix, today);
    if (!campaign)
        return campaign.error();
    if (!*campaign)
        return std::optional<Coverage>();
    Coverage c{(*campaign)->id, (*campaign)->name, (*campaign)->endsOn};
    auto households = scalar(db, std::string("SELECT count(*) FROM households WHERE") + kInArea, {areaPrefix});
    if (!households)
        return households.error();
    auto visited = scalar(db,
                          "SELECT count(DISTINCT h.id) FROM visits v LEFT JOIN people p ON p.id = v.person_id"
                          " JOIN households h ON h.id = coalesce(v.household_id, p.household_id)"
                          " WHERE v.campaign_id = ?2 AND h.area_code >= ?1 AND h.area_code < ?1 || ':'",
                          {areaPrefix, c.campaignId});
    if (!visited)
        return visited.error();
    c.households = *households;
    c.visited = *visited;
    return std::optional<Coverage>(c);
}

Result<QList<HouseholdLine>> unvisitedHouseholds(storage::Database &db, const QString &areaPrefix,
                                                 const QString &campaignId, int limit)
{
    auto stmt = db.cached(std::string("SELECT id, coalesce(head_name, ''), coalesce(address, '') FROM households"
                                      " WHERE") + kInArea +
                          "AND id NOT IN (SELECT coalesce(v.household_id, p.household_id) FROM visits v"
                          " LEFT JOIN people p ON p.id = v.person_id WHERE v.campaign_id = ?2"
                          " AND coalesce(v.household_id, p.household_id) IS NOT NULL)"
                          " ORDER BY head_name LIMIT ?3");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, areaPrefix).bind(2, campaignId).bind(3, limit);
    return storage::collectRows(**stmt, [](const storage::Statement &s) {
        return HouseholdLine{s.columnText(0), s.columnText(1), s.columnText(2)};
    });
}

Result<QList<TallyLine>> serviceTally(storage::Database &db, const QString &stationId, qint64 fromMs, qint64 toMs)
{
    auto stmt = db.cached("SELECT category, count(*), sum(people_count) FROM service_logs"
                          " WHERE station_id = ?1 AND at >= ?2 AND at < ?3 AND voided_at IS NULL"
                          " GROUP BY category ORDER BY sum(people_count) DESC, category");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, stationId).bind(2, fromMs).bind(3, toMs);
    return storage::collectRows(**stmt, [](const storage::Statement &s) {
        return TallyLine{s.columnText(0), qint64(s.columnInt(1)), qint64(s.columnInt(2))};
    });
}

Result<QList<FileLine>> recentFiles(storage::Database &db, const QString &stationId, int limit)
{
    auto stmt = db.cached("SELECT id, name, coalesce(employer, ''), updated_at FROM people WHERE station_id = ?1"
                          " ORDER BY updated_at DESC LIMIT ?2");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, stationId).bind(2, limit);
    return storage::collectRows(**stmt, [](const storage::Statement &s) {
        return FileLine{s.columnText(0), s.columnText(1), s.columnText(2), qint64(s.columnInt(3))};
    });
}

Result<Backlog> syncBacklog(storage::Database &db)
{
    Backlog b;
    // Waiting = after the last sequence the server acknowledged. Sequences are contiguous
    // (AUTOINCREMENT, append only), so a difference of two lookups, not a count over the outbox.
    auto records = scalar(db, "SELECT max(0, coalesce((SELECT max(seq) FROM outbox), 0) - coalesce((SELECT"
                              " CAST(value AS INTEGER) FROM store_meta WHERE key = 'sync.pushed_seq'), 0))");
    auto photos = scalar(db, "SELECT count(*) FROM photos WHERE hash NOT IN (SELECT hash FROM photo_uploads)");
    auto last = scalar(db, "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM store_meta WHERE key = 'sync.last_at'");
    auto conflicts = scalar(db, "SELECT count(*) FROM sync_conflicts c WHERE resolved_at IS NULL AND"
                                " (c.record_id IN (SELECT id FROM people) OR c.record_id IN (SELECT id FROM households))");
    for (auto *r : {&records, &photos, &last, &conflicts})
        if (!*r)
            return r->error();
    b.conflicts = *conflicts;
    b.records = *records;
    b.photos = *photos;
    b.lastSyncMs = *last;
    return b;
}

Result<QList<ReturnedLine>> returnedVisits(storage::Database &db, int limit)
{
    auto stmt = db.cached(
        "SELECT v.id, coalesce(v.person_id, ''), coalesce(v.household_id, ''), coalesce(p.name, h.head_name, ''),"
        " coalesce(r.comment, ''), r.reviewer, r.at FROM reviews r JOIN visits v ON v.id = r.visit_id"
        " LEFT JOIN people p ON p.id = v.person_id LEFT JOIN households h ON h.id = v.household_id"
        " WHERE r.decision = 'returned' AND r.voided_at IS NULL AND v.voided_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM reviews l WHERE l.visit_id = r.visit_id AND l.voided_at IS NULL"
        "                 AND (l.at > r.at OR (l.at = r.at AND l.id > r.id)))"
        " AND NOT EXISTS (SELECT 1 FROM visits n WHERE n.supersedes = v.id)"
        " ORDER BY r.at DESC LIMIT ?1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, limit);
    return storage::collectRows(**stmt, [](const storage::Statement &s) {
        return ReturnedLine{s.columnText(0), s.columnText(1), s.columnText(2), s.columnText(3),
                            s.columnText(4), s.columnText(5), qint64(s.columnInt(6))};
    });
}

} // namespace hearth::domain
