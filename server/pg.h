// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A thin RAII wrapper over libpq: one connection, parameterised statements (text format,
// prepared once per connection), results read as strings. Errors are values (hearth::Error with the server's message as the
// detail), never exceptions. Not thread-safe: one connection per thread.

#include "core/error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

struct pg_conn;
struct pg_result;

namespace hearth::server {

// A text[] parameter: each element quoted and escaped, never joined into one string to split.
QByteArray arrayLiteral(const QStringList &items);

class PgResult
{
public:
    int rows() const;
    int columns() const;
    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    QByteArray bytes(int row, int column) const;
    qint64 integer(int row, int column) const;
    QStringList texts(int column) const; // one column, every row
    // A text[] selected as JSON (`array_to_json(col)`): its elements as they are, NULL as none.
    QStringList textList(int row, int column) const;
    qint64 affected() const; // rows changed by INSERT/UPDATE/DELETE

private:
    friend class Pg;
    explicit PgResult(pg_result *r);
    std::shared_ptr<pg_result> m_result;
};

class Pg
{
public:
    static Result<Pg> connect(const QString &url);
    Pg(Pg &&) noexcept;
    Pg &operator=(Pg &&) noexcept;
    ~Pg();

    // $1, $2, ... take the values: QString/QByteArray as text, integers, a QStringList as an
    // array (arrayLiteral), null QVariant as NULL.
    Result<PgResult> exec(const char *sql, const QVariantList &params = {});
    // Several statements without parameters (migrations).
    Result<void> execScript(const char *sql);
    // A session setting (set_config) that stays across reconnections.
    Result<void> keepSetting(const QByteArray &name, const QByteArray &value);
    bool ok() const; // the connection is still up
    bool inTransaction() const;

private:
    explicit Pg(pg_conn *c) : m_conn(c) {}
    Result<PgResult> execOnce(const char *sql, const QVariantList &params);
    pg_conn *m_conn = nullptr;
    QHash<QByteArray, QByteArray> m_prepared; // statement text → its prepared name
    QList<std::pair<QByteArray, QByteArray>> m_settings; // keepSetting(): applied again after a reconnection
};

// BEGIN on construction (via begin()), ROLLBACK unless commit() was called.
class PgTransaction
{
public:
    static Result<PgTransaction> begin(Pg &pg);
    PgTransaction(PgTransaction &&other) noexcept : m_pg(std::exchange(other.m_pg, nullptr)) {}
    ~PgTransaction();
    Result<void> commit();

private:
    explicit PgTransaction(Pg *pg) : m_pg(pg) {}
    Pg *m_pg = nullptr;
};

} // namespace hearth::server
