// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QJsonObject>
#include <QString>

namespace hearth::storage {
class Database;
}

namespace hearth::domain {

// The sync outbox. append() is only ever called inside the caller's transaction, together with
// the domain rows it describes, so a save and its outbox entry commit or vanish together.
class Outbox
{
public:
    enum class Op { Create, Update, Delete };

    static Result<qint64> append(storage::Database &db, const QString &entity, const QString &entityId, Op op,
                                 const QJsonObject &payload, qint64 atMs);
    // The same with the payload already as compact JSON (made on another thread, say).
    static Result<qint64> append(storage::Database &db, const QString &entity, const QString &entityId, Op op,
                                 QByteArrayView payloadJson, qint64 atMs);
};

} // namespace hearth::domain
