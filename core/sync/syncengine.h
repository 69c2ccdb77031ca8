// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The device side of sync (docs/sync-protocol.md): enrol once; then push the outbox in order
// (batches, each acknowledged through `applied_through` and recorded in the same local
// transaction), then pull changes in scope page by page (each page applied together with its
// cursor). Safe to kill at any instant: a resent batch is answered "duplicate", a re-pulled
// page re-applies idempotently.

#include "transport.h"

#include <QList>

namespace hearth::storage {
class Database;
}

namespace hearth::sync {

struct Rejection
{
    qint64 seq = 0;
    QString entity, entityId, reasonZh, reasonEn;
};

struct SyncReport
{
    qint64 pushed = 0;     // applied by the server
    qint64 duplicates = 0; // had been applied before (an answer lost on the way)
    QList<Rejection> rejected;
    qint64 pulled = 0; // changes applied here
    qint64 bytesUp = 0, bytesDown = 0;
};

struct SyncOptions
{
    int pushBatch = 500;
    int pullPage = 1000;
};

// Registers this store as a device of `user` at `serverUrl`; keeps the server, device id and
// token in the store (encrypted with it, never in plain settings).
Result<QString> enrol(storage::Database &db, Transport &transport, const QString &serverUrl, const QString &user,
                      const QByteArray &password, const QString &deviceName);
// The server this store enrolled with, or empty.
QString enrolledServer(storage::Database &db);
Result<SyncReport> synchronise(storage::Database &db, Transport &transport, const SyncOptions &options = {});

} // namespace hearth::sync
