// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrations.h"

#include "database.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace hearth::storage {

int latestSchemaVersion()
{
    const auto all = builtinMigrations();
    return all.empty() ? 0 : all.back().version;
}

Result<int> migrate(Database &db, std::span<const Migration> migrations)
{
    auto current = db.queryInt("PRAGMA user_version");
    if (!current)
        return current.error();
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    if (*current > latest)
        return Error(ErrorCode::NewerSchema,
                     QStringLiteral("store schema %1, this build knows %2").arg(*current).arg(latest));

    int version = int(*current);
    for (const Migration &m : migrations) {
        if (m.version <= version)
            continue;
        auto failed = [&](const Error &e) {
            return Error(ErrorCode::MigrationFailed,
                         QStringLiteral("migration %1 (%2): %3").arg(m.version).arg(QLatin1String(m.name), e.detail()));
        };
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error().code() == ErrorCode::Database ? failed(tx.error()) : tx.error();
        if (auto r = db.exec(m.sql); !r)
            return r.error().code() == ErrorCode::Database ? failed(r.error()) : r.error();
        if (m.run)
            if (auto r = m.run(db); !r)
                return r.error().code() == ErrorCode::Database ? failed(r.error()) : r.error();
        if (auto r = db.exec("PRAGMA user_version = " + std::to_string(m.version)); !r)
            return failed(r.error());
        if (auto r = tx->commit(); !r)
            return r.error();
        qCInfo(lcStorage) << "migrated schema to" << m.version << m.name;
        version = m.version;
    }
    return version;
}

} // namespace hearth::storage
