// SPDX-License-Identifier: GPL-3.0-or-later
#include "ledgerupload.h"

#include "core/domain/areapath.h"
#include "core/ledger/ledgersource.h"
#include "core/model/rights.h"
#include "core/protocol/entry.h"
#include "core/sync/scope.h"
#include "server/audit.h"
#include "server/httpapi.h"
#include "server/syncservice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

#include <sodium.h>

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

Q_LOGGING_CATEGORY(lcImport, "hearth.server.console.import")

namespace hearth::server::console {
namespace {

constexpr int kRowsPerPush = 400;     // two entries a row at most: within kMaxPushEntries
constexpr int kMaxKeptRejects = 1000; // the report lists this many refused rows; it counts them all
constexpr int kMaxRunning = 2;        // imports at once, server-wide (each keeps a core busy)

QString importDeviceId(qint64 userId) { return u"console-import-%1"_qs.arg(userId); }

// The server's answers to what a ledger row asks (rowpreparer.h): areas inside the import's
// area (a village's name may repeat elsewhere in the province), households by village and
// head, and ID numbers among the people of the user's scope. Only the area's own names are
// matched, so a row naming a village outside it is refused with its row number, never pushed.
class PgLookup : public ledger::LedgerLookup
{
public:
    PgLookup(Pg &pg, QString area, QStringList scopes) : m_pg(pg), m_area(std::move(area)), m_scopes(std::move(scopes)) {}

    Result<QString> area(const QString &text) override
    {
        if (auto hit = m_areas.constFind(text); hit != m_areas.cend())
            return *hit;
        const domain::AreaLookups lookups{
            [this](const QString &code) -> Result<bool> {
                auto r = m_pg.exec("SELECT 1 FROM areas WHERE code = $1", {code});
                return r ? Result<bool>(r->rows() > 0) : Result<bool>(r.error());
            },
            [this](const QString &name, const QString &parent) -> Result<QStringList> {
                auto r = m_pg.exec("SELECT code FROM areas WHERE name = $1 AND ($2 = '' OR parent_code = $2)"
                                   " AND (code LIKE $3 || '%' OR $3 LIKE code || '%')",
                                   {name, parent, m_area});
                return r ? Result<QStringList>(r->texts(0)) : Result<QStringList>(r.error());
            }};
        auto code = domain::resolveAreaText(text, lookups);
        if (code && !code->startsWith(m_area))
            return Error::withReason(ErrorCode::InvalidRecord, u"所在村不在这次导入所选的区划内"_qs,
                                     u"the village is outside the area chosen for this import"_qs, u"area_code"_qs);
        if (code)
            m_areas.insert(text, *code); // a refusal is worked out again: its reason, each time
        return code;
    }

    Result<std::optional<QString>> household(const QString &areaCode, const QString &head) override
    {
        auto r = m_pg.exec("SELECT id FROM records WHERE lookup = 'household ' || $1::text || ' ' || $2::text AND entity = 'household'"
                           " AND NOT deleted ORDER BY id LIMIT 1",
                           {areaCode, head.simplified()});
        if (!r)
            return r.error();
        return r->rows() ? std::optional(r->text(0, 0)) : std::nullopt;
    }

    Result<bool> idNumberTaken(const QString &idNumber) override
    {
        auto r = m_pg.exec("SELECT 1 FROM records r WHERE entity = 'person' AND body->>'id_number' = $1 AND NOT deleted"
                           " AND EXISTS (SELECT 1 FROM unnest($2::text[]) s WHERE r.scope LIKE s || '%') LIMIT 1",
                           {idNumber, m_scopes});
        if (!r)
            return r.error();
        return r->rows() > 0;
    }

private:
    Pg &m_pg;
    QString m_area;
    QStringList m_scopes;
    QHash<QString, QString> m_areas; // cell text → code
};

// The device the import writes as: one per user, never enrolled (its token hash is no hash), with
// the ledger import's rights and the import's area as its whole scope.
Result<Device> importDevice(Pg &pg, const ConsoleUser &user, const QString &area)
{
    const QString id = importDeviceId(user.id);
    auto made = pg.exec("INSERT INTO devices (id, user_id, name, token_hash) VALUES ($1, $2, '控制台导入 console import',"
                        " '!' || $1) ON CONFLICT (id) DO NOTHING",
                        {id, user.id});
    if (!made)
        return made.error();
    auto seq = pg.exec("SELECT last_seq FROM devices WHERE id = $1", {id});
    if (!seq)
        return seq.error();
    Device d;
    d.id = id;
    d.name = u"console import"_qs;
    d.userId = user.id;
    d.userName = user.name;
    d.role = QLatin1String(model::kLedgerImportRole);
    d.scopes = {area};
    d.lastSeq = seq->integer(0, 0);
    return d;
}

struct Job
{
    qint64 id = 0;
    QString runner; // this run's token: a run that finds another's in the row stops
    ConsoleUser user;
    QString area;
    int rowsDone = 0;
    int keptRejects = 0;
};

Error takenOver()
{
    return Error::withReason(ErrorCode::Conflict, u"这次导入已由另一次运行接手"_qs, u"another run took this import over"_qs);
}

QJsonObject rejectJson(int row, const QString &field, const QString &zh, const QString &en)
{
    return {{u"row"_qs, row}, {u"field"_qs, field}, {u"reason_zh"_qs, zh}, {u"reason_en"_qs, en}};
}

// One batch of prepared rows: pushed, and the import's progress row written in the push's own
// transaction (syncservice.h, AlsoInTransaction). A row is imported when its person was applied.
Result<void> commitRows(Pg &pg, Job &job, Device &device, const std::vector<ledger::PreparedRow> &rows, int lastLine,
                        bool end)
{
    QJsonArray entries;
    QHash<qint64, size_t> rowOfSeq;
    qint64 seq = device.lastSeq;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto add = [&](const char *entity, const QString &id, const QByteArray &payload, size_t row) {
        entries.append(QJsonObject{{u"seq"_qs, ++seq},
                                   {u"entity"_qs, QLatin1String(entity)},
                                   {u"entity_id"_qs, id},
                                   {u"op"_qs, u"create"_qs},
                                   {u"payload"_qs, QJsonDocument::fromJson(payload).object()},
                                   {u"created_at"_qs, now}});
        rowOfSeq.insert(seq, row);
    };
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].reject)
            continue;
        if (rows[i].newHousehold)
            add("household", rows[i].newHousehold->id, rows[i].householdPayload, i);
        add("person", rows[i].person.id, rows[i].personPayload, i);
    }
    int kept = 0;
    const auto record = [&](const QJsonObject &answer) -> Result<void> {
        QHash<size_t, QJsonObject> refused; // by the push: the first reason of the row
        for (const QJsonValue &v : answer.value(u"results").toArray()) {
            const QJsonObject r = v.toObject();
            const size_t row = rowOfSeq.value(r.value(u"seq").toInteger());
            if (r.value(u"status").toString() == QLatin1String(protocol::kRejected) && !refused.contains(row))
                refused.insert(row, rejectJson(rows[row].line, {}, r.value(u"reason_zh").toString(),
                                               r.value(u"reason_en").toString()));
        }
        int imported = 0, rejected = 0;
        QJsonArray rejects;
        kept = 0;
        for (size_t i = 0; i < rows.size(); ++i) {
            std::optional<QJsonObject> reject;
            if (rows[i].reject)
                reject = rejectJson(rows[i].line, rows[i].reject->field, rows[i].reject->chinese, rows[i].reject->english);
            else if (refused.contains(i))
                reject = refused.value(i);
            if (!reject) {
                ++imported;
                continue;
            }
            ++rejected;
            if (job.keptRejects + kept < kMaxKeptRejects) {
                rejects.append(*reject);
                ++kept;
            }
        }
        // Only this run, from where it started the batch: a run that lost the import to another
        // (after two silent minutes) undoes its push instead of writing the same rows again.
        auto r = pg.exec("UPDATE console_imports SET rows_done = $2, imported = imported + $3, rejected = rejected + $4,"
                         " rejects = rejects || $5::jsonb, updated_at = now(),"
                         " state = CASE WHEN $6 THEN 'done' ELSE state END,"
                         " finished_at = CASE WHEN $6 THEN now() END"
                         " WHERE id = $1 AND runner = $7 AND rows_done = $8 AND state = 'running'",
                         {job.id, lastLine, imported, rejected,
                          QString::fromUtf8(QJsonDocument(rejects).toJson(QJsonDocument::Compact)), end, job.runner,
                          job.rowsDone});
        if (!r)
            return r.error();
        if (r->affected() != 1)
            return takenOver();
        return {};
    };
    if (entries.isEmpty()) {
        HEARTH_TRY(record({}));
    } else {
        auto pushed = push(pg, device, {{u"entries"_qs, entries}}, record);
        if (!pushed)
            return pushed.error();
        device.lastSeq = seq;
    }
    job.rowsDone = lastLine;
    job.keptRejects += kept;
    return {};
}

// The whole import, after any rows an earlier run committed.
Result<void> runImport(Pg &pg, Job job, const QByteArray &contents, const std::atomic_bool &stopping)
{
    auto opened = ledger::openLedger(contents);
    if (!opened)
        return opened.error();
    PgLookup lookup(pg, job.area, job.user.scopes);
    ledger::RowPreparer preparer(lookup, opened->layout);
    auto device = importDevice(pg, job.user, job.area);
    if (!device)
        return device.error();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<ledger::PreparedRow> rows;
    QStringList row;
    for (bool more = true; more;) {
        rows.clear();
        int lastLine = job.rowsDone;
        while (int(rows.size()) < kRowsPerPush) {
            if (!opened->rows->next(row)) {
                if (opened->rows->error())
                    return *opened->rows->error();
                more = false;
                break;
            }
            const int line = opened->rows->line();
            if (line <= job.rowsDone)
                continue;
            auto prepared = preparer.prepare(line, row, now);
            if (!prepared)
                return prepared.error();
            rows.push_back(std::move(*prepared));
            lastLine = line;
        }
        if (stopping) // the server is stopping: the next start resumes after the last batch
            return Error::withReason(ErrorCode::Busy, u"服务器停止，导入中断"_qs, u"the server stopped: import interrupted"_qs);
        // Still alive (a batch waiting long on a county's lock must not look cut short).
        auto alive = pg.exec("UPDATE console_imports SET updated_at = now() WHERE id = $1 AND runner = $2", {job.id, job.runner});
        if (!alive)
            return alive.error();
        if (alive->affected() != 1)
            return takenOver();
        HEARTH_TRY(commitRows(pg, job, *device, rows, lastLine, !more));
    }
    auto counts = pg.exec("SELECT imported, rejected FROM console_imports WHERE id = $1", {job.id});
    if (!counts)
        return counts.error();
    return appendAudit(pg, {job.user.name, u"console.import"_qs, job.area,
                            u"import %1: %2 imported, %3 refused"_qs.arg(job.id).arg(counts->integer(0, 0)).arg(counts->integer(0, 1)),
                            {}});
}

// An import's row as the page reads it (reasons only: no value of any row is kept).
const char *kImportColumns = "id, area, file_name, encoding, state, rows_done, imported, rejected, rejects::text, ignored::text,"
                             " coalesce(error_zh, ''), coalesce(error_en, ''),"
                             " (extract(epoch FROM started_at) * 1000)::bigint, (extract(epoch FROM finished_at) * 1000)::bigint,"
                             " state = 'running' AND updated_at < now() - make_interval(secs => $2),"
                             " coalesce((SELECT a.name FROM areas a WHERE a.code = console_imports.area), area)";

QJsonObject importJson(const PgResult &r, int i, bool withRejects)
{
    const bool cutShort = r.text(i, 14) == u"t";
    QJsonObject o{{u"id"_qs, r.integer(i, 0)},
                  {u"area"_qs, r.text(i, 1)},
                  {u"area_name"_qs, r.text(i, 15)},
                  {u"file_name"_qs, r.text(i, 2)},
                  {u"encoding"_qs, r.text(i, 3)},
                  {u"state"_qs, cutShort ? u"interrupted"_qs : r.text(i, 4)},
                  {u"rows_done"_qs, r.integer(i, 5)},
                  {u"imported"_qs, r.integer(i, 6)},
                  {u"rejected"_qs, r.integer(i, 7)},
                  {u"ignored"_qs, QJsonDocument::fromJson(r.bytes(i, 9)).array()},
                  {u"started_at"_qs, r.integer(i, 12)}};
    if (!r.isNull(i, 13))
        o[u"finished_at"_qs] = r.integer(i, 13);
    if (!r.text(i, 10).isEmpty()) {
        o[u"error_zh"_qs] = r.text(i, 10);
        o[u"error_en"_qs] = r.text(i, 11);
    }
    if (withRejects)
        o[u"rejects"_qs] = QJsonDocument::fromJson(r.bytes(i, 8)).array();
    return o;
}

Result<QJsonObject> loadImport(Pg &pg, qint64 userId, qint64 id)
{
    auto r = pg.exec((std::string("SELECT ") + kImportColumns + " FROM console_imports WHERE id = $1 AND user_id = $3").c_str(),
                     {id, kImportStaleSeconds, userId});
    if (!r)
        return r.error();
    if (!r->rows())
        return Error::withReason(ErrorCode::NotFound, u"没有这次导入"_qs, u"no such import"_qs);
    return QJsonObject{{u"import"_qs, importJson(*r, 0, true)}};
}

Error notAllowed()
{
    return Error::withReason(ErrorCode::Forbidden, u"您的角色不能导入台账"_qs, u"your role does not import ledgers"_qs);
}

} // namespace

struct LedgerImports::Running
{
    QString url;
    std::mutex mutex;
    std::list<std::pair<std::thread, std::shared_ptr<std::atomic_bool>>> threads; // and whether it has ended
    QSet<qint64> jobs;  // imports this process is running: never taken over from here
    int running = 0;    // slots held: imports running, and uploads being checked
    std::atomic_bool stopping = false;

    void reapEnded() // under the mutex
    {
        for (auto it = threads.begin(); it != threads.end();)
            if (it->second->load()) {
                it->first.join();
                it = threads.erase(it);
            } else {
                ++it;
            }
    }
};

LedgerImports::LedgerImports(QString databaseUrl) : d(std::make_shared<Running>())
{
    d->url = std::move(databaseUrl);
}

LedgerImports::~LedgerImports()
{
    // Each import stops after its batch in hand; the next start resumes it after that batch.
    d->stopping = true;
    std::list<std::pair<std::thread, std::shared_ptr<std::atomic_bool>>> threads;
    {
        std::lock_guard lock(d->mutex);
        threads.swap(d->threads);
    }
    for (auto &[t, ended] : threads)
        t.join();
}

Result<QJsonObject> LedgerImports::start(Pg &pg, const ConsoleUser &user, const QString &area, const QString &fileName,
                                         const QByteArray &contents)
{
    if (!model::has(user.role, model::Power::ImportLedger))
        return notAllowed();
    const auto chooseCounty = [] {
        return Error::withReason(ErrorCode::InvalidArgument, u"请先选择一个县（区）或以下的区划"_qs,
                                 u"choose a county or an area below it first"_qs);
    };
    if (!sync::isAreaScope(area) || (area.size() != 6 && area.size() != 9 && area.size() != 12))
        return chooseCounty();
    if (!sync::insideScopes(user.scopes, area))
        return outsideScope();
    auto known = pg.exec("SELECT 1 FROM areas WHERE code = $1", {area});
    if (!known)
        return known.error();
    if (!known->rows())
        return chooseCounty();
    // A slot first: reading even the header of a workbook costs memory.
    {
        std::lock_guard lock(d->mutex);
        if (d->running >= kMaxRunning)
            return Error::withReason(ErrorCode::Conflict, u"服务器正在导入其他台账，请稍后再试"_qs,
                                     u"the server is importing other ledgers: try again shortly"_qs);
        ++d->running;
    }
    struct Slot
    {
        std::shared_ptr<Running> d;
        qint64 job = 0; // handed to the import's thread when set
        ~Slot()
        {
            if (!d) // handed over
                return;
            std::lock_guard lock(d->mutex);
            d->jobs.remove(job);
            --d->running;
        }
    } slot{d};
    // The header now, so a wrong file is answered at once; its rows in the background.
    auto opened = ledger::openLedger(contents);
    if (!opened)
        return opened.error();
    const QString sha = QString::fromLatin1(opened->facts.sha256);
    QJsonArray ignored;
    for (QString h : opened->layout.ignored) {
        h.removeIf([](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; }); // jsonb refuses U+0000
        ignored.append(h.left(40));
    }
    // One import of a user at a time (they share the user's import device's sequence).
    auto busy = pg.exec("SELECT id FROM console_imports WHERE user_id = $1 AND state = 'running'"
                        " AND updated_at >= now() - make_interval(secs => $2) AND NOT (area = $3 AND file_sha256 = $4)",
                        {user.id, kImportStaleSeconds, area, sha});
    if (!busy)
        return busy.error();
    if (busy->rows())
        return Error::withReason(ErrorCode::Conflict, u"您的另一份台账正在导入，请等它完成"_qs,
                                 u"another ledger of yours is being imported: wait until it is done"_qs);
    // The same file into an overlapping area before (by someone else, or into another area),
    // stopped or not: its people are there already, and those without an ID number would be made
    // twice. Only an import that failed before saving anything does not count.
    auto other = pg.exec("SELECT u.name, to_char(i.started_at, 'YYYY-MM-DD HH24:MI') FROM console_imports i"
                         " JOIN users u ON u.id = i.user_id WHERE i.file_sha256 = $1 AND NOT (i.user_id = $2 AND i.area = $3)"
                         " AND (i.state <> 'failed' OR i.imported > 0) AND (i.area LIKE $3 || '%' OR $3 LIKE i.area || '%') LIMIT 1",
                         {sha, user.id, area});
    if (!other)
        return other.error();
    if (other->rows())
        return Error::withReason(ErrorCode::Conflict,
                                 u"这份文件已由 %1 于 %2 导入这一区划"_qs.arg(other->text(0, 0), other->text(0, 1)),
                                 u"%1 imported this file into this area on %2"_qs.arg(other->text(0, 0), other->text(0, 1)));
    // Claimed by this run: new, or one that failed, or one cut short (silent for two minutes
    // and not running in this process). A finished or running one is answered as it stands.
    QByteArray token(16, '\0');
    randombytes_buf(token.data(), size_t(token.size()));
    const QString runner = QString::fromLatin1(token.toHex());
    QStringList running;
    {
        std::lock_guard lock(d->mutex);
        for (qint64 id : std::as_const(d->jobs))
            running << QString::number(id);
    }
    auto row = pg.exec("INSERT INTO console_imports (user_id, area, file_sha256, file_name, encoding, state, ignored, runner)"
                       " VALUES ($1, $2, $3, $4, $5, 'running', $6::jsonb, $8)"
                       " ON CONFLICT (user_id, area, file_sha256) DO UPDATE SET"
                       "  state = 'running', updated_at = now(), error_zh = NULL, error_en = NULL, runner = $8"
                       "  WHERE (console_imports.state = 'failed' OR (console_imports.state = 'running'"
                       "   AND console_imports.updated_at < now() - make_interval(secs => $7)))"
                       "   AND NOT console_imports.id = ANY($9::bigint[])"
                       " RETURNING id, rows_done, jsonb_array_length(rejects)",
                       {user.id, area, sha, fileName.left(120), ledger::encodingName(opened->facts.encoding),
                        QString::fromUtf8(QJsonDocument(ignored).toJson(QJsonDocument::Compact)), kImportStaleSeconds, runner,
                        running});
    if (!row)
        return row.error();
    if (!row->rows()) {
        auto existing = pg.exec("SELECT id FROM console_imports WHERE user_id = $1 AND area = $2 AND file_sha256 = $3",
                                {user.id, area, sha});
        if (!existing)
            return existing.error();
        auto answer = loadImport(pg, user.id, existing->integer(0, 0));
        if (answer)
            (*answer)[u"again"_qs] = true;
        return answer;
    }
    Job job{row->integer(0, 0), runner, user, area, int(row->integer(0, 1)), int(row->integer(0, 2))};
    {
        std::lock_guard lock(d->mutex);
        d->jobs.insert(job.id);
    }
    slot.job = job.id;
    const auto failed = [&](const Error &e) {
        (void)pg.exec("UPDATE console_imports SET state = 'failed', error_zh = $2, error_en = $3, updated_at = now()"
                      " WHERE id = $1 AND runner = $4 AND state = 'running'",
                      {job.id, e.chinese(), e.english(), job.runner});
        return e;
    };
    if (auto a = appendAudit(pg, {user.name, u"console.import_start"_qs, area,
                                  u"import %1, file %2, from row %3"_qs.arg(job.id).arg(sha.left(16)).arg(job.rowsDone), {}});
        !a)
        return failed(a.error());
    auto ended = std::make_shared<std::atomic_bool>(false);
    // A request's body may be raw data in the connection's buffer: the import keeps its own copy.
    std::thread thread([state = d, job, contents = QByteArray(contents.constData(), contents.size()), ended]() {
        auto db = workerDatabase(state->url);
        auto done = db ? runImport(**db, job, contents, state->stopping) : Result<void>(db.error());
        if (!done) {
            // The reason in both languages, never a value of a row. Stopped with the server, or
            // taken over: left as it is (resumed later, or by the other run).
            qCWarning(lcImport) << "import" << job.id << "stopped:" << done.error().englishReason();
            const bool resumable = done.error().code() == ErrorCode::Busy || done.error().code() == ErrorCode::Conflict;
            if (!resumable && db && (*db)->ok() && !(*db)->inTransaction())
                (void)(*db)->exec("UPDATE console_imports SET state = 'failed', error_zh = $2, error_en = $3,"
                                  " updated_at = now() WHERE id = $1 AND runner = $4 AND state = 'running'",
                                  {job.id, done.error().chinese(), done.error().english(), job.runner});
        }
        std::lock_guard lock(state->mutex);
        state->jobs.remove(job.id);
        --state->running;
        ended->store(true);
    });
    {
        std::lock_guard lock(d->mutex);
        d->reapEnded();
        d->threads.emplace_back(std::move(thread), std::move(ended));
    }
    slot.d.reset(); // the slot is the thread's now
    return loadImport(pg, user.id, job.id);
}

Result<QJsonObject> importStatus(Pg &pg, const ConsoleUser &user, qint64 id)
{
    if (!model::has(user.role, model::Power::ImportLedger))
        return notAllowed();
    return loadImport(pg, user.id, id);
}

Result<QJsonObject> importList(Pg &pg, const ConsoleUser &user)
{
    if (!model::has(user.role, model::Power::ImportLedger))
        return notAllowed();
    auto r = pg.exec((std::string("SELECT ") + kImportColumns
                      + " FROM console_imports WHERE user_id = $1 ORDER BY id DESC LIMIT 20")
                         .c_str(),
                     {user.id, kImportStaleSeconds});
    if (!r)
        return r.error();
    QJsonArray list;
    for (int i = 0; i < r->rows(); ++i)
        list.append(importJson(*r, i, false));
    return QJsonObject{{u"imports"_qs, list}};
}

} // namespace hearth::server::console
