// SPDX-License-Identifier: GPL-3.0-or-later
#include "ledgerimport.h"

#include "ledgersource.h"

#include "core/domain/area.h"
#include "core/domain/household.h"
#include "core/domain/outbox.h"
#include "core/domain/personrepository.h"
#include "core/search/searchindex.h"
#include "core/storage/database.h"
#include "core/storage/store.h"
#include "rowpreparer.h"

#include <QElapsedTimer>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace hearth::ledger {
namespace {

// Rows travel between the threads in small chunks, so little is held in memory; the writer
// commits every ImportOptions::batchSize rows.
constexpr int kChunkRows = 500;

// The device's lookups (rowpreparer.h), through a read-only connection to its store.
class StoreLookup : public LedgerLookup
{
public:
    explicit StoreLookup(storage::Database &reader) : m_reader(reader), m_areas(reader), m_households(reader) {}
    Result<QString> area(const QString &text) override { return m_areas.resolve(text); }
    Result<std::optional<QString>> household(const QString &areaCode, const QString &head) override
    {
        return m_households.findByHead(areaCode, head);
    }
    Result<bool> idNumberTaken(const QString &idNumber) override
    {
        auto stmt = m_reader.cached("SELECT 1 FROM people WHERE id_number = ?");
        if (!stmt)
            return stmt.error();
        (*stmt)->bind(1, idNumber);
        return (*stmt)->step();
    }

private:
    storage::Database &m_reader;
    domain::AreaRepository m_areas;
    domain::HouseholdRepository m_households;
};

// A prepared row and its search terms, both worked out on the reading thread.
struct DeviceRow
{
    PreparedRow row;
    search::Terms personTerms, addressTerms;
};

// What the reading thread hands over: a chunk of prepared rows, or the end, or a failure.
struct Batch
{
    std::vector<DeviceRow> rows;
    int lastLine = 0;
    qint64 bytesRead = 0;
    bool end = false;
    std::optional<Error> error;
};

// A small bounded queue: the reader stays at most four chunks ahead of the writer.
class BatchQueue
{
public:
    void push(Batch b)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [this] { return m_items.size() < 4 || m_cancelled; });
        if (m_cancelled)
            return;
        m_items.push_back(std::move(b));
        m_notEmpty.notify_one();
    }
    Batch pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [this] { return !m_items.empty(); });
        Batch b = std::move(m_items.front());
        m_items.pop_front();
        m_notFull.notify_one();
        return b;
    }
    void cancel()
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_notFull.notify_all();
    }
    bool cancelled()
    {
        std::lock_guard lock(m_mutex);
        return m_cancelled;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notEmpty, m_notFull;
    std::deque<Batch> m_items;
    bool m_cancelled = false;
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

// The reading thread: parses, maps and validates, batch by batch, skipping rows an earlier run
// committed. Every exit pushes a final batch (end or error).
void readRows(RowSource &reader, storage::Database &readerDb, const Layout &layout, int skipThrough, int chunkRows,
              const domain::Clock &clock, BatchQueue &queue)
{
    StoreLookup lookup(readerDb);
    RowPreparer preparer(lookup, layout);
    QStringList row;
    for (;;) {
        Batch batch;
        const qint64 now = clock();
        while (int(batch.rows.size()) < chunkRows) {
            if (!reader.next(row)) {
                if (reader.error())
                    batch.error = *reader.error();
                batch.end = true;
                break;
            }
            if (reader.line() <= skipThrough)
                continue;
            auto prepared = preparer.prepare(reader.line(), row, now);
            if (!prepared) {
                batch.error = prepared.error();
                break;
            }
            batch.lastLine = reader.line();
            DeviceRow r{std::move(*prepared), {}, {}};
            if (!r.row.reject) {
                const domain::Person &p = r.row.person;
                r.personTerms = search::termsForPerson({p.name, p.phone, p.idNumber});
                if (r.row.newHousehold)
                    r.addressTerms = search::termsForAddress(r.row.newHousehold->address);
            }
            batch.rows.push_back(std::move(r));
        }
        batch.bytesRead = reader.bytesRead();
        const bool stop = batch.end || batch.error;
        queue.push(std::move(batch));
        if (stop || queue.cancelled())
            return;
    }
}

// The writing side of one prepared row, inside the batch's transaction.
Result<void> writeRow(storage::Database &db, const DeviceRow &d, search::TermBatch &terms, qint64 now)
{
    const PreparedRow &r = d.row;
    using domain::Outbox;
    if (r.newHousehold) {
        auto rowid = domain::HouseholdRepository(db).insertRow(*r.newHousehold, now);
        if (!rowid)
            return rowid.error();
        terms.add(*rowid, d.addressTerms);
        auto appended = Outbox::append(db, u"household"_qs, r.newHousehold->id, Outbox::Op::Create,
                                       r.householdPayload, now);
        if (!appended)
            return appended.error();
    }
    auto rowid = domain::PersonRepository(db).insertRow(r.person, now);
    if (!rowid)
        return rowid.error();
    terms.add(*rowid, d.personTerms);
    auto appended = Outbox::append(db, u"person"_qs, r.person.id, Outbox::Op::Create, r.personPayload, now);
    if (!appended)
        return appended.error();
    return {};
}

} // namespace

Result<ImportReport> importLedger(storage::Store &store, const QString &path, const ImportOptions &options)
{
    storage::Database &db = store.database();
    const domain::Clock clock = domain::orSystemClock(options.clock);
    QElapsedTimer elapsed;
    elapsed.start();
    auto opened = openLedger(path);
    if (!opened)
        return opened.error();
    const FileFacts *facts = &opened->facts;
    RowSource *reader = opened->rows.get();
    const Layout *layout = &opened->layout;

    ImportReport report;
    report.sha256 = QString::fromLatin1(facts->sha256);
    report.encoding = facts->encoding;
    report.ignoredColumns = layout->ignored;
    auto journal = readJournal(db, facts->sha256);
    if (!journal)
        return journal.error();
    Journal j = *journal;
    report.resumedAfterRow = j.exists ? j.rowsDone : 0;
    report.alreadyComplete = j.finished;

    if (!j.finished) {
        auto readerDb = store.openReader();
        if (!readerDb)
            return readerDb.error();
        (void)readerDb->exec("PRAGMA cache_size = -8192");
        // Indexes are touched all over while a ledger streams in; a large page cache keeps
        // SQLCipher from decrypting the same pages again and again. Put back afterwards.
        const qint64 cacheBefore = db.queryInt("PRAGMA cache_size").value_or(-2000);
        HEARTH_TRY(db.exec("PRAGMA cache_size = -98304")); // 96 MiB: the hot pages of a county's indexes stay cached
        struct RestoreCache
        {
            storage::Database &db;
            qint64 size;
            ~RestoreCache() { (void)db.exec("PRAGMA cache_size = " + std::to_string(size)); }
        } restore{db, cacheBefore};

        BatchQueue queue;
        const int batchSize = std::max(1, options.batchSize);
        std::thread readingThread(readRows, std::ref(*reader), std::ref(*readerDb), std::cref(*layout), j.rowsDone,
                                  std::min(kChunkRows, batchSize), std::cref(clock), std::ref(queue));
        struct Join
        {
            BatchQueue &queue;
            std::thread &thread;
            ~Join()
            {
                queue.cancel(); // a reader waiting to push gives up; one still reading stops after its batch
                thread.join();
            }
        } join{queue, readingThread};

        // One transaction per batchSize rows, written chunk by chunk as they arrive; the journal
        // row goes into the same transaction, so what is committed and what is recorded agree.
        search::TermBatch terms;
        std::optional<storage::Transaction> tx;
        int rowsInTx = 0;
        for (;;) {
            Batch chunk = queue.pop();
            if (chunk.error)
                return *chunk.error;
            if (!tx) {
                auto begun = storage::Transaction::begin(db);
                if (!begun)
                    return begun.error();
                tx.emplace(std::move(*begun));
            }
            const qint64 now = clock();
            for (const DeviceRow &r : chunk.rows) {
                if (r.row.reject) {
                    ++j.rejected;
                    HEARTH_TRY(saveReject(db, facts->sha256, *r.row.reject));
                } else {
                    HEARTH_TRY(writeRow(db, r, terms, now));
                    ++j.imported;
                }
            }
            rowsInTx += int(chunk.rows.size());
            j.rowsDone = std::max(j.rowsDone, chunk.lastLine);
            if (rowsInTx < batchSize && !chunk.end)
                continue;
            HEARTH_TRY(terms.flush(db));
            j.finished = chunk.end;
            HEARTH_TRY(saveJournal(db, facts->sha256, *facts, j, now));
            HEARTH_TRY(tx->commit());
            tx.reset();
            rowsInTx = 0;
            if (options.progress)
                options.progress({j.rowsDone, j.imported, j.rejected, chunk.bytesRead, facts->size});
            if (chunk.end)
                break;
        }
    }
    auto rejects = loadRejects(db, facts->sha256);
    if (!rejects)
        return rejects.error();
    report.rejects = *rejects;
    report.imported = j.imported;
    report.rejected = j.rejected;
    report.rows = j.imported + j.rejected;
    report.elapsedMs = elapsed.elapsed();
    return report;
}

} // namespace hearth::ledger
