// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg.h"

#include <libpq-fe.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPg, "hearth.server.db")

namespace hearth::server {
namespace {

Error pgError(const char *what, const char *message)
{
    // libpq's own words about the connection (host, port, authentication): no person's data.
    qCWarning(lcPg) << what << message;
    return Error(ErrorCode::Database, QString::fromUtf8(what) + u": "_qs + QString::fromUtf8(message).trimmed());
}

// PostgreSQL's message, DETAIL and CONTEXT quote the values of a statement (a key that was
// duplicated, the JSON that did not parse, the row that broke a check). Only the SQLSTATE and
// the names of the table, column and constraint leave here: they name the schema, never a person.
Error pgError(const char *what, const pg_result *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (!state) // not the server's: libpq lost the connection
        return pgError(what, PQresultErrorMessage(r));
    QString detail = QString::fromUtf8(what) + u": SQLSTATE "_qs + QString::fromLatin1(state);
    for (const auto &[code, label] : {std::pair{PG_DIAG_TABLE_NAME, "table"}, std::pair{PG_DIAG_COLUMN_NAME, "column"},
                                      std::pair{PG_DIAG_CONSTRAINT_NAME, "constraint"}})
        if (const char *name = PQresultErrorField(r, code))
            detail += u' ' + QLatin1String(label) + u' ' + QString::fromUtf8(name);
    qCWarning(lcPg).noquote() << detail;
    return Error(ErrorCode::Database, detail);
}

} // namespace

// Every element quoted, with its quotes and backslashes escaped: an element is never split, and
// no element can close the array or start another.
QByteArray arrayLiteral(const QStringList &items)
{
    QByteArray out = "{";
    for (const QString &item : items) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        for (char c : item.toUtf8()) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + '}';
}

QStringList PgResult::textList(int row, int column) const
{
    QStringList out;
    if (isNull(row, column))
        return out;
    const QJsonArray items = QJsonDocument::fromJson(bytes(row, column)).array();
    for (const QJsonValue &v : items)
        out << v.toString();
    return out;
}

PgResult::PgResult(pg_result *r) : m_result(r, PQclear) {}
int PgResult::rows() const { return PQntuples(m_result.get()); }
int PgResult::columns() const { return PQnfields(m_result.get()); }
bool PgResult::isNull(int row, int column) const { return PQgetisnull(m_result.get(), row, column); }
QString PgResult::text(int row, int column) const
{
    return QString::fromUtf8(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}
QByteArray PgResult::bytes(int row, int column) const
{
    return QByteArray(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}
qint64 PgResult::integer(int row, int column) const { return bytes(row, column).toLongLong(); }
qint64 PgResult::affected() const { return QByteArray(PQcmdTuples(m_result.get())).toLongLong(); }

Result<Pg> Pg::connect(const QString &url)
{
    pg_conn *c = PQconnectdb(url.toUtf8().constData());
    if (PQstatus(c) != CONNECTION_OK) {
        Error e = pgError("connect", PQerrorMessage(c));
        PQfinish(c);
        return e;
    }
    Pg pg(c);
    // Errors in the client's language-neutral form; times in UTC.
    if (auto r = pg.execScript("SET TIME ZONE 'UTC'; SET client_min_messages = warning"); !r)
        return r.error();
    return pg;
}

QStringList PgResult::texts(int column) const
{
    QStringList out;
    for (int i = 0; i < rows(); ++i)
        out << text(i, column);
    return out;
}

Pg::Pg(Pg &&other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr)), m_prepared(std::move(other.m_prepared)),
      m_settings(std::move(other.m_settings))
{
}
Pg &Pg::operator=(Pg &&other) noexcept
{
    if (this != &other) {
        if (m_conn)
            PQfinish(m_conn);
        m_conn = std::exchange(other.m_conn, nullptr);
        m_prepared = std::move(other.m_prepared);
        m_settings = std::move(other.m_settings);
    }
    return *this;
}
Pg::~Pg()
{
    if (m_conn)
        PQfinish(m_conn);
}

bool Pg::ok() const { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }
bool Pg::inTransaction() const
{
    const auto status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

Result<PgResult> Pg::exec(const char *sql, const QVariantList &params)
{
    // A statement outside a transaction on a connection the database dropped (it restarted):
    // connect again and run it once more. Inside a transaction the caller must start over.
    const bool idle = PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    auto first = execOnce(sql, params);
    if (first || !idle || PQstatus(m_conn) == CONNECTION_OK)
        return first;
    PQreset(m_conn);
    m_prepared.clear();
    if (PQstatus(m_conn) != CONNECTION_OK)
        return first;
    if (auto r = execScript("SET TIME ZONE 'UTC'; SET client_min_messages = warning"); !r)
        return r.error();
    for (const auto &[name, value] : m_settings)
        if (auto r = execOnce("SELECT set_config($1, $2, false)", {name, value}); !r)
            return r.error();
    return execOnce(sql, params);
}

Result<void> Pg::keepSetting(const QByteArray &name, const QByteArray &value)
{
    auto r = exec("SELECT set_config($1, $2, false)", {name, value});
    if (!r)
        return r.error();
    m_settings.append({name, value});
    return {};
}

Result<PgResult> Pg::execOnce(const char *sql, const QVariantList &params)
{
    QList<QByteArray> values;
    QList<const char *> pointers;
    values.reserve(params.size());
    for (const QVariant &v : params) {
        if (v.isNull()) {
            values.append(QByteArray());
            pointers.append(nullptr);
            continue;
        }
        if (v.typeId() == QMetaType::QStringList)
            values.append(arrayLiteral(v.toStringList()));
        else
            values.append(v.typeId() == QMetaType::QByteArray ? v.toByteArray() : v.toString().toUtf8());
        pointers.append(values.last().constData());
    }
    // Each statement is prepared once per connection and then only executed: parsing and
    // planning were a third of the time of the small statements a push runs by the thousand.
    const QByteArray text(sql);
    auto name = m_prepared.constFind(text);
    if (name == m_prepared.constEnd()) {
        const QByteArray fresh = "h" + QByteArray::number(m_prepared.size() + 1);
        PgResult prepared(PQprepare(m_conn, fresh.constData(), sql, int(pointers.size()), nullptr));
        if (PQresultStatus(prepared.m_result.get()) != PGRES_COMMAND_OK)
            return pgError(("prepare " + QByteArray(sql).left(80).simplified()).constData(), prepared.m_result.get());
        name = m_prepared.insert(text, fresh);
    }
    PgResult result(PQexecPrepared(m_conn, name->constData(), int(pointers.size()), pointers.constData(), nullptr,
                                   nullptr, 0));
    const auto status = PQresultStatus(result.m_result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return pgError("exec", result.m_result.get());
    return result;
}

Result<void> Pg::execScript(const char *sql)
{
    PgResult result(PQexec(m_conn, sql));
    const auto status = PQresultStatus(result.m_result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return pgError("script", result.m_result.get());
    return {};
}

Result<PgTransaction> PgTransaction::begin(Pg &pg)
{
    HEARTH_TRY(pg.execScript("BEGIN"));
    return PgTransaction(&pg);
}

PgTransaction::~PgTransaction()
{
    if (m_pg)
        (void)m_pg->execScript("ROLLBACK"); // a failed rollback leaves the connection to be dropped
}

Result<void> PgTransaction::commit()
{
    Pg *pg = std::exchange(m_pg, nullptr);
    return pg->execScript("COMMIT");
}

} // namespace hearth::server
