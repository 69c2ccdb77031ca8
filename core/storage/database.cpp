// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"
#include "sortkey.h"

#include "atomicfile.h"
#include "core/crypto/sodiuminit.h"

#include <sqlite3.h>

#include <QLoggingCategory>

#include <utility>

Q_LOGGING_CATEGORY(lcStorage, "hearth.storage")

namespace hearth::storage {
namespace {

// Raw-key form SQLCipher understands: x'<64 hex digits>'. Built in locked memory.
SecretBytes rawKeyLiteral(const SecretBytes &key)
{
    SecretBytes literal(key.size() * 2 + 3);
    auto *out = reinterpret_cast<char *>(literal.data());
    out[0] = 'x';
    out[1] = '\'';
    sodium_bin2hex(out + 2, key.size() * 2 + 1, key.data(), key.size());
    out[literal.size() - 1] = '\'';
    return literal;
}

ErrorCode codeFor(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return ErrorCode::StoreDamaged;
    case SQLITE_FULL:
        return ErrorCode::DiskFull;
    case SQLITE_READONLY:
        return ErrorCode::ReadOnly;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
        return ErrorCode::Io;
    default:
        return ErrorCode::Database;
    }
}

} // namespace

Result<Database> Database::open(const QString &path, const SecretBytes *rawKey, Mode mode)
{
    ensureSodium();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::Create)
        flags |= SQLITE_OPEN_CREATE;
    sqlite3 *raw = nullptr;
    const QByteArray file = path.toUtf8();
    int rc = sqlite3_open_v2(file.constData(), &raw, flags, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return db.lastError(rc, "open");
    sqlite3_extended_result_codes(raw, 1);
    if (rc = registerSortKeyFunction(raw); rc != SQLITE_OK)
        return db.lastError(rc, "function");

    if (rawKey) {
        const SecretBytes literal = rawKeyLiteral(*rawKey);
        rc = sqlite3_key(raw, literal.data(), int(literal.size()));
        if (rc != SQLITE_OK)
            return db.lastError(rc, "key");
    }
    // Reading the schema is the first access that decrypts page 1: a wrong key or a damaged
    // header fails here (SQLITE_NOTADB), before anything is written.
    if (auto r = db.queryInt("SELECT count(*) FROM sqlite_schema"); !r)
        return r.error();
    // temp_store=MEMORY: sorts and temp tables never reach the disk in plaintext.
    // synchronous=FULL with WAL: a commit that returned is on stable storage.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                               "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY",
                               "PRAGMA busy_timeout=5000"}) {
        if (auto r = db.exec(pragma); !r)
            return r.error();
    }
    return db;
}

Database::Database(sqlite3 *db) : m_db(db), m_cache(std::make_unique<Cache>()) {}

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_cache(std::move(other.m_cache))
{
    adoptCache();
}

void Database::adoptCache()
{
    if (m_cache)
        for (auto &entry : *m_cache)
            entry.second.m_db = this;
}

StatementLease::~StatementLease()
{
    if (m_s)
        m_s->reset();
}

Result<StatementLease> Database::cached(std::string_view sql)
{
    auto it = m_cache->find(sql);
    if (it == m_cache->end()) {
        auto stmt = prepare(sql);
        if (!stmt)
            return stmt.error();
        it = m_cache->emplace(std::string(sql), std::move(*stmt)).first;
    } else {
        it->second.reset(); // also here: an outer lease of the same SQL may be mid-way (recursion)
    }
    return StatementLease(&it->second);
}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        m_cache.reset();
        if (m_db)
            sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_cache = std::move(other.m_cache);
        adoptCache();
    }
    return *this;
}

Database::~Database()
{
    m_cache.reset(); // finalize cached statements before closing
    if (m_db)
        sqlite3_close_v2(m_db);
}

Result<void> Database::exec(std::string_view sql)
{
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return lastError(rc, "exec");
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), int(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
        return lastError(rc, "prepare");
    return Statement(this, stmt);
}

Result<std::int64_t> Database::queryInt(std::string_view sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->columnInt(0) : std::int64_t(0);
}

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

Error Database::lastError(int rc, const char *context) const
{
    // sqlite3_errmsg names tables and constraints, never bound values, so it is safe to keep.
    const char *msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    QString detail = QStringLiteral("%1: %2 (%3)").arg(QLatin1String(context), QString::fromUtf8(msg)).arg(rc);
    qCWarning(lcStorage) << "sqlite" << detail;
    ErrorCode code = codeFor(rc);
    // SQLite folds EFBIG, EDQUOT and permission failures into I/O errors; the errno tells.
    if (m_db && (code == ErrorCode::Io || code == ErrorCode::Database)) {
        if (const int err = sqlite3_system_errno(m_db))
            code = errorFromErrno(err, detail).code();
    }
    return Error(code, detail);
}

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)), m_bindRc(other.m_bindRc)
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_bindRc = other.m_bindRc;
    }
    return *this;
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement &Statement::bindInt64(int index, long long value)
{
    if (int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK && !m_bindRc)
        m_bindRc = rc;
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    if (int rc = sqlite3_bind_double(m_stmt, index, value); rc != SQLITE_OK && !m_bindRc)
        m_bindRc = rc;
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    if (value.isNull())
        return bindNull(index);
    const QByteArray utf8 = value.toUtf8();
    if (int rc = sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK && !m_bindRc)
        m_bindRc = rc;
    return *this;
}

Statement &Statement::bindUtf8(int index, QByteArrayView utf8)
{
    if (int rc = sqlite3_bind_text(m_stmt, index, utf8.data(), int(utf8.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK && !m_bindRc)
        m_bindRc = rc;
    return *this;
}

Statement &Statement::bind(int index, QByteArrayView blob)
{
    if (int rc = sqlite3_bind_blob(m_stmt, index, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK && !m_bindRc)
        m_bindRc = rc;
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK && !m_bindRc)
        m_bindRc = rc;
    return *this;
}

Result<bool> Statement::step()
{
    if (m_bindRc)
        return m_db->lastError(m_bindRc, "bind");
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return m_db->lastError(rc, "step");
}

Result<void> Statement::run()
{
    auto r = step();
    if (!r)
        return r.error();
    reset();
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindRc = 0;
}

int Statement::columnCount() const { return sqlite3_column_count(m_stmt); }
QString Statement::columnName(int index) const { return QString::fromUtf8(sqlite3_column_name(m_stmt, index)); }
bool Statement::columnIsInteger(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_INTEGER; }
bool Statement::columnIsFloat(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_FLOAT; }

std::int64_t Statement::columnInt(int index) const { return sqlite3_column_int64(m_stmt, index); }

double Statement::columnDouble(int index) const { return sqlite3_column_double(m_stmt, index); }

QString Statement::columnText(int index) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, index));
    if (!text)
        return {};
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, index));
}

QByteArray Statement::columnBlob(int index) const
{
    const void *blob = sqlite3_column_blob(m_stmt, index);
    return QByteArray(static_cast<const char *>(blob), sqlite3_column_bytes(m_stmt, index));
}

bool Statement::columnIsNull(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_NULL; }

Result<Transaction> Transaction::begin(Database &db)
{
    HEARTH_TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::Transaction(Transaction &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction()
{
    if (m_db)
        (void)m_db->exec("ROLLBACK");
}

Result<void> Transaction::commit()
{
    if (!m_db)
        return Error(ErrorCode::Database, QStringLiteral("commit without transaction"));
    if (auto r = m_db->exec("COMMIT"); !r)
        return r; // the destructor rolls back
    m_db = nullptr;
    return {};
}

Result<bool> trueForId(Database &db, const char *sql, const QString &id)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, id);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    const bool yes = *row && (*stmt)->columnInt(0) != 0;
    (*stmt)->reset();
    return yes;
}

Result<void> runForId(Database &db, std::initializer_list<const char *> sqls, const QString &id)
{
    for (const char *sql : sqls) {
        auto stmt = db.cached(sql);
        if (!stmt)
            return stmt.error();
        (*stmt)->bind(1, id);
        HEARTH_TRY((*stmt)->run());
    }
    return {};
}

} // namespace hearth::storage
