// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The device side of sync (docs/sync-protocol.md): enrol once; then push the outbox in order
// (batches, each acknowledged through `applied_through` and recorded in the same local
// transaction), send the photos of what was pushed, pull changes in scope page by page (each
// page applied together with its cursor) and the conflicts of the scope. Safe to kill at any
// instant: a resent batch is answered "duplicate", a re-pulled page re-applies idempotently, a
// photo resumes at the offset the server holds. Requests that fail on the way are retried
// with jittered backoff (retry.h).

#include "photofetch.h"
#include "retry.h"
#include "transport.h"

#include <QList>
#include <QStringList>

#include <functional>

namespace hearth::storage {
class Database;
}
namespace hearth::media {
class MediaStore;
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
    qint64 pulled = 0;     // changes applied here
    int conflicts = 0;     // new same-field conflicts in the scope
    int duplicatePairs = 0; // new pairs of records of one person in the scope, waiting for a merge
    int photosUploaded = 0, photosAlreadyThere = 0;
    int photosFetched = 0; // fetched ahead (an unmetered link, where the user allows it)
    QStringList photosFetchedHashes;
    QStringList photoErrors;
    int retries = 0;       // requests sent again after a network failure
    bool verified = false; // the scope checksum was compared this round
    QStringList drift;     // kinds of record whose checksum differed from the server's
    QStringList narrowedTo; // the villages or stations pulled again where the checksum differed
    bool redownloaded = false; // the whole scope pulled again (narrowing did not settle it)
    QStringList driftAfter; // still different after the re-download (records only this device has)
    QStringList scopesLeft, scopesGained; // the user's scope changed on the server
    int purgedPeople = 0;   // removed here with what hung from them, having left their scope
    int setAside = 0;       // pulled changes this build could not apply, kept aside this round
    int setAsideRetried = 0; // set aside before and applied now (after an update)
    qint64 bytesUp = 0, bytesDown = 0;
    // An administrator asked for a wipe, everything of this device is on the server and the
    // server knows: the caller erases the store now (storage::Store::erase).
    bool wiped = false;
};

// Where a round stands, for a progress bar: records and bytes both ways.
struct SyncProgress
{
    enum class Stage { Push, Photos, Pull, Conflicts, Verify } stage = Stage::Push;
    qint64 recordsUp = 0, recordsToPush = 0, recordsDown = 0;
    qint64 photoBytesUp = 0;
    qint64 bytesUp = 0, bytesDown = 0;
};

QString defaultBuildVersion();

struct SyncOptions
{
    int pushBatch = 500;
    int pullPage = 1000;
    int photoChunk = 256 * 1024;
    Backoff backoff;
    // Compare the scope checksum when the last comparison is older than this, or always.
    qint64 verifyEveryMs = 24LL * 60 * 60 * 1000;
    bool verifyNow = false;
    // The link costs nothing (Wi-Fi, a wire): photos of the scope are fetched ahead into the
    // cache's free room, where the user allows it (media::prefetchAllowed).
    bool unmeteredLink = false;
    // This build: changes set aside by another build are tried again once.
    QString buildVersion = defaultBuildVersion();
    std::function<void(const SyncProgress &)> onProgress;
};

// Registers this store as a device of `user` at `serverUrl`; keeps the server, device id and
// token in the store (encrypted with it, never in plain settings).
// The server's key (TLS) is pinned from this answer; `extraCa` (a private CA the certificate was
// verified against) is kept for later rounds. `code`: the TOTP code of a user whose role enrols
// with a second factor (supervisors, administrators); without it, or with a wrong one, the
// server answers Unauthorized with detail protocol::kSecondFactorRequired.
Result<QString> enrol(storage::Database &db, Transport &transport, const QString &serverUrl, const QString &user,
                      const QByteArray &password, const QString &deviceName, const QList<QSslCertificate> &extraCa = {},
                      const QString &code = {});
// What the store trusts of its server (the pin and CA kept at enrolment), for its transports.
TlsTrust storedTrust(storage::Database &db);
// What an enrolment to `serverUrl` trusts: the environment's, `extraCa`, and, when the store is
// enrolled with that server already, its pinned key (enrolling again never trusts a new key:
// that is trust-server's, with a pin given out of band).
TlsTrust enrolmentTrust(storage::Database &db, const QString &serverUrl, const QList<QSslCertificate> &extraCa);
// Pins a new server key, given out of band by an administrator (docs/access.md, "Re-pinning").
Result<void> trustServerKey(storage::Database &db, const QByteArray &pin);
// The server this store enrolled with, or empty.
QString enrolledServer(storage::Database &db);
// Changes the server refused, newest first, as kept in the store (the app lists them).
Result<QList<Rejection>> refusedChanges(storage::Database &db, int limit = 100);

// A pulled change this build could not apply: kept in the store, not applied, retried after an
// update. Its body stays inside the encrypted store; only the kind, id and reason are listed.
struct SetAside
{
    qint64 cursor = 0;
    QString entity, recordId, reason, version;
};
Result<QList<SetAside>> setAsideChanges(storage::Database &db, int limit = 100);
// True when the server said this store is a copy (or a restored backup) of an enrolled
// device: it pushes nothing until it enrols again as a new device.
bool isCopiedStore(storage::Database &db);
// Photos of records here that this device lacks, from the server (photofetch.h), outside a
// round: what a screen about to show them asks for.
Result<PhotoFetchReport> fetchPhotosNow(storage::Database &db, Transport &transport, media::MediaStore &media,
                                        const QStringList &hashes);
// One round. `media` may be null (no photos are sent then).
Result<SyncReport> synchronise(storage::Database &db, Transport &transport, media::MediaStore *media,
                               const SyncOptions &options = {});

} // namespace hearth::sync
