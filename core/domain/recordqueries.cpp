// SPDX-License-Identifier: GPL-3.0-or-later
// RecordRepository's reads of follow-ups and services, and the undo of a service.
#include "records.h"
#include "reportrecords.h"

#include "core/storage/database.h"
#include "outbox.h"
#include "validation.h"

#include <QJsonObject>

namespace hearth::domain {
namespace {

constexpr const char *kFollowUpColumns =
    "f.id, coalesce(f.person_id, ''), coalesce(f.visit_id, ''), coalesce(f.station_id, ''), f.category, f.status,"
    " coalesce(f.assignee, ''), coalesce(f.due_on, ''), coalesce(f.claimed_fen, -1), coalesce(f.recovered_fen, -1),"
    " coalesce(p.name, ''), f.updated_at";

FollowUpLine followUpAt(const storage::Statement &s)
{
    FollowUp f{s.columnText(0), s.columnText(1), s.columnText(2), s.columnText(3), s.columnText(4),
               s.columnText(5), s.columnText(6), s.columnText(7), qint64(s.columnInt(8)), qint64(s.columnInt(9))};
    return {f, s.columnText(10), qint64(s.columnInt(11))};
}

} // namespace

Result<QList<FollowUpLine>> RecordRepository::followUps(const FollowUpFilter &filter)
{
    auto stmt = m_db.cached(std::string("SELECT ") + kFollowUpColumns +
                            " FROM followups f LEFT JOIN people p ON p.id = f.person_id"
                            " WHERE (ifnull(?1, '') = '' OR f.person_id = ?1) AND (ifnull(?2, '') = '' OR f.station_id = ?2)"
                            " AND (ifnull(?3, '') = '' OR substr(p.area_code, 1, length(?3)) = ?3)"
                            " AND (?4 = 0 OR f.status IN ('open', 'in_progress'))"
                            " ORDER BY f.due_on IS NULL, f.due_on, f.updated_at LIMIT ?5");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, filter.personId).bind(2, filter.stationId).bind(3, filter.areaPrefix);
    (*stmt)->bind(4, filter.openOnly ? 1 : 0).bind(5, filter.limit);
    return storage::collectRows(**stmt, followUpAt);
}

Result<FollowUp> RecordRepository::followUp(const QString &id)
{
    auto stmt = m_db.cached(std::string("SELECT ") + kFollowUpColumns +
                            " FROM followups f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, id);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, id);
    return followUpAt(**stmt).followUp;
}

Result<QList<FollowUpNote>> RecordRepository::followUpNotes(const QString &followUpId)
{
    auto stmt = m_db.cached("SELECT id, at, coalesce(author, ''), text, coalesce(status, ''),"
                            " coalesce(recovered_fen, -1) FROM followup_notes WHERE followup_id = ? ORDER BY at, id");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, followUpId);
    return storage::collectRows(**stmt, [](const storage::Statement &s) {
        return FollowUpNote{s.columnText(0), qint64(s.columnInt(1)), s.columnText(2), s.columnText(3),
                            s.columnText(4), qint64(s.columnInt(5))};
    });
}

Result<std::optional<ServiceLog>> RecordRepository::lastService(const QString &stationId, qint64 sinceMs)
{
    auto stmt = m_db.cached("SELECT id, at, utc_offset_min, category, people_count, coalesce(volunteer, '')"
                            " FROM service_logs WHERE station_id = ? AND at >= ? AND voided_at IS NULL"
                            " ORDER BY at DESC, rowid DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, stationId).bind(2, sinceMs);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<ServiceLog>();
    const auto &s = **stmt;
    ServiceLog e;
    e.id = s.columnText(0);
    e.stationId = stationId;
    e.at = s.columnInt(1);
    e.utcOffsetMin = int(s.columnInt(2));
    e.category = s.columnText(3);
    e.count = int(s.columnInt(4));
    e.volunteer = s.columnText(5);
    return std::optional<ServiceLog>(e);
}

Result<void> RecordRepository::voidService(const QString &id) { return voidRecord(m_db, u"service"_qs, id, m_clock()); }

} // namespace hearth::domain
