// SPDX-License-Identifier: GPL-3.0-or-later
#include "ledgerimport.h"

#include "core/domain/area.h"
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/search/searchindex.h"
#include "core/storage/database.h"
#include "ledgercolumns.h"

#include <QHash>

#include <map>

namespace hearth::ledger {
namespace {

using domain::FieldProblem;
using domain::Problem;

// The header row, mapped.
struct Layout
{
    std::map<Column, qsizetype> index;
    QStringList ignored;

    QString cell(const QStringList &row, Column c) const
    {
        auto it = index.find(c);
        return it == index.end() || it->second >= row.size() ? QString() : row[it->second].trimmed();
    }
    bool has(Column c) const { return index.count(c) != 0; }
};

Result<Layout> layoutFrom(const QStringList &header)
{
    Layout layout;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString h = header[i].trimmed();
        if (h.isEmpty())
            continue;
        if (auto c = columnForHeader(h); c && !layout.has(*c))
            layout.index[*c] = i;
        else
            layout.ignored.append(h);
    }
    if (!layout.has(Column::Name))
        return Error::withReason(ErrorCode::BadFile, u"缺少“姓名”列"_qs, u"the 姓名 (name) column is missing"_qs);
    if (!layout.has(Column::Village) && !layout.has(Column::Registered))
        return Error::withReason(ErrorCode::BadFile, u"缺少“所在村”或“户籍地”列"_qs,
                                 u"the 所在村 (village) or 户籍地 (registered) column is missing"_qs);
    return layout;
}

ImportReject rejectFrom(int row, const Error &e)
{
    const bool field = !e.chineseReason().isEmpty();
    return {row, field ? e.detail() : QString(), field ? e.chineseReason() : e.chinese(),
            field ? e.englishReason() : e.english()};
}

// Turns one row into a person (and the household it belongs to); an Error says which field.
class RowMapper
{
public:
    RowMapper(storage::Database &db, const Layout &layout)
        : m_db(db), m_layout(layout), m_areas(db), m_people(db), m_households(db)
    {
    }

    Result<void> importRow(const QStringList &row, qint64 now)
    {
        domain::Person p;
        p.name = m_layout.cell(row, Column::Name);
        auto gender = genderFromCell(m_layout.cell(row, Column::Gender));
        if (!gender)
            return FieldProblem{u"gender"_qs, Problem::BadChoice}.toError();
        p.gender = *gender;
        p.birthDate = m_layout.cell(row, Column::BirthDate);
        p.idNumber = m_layout.cell(row, Column::IdNumber);
        p.phone = m_layout.cell(row, Column::Phone);
        const QString village = m_layout.cell(row, Column::Village);
        const QString registered = m_layout.cell(row, Column::Registered);
        auto area = m_areas.resolve(village.isEmpty() ? registered : village);
        if (!area)
            return area.error();
        p.areaCode = *area;
        p.relation = m_layout.cell(row, Column::Relation);
        auto status = statusFromCell(m_layout.cell(row, Column::Status));
        if (!status)
            return FieldProblem{u"status"_qs, Problem::BadChoice}.toError();
        p.status = *status;
        p.workProvince = m_layout.cell(row, Column::WorkProvince);
        p.workCity = m_layout.cell(row, Column::WorkCity);
        p.employer = m_layout.cell(row, Column::Employer);
        p.occupation = m_layout.cell(row, Column::Occupation);
        auto party = yesNoFromCell(m_layout.cell(row, Column::PartyMember));
        if (!party)
            return FieldProblem{u"party_member"_qs, Problem::BadChoice}.toError();
        p.partyMember = *party;
        p.tags = tagsFromCell(m_layout.cell(row, Column::Tags));
        if (auto problem = m_people.validate(p))
            return problem->toError();
        if (!p.idNumber.isEmpty()) {
            auto dup = m_people.idNumberExists(p.idNumber);
            if (!dup)
                return dup.error();
            if (*dup)
                return FieldProblem{u"id_number"_qs, Problem::DuplicateIdNumber}.toError();
        }
        // Every person belongs to a household: the one 户主 names in the village, or, with no
        // 户主, their own (they are its head).
        QString head = m_layout.cell(row, Column::Head);
        if (head.isEmpty())
            head = p.name;
        if (p.relation.isEmpty() && head == p.name)
            p.relation = u"户主"_qs;
        auto household = householdFor(p.areaCode, head, registered, m_layout.cell(row, Column::Address), now);
        if (!household)
            return household.error();
        p.householdId = *household;
        return m_people.insertValidated(p, now, &m_terms);
    }

    // Writes the batch's search terms, sorted; call before the batch commits.
    Result<void> flushTerms() { return m_terms.flush(m_db); }

private:
    Result<QString> householdFor(const QString &areaCode, const QString &head, const QString &registered,
                                 const QString &address, qint64 now)
    {
        const QString key = areaCode + QChar(0x1f) + head;
        if (auto it = m_householdIds.constFind(key); it != m_householdIds.cend())
            return *it;
        auto existing = m_households.findByHead(areaCode, head);
        if (!existing)
            return existing.error();
        QString id;
        if (*existing) {
            id = **existing;
        } else {
            domain::Household h;
            h.areaCode = areaCode;
            h.headName = head;
            h.address = address;
            h.registeredArea = registered;
            HEARTH_TRY(m_households.insertValidated(h, now));
            id = h.id;
        }
        m_householdIds.insert(key, id);
        return id;
    }

    storage::Database &m_db;
    const Layout &m_layout;
    search::TermBatch m_terms;
    domain::AreaRepository m_areas;
    domain::PersonRepository m_people;
    domain::HouseholdRepository m_households;
    QHash<QString, QString> m_householdIds;
};

struct Journal
{
    int rowsDone = 0;
    int imported = 0;
    int rejected = 0;
    bool finished = false;
    bool exists = false;
};

Result<Journal> readJournal(storage::Database &db, const QByteArray &sha)
{
    auto stmt = db.prepare("SELECT rows_done, imported, rejected, finished_at IS NOT NULL FROM import_runs"
                           " WHERE file_sha256 = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, QString::fromLatin1(sha));
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Journal{};
    return Journal{int(stmt->columnInt(0)), int(stmt->columnInt(1)), int(stmt->columnInt(2)), stmt->columnInt(3) != 0,
                   true};
}

Result<void> saveJournal(storage::Database &db, const QByteArray &sha, const FileFacts &facts, const Journal &j,
                         qint64 now)
{
    auto stmt = db.cached("INSERT INTO import_runs(file_sha256, encoding, rows_done, imported, rejected, started_at,"
                          " finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(file_sha256) DO UPDATE SET"
                          " rows_done = ?3, imported = ?4, rejected = ?5, finished_at = ?7");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QString::fromLatin1(sha)).bind(2, encodingName(facts.encoding)).bind(3, j.rowsDone);
    (*stmt)->bind(4, j.imported).bind(5, j.rejected).bind(6, now);
    if (j.finished)
        (*stmt)->bind(7, now);
    else
        (*stmt)->bindNull(7);
    return (*stmt)->run();
}

Result<void> saveReject(storage::Database &db, const QByteArray &sha, const ImportReject &r)
{
    auto stmt = db.cached("INSERT OR REPLACE INTO import_rejects(file_sha256, row, field, reason_zh, reason_en)"
                          " VALUES (?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QString::fromLatin1(sha)).bind(2, r.row).bind(3, r.field).bind(4, r.chinese).bind(5, r.english);
    return (*stmt)->run();
}

Result<QList<ImportReject>> loadRejects(storage::Database &db, const QByteArray &sha)
{
    auto stmt = db.prepare("SELECT row, field, reason_zh, reason_en FROM import_rejects WHERE file_sha256 = ?"
                           " ORDER BY row");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, QString::fromLatin1(sha));
    QList<ImportReject> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.append({int(stmt->columnInt(0)), stmt->columnText(1), stmt->columnText(2), stmt->columnText(3)});
    }
}

} // namespace

Result<ImportReport> importLedger(storage::Database &db, const QString &path, const ImportOptions &options)
{
    const domain::Clock clock = domain::orSystemClock(options.clock);
    auto facts = inspectTextFile(path);
    if (!facts)
        return facts.error();
    auto reader = CsvReader::open(path, facts->encoding);
    if (!reader)
        return reader.error();
    QStringList row;
    if (!(*reader)->next(row))
        return (*reader)->error() ? *(*reader)->error()
                                  : Error::withReason(ErrorCode::BadFile, u"文件是空的"_qs, u"the file is empty"_qs);
    auto layout = layoutFrom(row);
    if (!layout)
        return layout.error();

    ImportReport report;
    report.sha256 = QString::fromLatin1(facts->sha256);
    report.encoding = facts->encoding;
    report.ignoredColumns = layout->ignored;
    auto journal = readJournal(db, facts->sha256);
    if (!journal)
        return journal.error();
    report.resumedAfterRow = journal->exists ? journal->rowsDone : 0;
    report.alreadyComplete = journal->finished;

    // Indexes are touched all over while a ledger streams in; a large page cache keeps SQLCipher
    // from decrypting the same pages again and again. Put back afterwards.
    const qint64 cacheBefore = db.queryInt("PRAGMA cache_size").value_or(-2000);
    HEARTH_TRY(db.exec("PRAGMA cache_size = -131072")); // 128 MiB: a county's indexes stay cached
    struct RestoreCache
    {
        storage::Database &db;
        qint64 size;
        ~RestoreCache() { (void)db.exec("PRAGMA cache_size = " + std::to_string(size)); }
    } restore{db, cacheBefore};

    RowMapper mapper(db, *layout);
    Journal j = *journal;
    const int batchSize = std::max(1, options.batchSize);
    bool more = !j.finished;
    while (more) {
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return tx.error();
        const qint64 now = clock();
        int inBatch = 0;
        while (inBatch < batchSize) {
            if (!(*reader)->next(row)) {
                if ((*reader)->error())
                    return *(*reader)->error();
                more = false;
                break;
            }
            const int line = (*reader)->line();
            if (line <= j.rowsDone)
                continue; // committed by an earlier, interrupted run
            ++inBatch;
            j.rowsDone = line;
            if (auto saved = mapper.importRow(row, now); saved) {
                ++j.imported;
            } else {
                const ErrorCode code = saved.error().code();
                if (code != ErrorCode::InvalidRecord && code != ErrorCode::Duplicate)
                    return saved.error(); // the store failed, not the row: stop, the batch rolls back
                ++j.rejected;
                HEARTH_TRY(saveReject(db, facts->sha256, rejectFrom(line, saved.error())));
            }
        }
        HEARTH_TRY(mapper.flushTerms());
        j.finished = !more;
        HEARTH_TRY(saveJournal(db, facts->sha256, *facts, j, now));
        HEARTH_TRY(tx->commit());
        if (options.progress)
            options.progress({j.rowsDone, j.imported, j.rejected, (*reader)->bytesRead(), facts->size});
    }
    auto rejects = loadRejects(db, facts->sha256);
    if (!rejects)
        return rejects.error();
    report.rejects = *rejects;
    report.imported = j.imported;
    report.rejected = j.rejected;
    report.rows = j.imported + j.rejected;
    return report;
}

} // namespace hearth::ledger
