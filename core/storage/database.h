// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// RAII over SQLCipher's C API (there is no Qt SQL driver for it). One Database is one
// connection, used from one thread at a time. Every failure comes back as an Error.

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace hearth::storage {

class Statement;

// A cached statement on loan (Database::cached): use it like a pointer; it is reset and its
// bindings cleared when the lease ends.
class StatementLease
{
public:
    explicit StatementLease(Statement *s) : m_s(s) {}
    StatementLease(StatementLease &&o) noexcept : m_s(std::exchange(o.m_s, nullptr)) {}
    StatementLease &operator=(StatementLease &&) = delete;
    ~StatementLease();
    Statement *operator->() const { return m_s; }
    Statement &operator*() const { return *m_s; }

private:
    Statement *m_s;
};

class Database
{
public:
    enum class Mode { OpenExisting, Create };

    // Opens (or creates) an encrypted database with a 32-byte raw key: no PBKDF2 on open.
    // A null key opens a plain SQLite file (benchmarks compare against that).
    static Result<Database> open(const QString &path, const SecretBytes *rawKey, Mode mode);

    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    ~Database();

    Result<void> exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    // A statement prepared once per connection and reused, for hot paths (imports, saves).
    // The lease resets it when it goes out of scope, so a half-read SELECT never keeps a read
    // transaction (and with it the WAL) open.
    Result<StatementLease> cached(std::string_view sql);
    // Runs a query that yields one integer (a count, a pragma).
    Result<std::int64_t> queryInt(std::string_view sql);

    std::int64_t lastInsertRowId() const;
    int changes() const;
    sqlite3 *handle() const { return m_db; }

    // Maps the connection's last failure to an Error; `context` names what was attempted.
    Error lastError(int rc, const char *context) const;

private:
    explicit Database(sqlite3 *db);
    void adoptCache();
    sqlite3 *m_db = nullptr;
    struct KeyHash
    {
        using is_transparent = void; // find() by string_view without building a std::string
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Cache = std::unordered_map<std::string, Statement, KeyHash, std::equal_to<>>;
    std::unique_ptr<Cache> m_cache;
};

class Statement
{
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    ~Statement();

    template <std::integral T>
    Statement &bind(int index, T value) { return bindInt64(index, static_cast<long long>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, QByteArrayView blob);
    // Text already in UTF-8 (saves a conversion on hot paths).
    Statement &bindUtf8(int index, QByteArrayView utf8);
    Statement &bindNull(int index);

    // true: a row is ready; false: done. A bind error surfaces here.
    Result<bool> step();
    // Steps a statement that returns no rows.
    Result<void> run();
    void reset();

    std::int64_t columnInt(int index) const;
    double columnDouble(int index) const;
    QString columnText(int index) const;
    QByteArray columnBlob(int index) const;
    bool columnIsNull(int index) const;
    int columnCount() const;
    QString columnName(int index) const;
    bool columnIsInteger(int index) const;
    bool columnIsFloat(int index) const;

private:
    friend class Database;
    Statement &bindInt64(int index, long long value);
    Statement(Database *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    Database *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    int m_bindRc = 0;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() succeeded.
class Transaction
{
public:
    static Result<Transaction> begin(Database &db);
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    ~Transaction();

    Result<void> commit();

private:
    explicit Transaction(Database *db) : m_db(db) {}
    Database *m_db = nullptr;
};

// For statements about one record, its id bound to every `?`/`?1`: whether the first column of
// the first row is non-zero (an EXISTS test), and running several statements in turn.
Result<bool> trueForId(Database &db, const char *sql, const QString &id);
Result<void> runForId(Database &db, std::initializer_list<const char *> sqls, const QString &id);

// Steps through every remaining row, turning each into a value with `make(statement)`.
template <typename Make>
auto collectRows(Statement &s, Make &&make) -> Result<QList<std::invoke_result_t<Make &, const Statement &>>>
{
    QList<std::invoke_result_t<Make &, const Statement &>> out;
    for (;;) {
        auto row = s.step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.append(make(std::as_const(s)));
    }
}

} // namespace hearth::storage
