// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A store is a directory: hearth.db (SQLCipher), hearth.key (the wrapped key and lockout
// counter) and media/ (encrypted files). This class owns creating, unlocking, re-keying and
// recovering one; the domain repositories work on its Database.

#include "core/crypto/secretbytes.h"
#include "core/error.h"
#include "database.h"

#include <QMap>
#include <QString>

#include <memory>

namespace hearth::platform {
class SecureKeyStore;
}

namespace hearth::storage {

struct StoreStatus
{
    QString storeId;
    int schemaVersion = 0;
    QMap<QString, qint64> records; // table -> row count
    qint64 outboxPending = 0;
};

struct StoreOptions
{
    bool wipeOnLockout = false; // destroy the key file at the 10th wrong PIN
    // 0: the latest schema. A lower number makes a store as that older version did; only the
    // fixture tool (tests/tools) uses it, to prove the upgrade path.
    int schemaVersion = 0;
};

struct LockState
{
    int failedAttempts = 0;
    int attemptsLeft = 0;
    bool lockedOut = false;
    bool wipeOnLockout = false;
};

class Store
{
public:
    static constexpr auto kDatabaseFile = "hearth.db";
    static constexpr auto kKeyFile = "hearth.key";
    static constexpr auto kMediaDir = "media";

    struct Created;

    // Makes a new store in `dir` (created if missing). Refuses a directory that holds a store
    // or its remains. On failure nothing it made is left behind.
    static Result<Created> create(const QString &dir, const SecretBytes &pin,
                                  platform::SecureKeyStore &keys, StoreOptions options = {});
    // Every wrong PIN is counted before the PIN is tried (a killed process cannot dodge the
    // count); a right one resets the count. Migrates the schema forward.
    static Result<std::unique_ptr<Store>> open(const QString &dir, const SecretBytes &pin,
                                               platform::SecureKeyStore &keys);
    // With the database key already unwrapped (benchmarks, and the open path itself).
    static Result<std::unique_ptr<Store>> openWithKey(const QString &dir, const SecretBytes &key);
    // Rewraps the key with a new PIN. The database itself is not touched.
    static Result<void> changePin(const QString &dir, const SecretBytes &oldPin, const SecretBytes &newPin,
                                  platform::SecureKeyStore &keys);
    // The administrator's unlock: the recovery code shown at creation lifts a lockout and
    // sets a new PIN.
    static Result<void> recover(const QString &dir, const QString &recoveryCode, const SecretBytes &newPin,
                                platform::SecureKeyStore &keys);
    static Result<LockState> lockState(const QString &dir);
    // True when `dir` holds a store's key file.
    static bool exists(const QString &dir);
    // Destroys the store for good: the key file first (overwritten, synced, removed: without it
    // nothing left can be read), then everything in `dir`. `notice` (no personal data), when
    // given, is left in `dir` as kWipedNotice for the app to say what happened.
    // `keys`, when given, also forgets what the platform keeps for the store (device keys).
    static Result<void> erase(const QString &dir, const QString &notice = {}, platform::SecureKeyStore *keys = nullptr);
    static constexpr auto kWipedNotice = "wiped.notice";

    Database &database() { return m_db; }
    // The key for files in media/ (photos): derived from the database key, never stored.
    const SecretBytes &mediaKey() const { return m_mediaKey; }
    // A second, read-only connection to the same database (WAL lets it read while database()
    // writes; it sees what is committed). For work split across threads, such as the import.
    Result<Database> openReader() const;
    // Another read-write connection, for a long job on a worker thread (an area import) while
    // the main connection keeps serving the interface. WAL lets both work; writers take turns.
    Result<Database> openWriter() const;
    QString mediaDirectory() const;
    const QString &directory() const { return m_dir; }
    QString storeId() const { return m_storeId; }
    int schemaVersion() const { return m_schemaVersion; }
    Result<StoreStatus> status();
    // Checks every page's HMAC (PRAGMA cipher_integrity_check); StoreDamaged on any failure.
    Result<void> verify();

private:
    static Result<std::unique_ptr<Store>> openWithKeyMode(const QString &dir, const SecretBytes &key,
                                                          Database::Mode mode, int schemaVersion = 0);
    Store(QString dir, Database db, SecretBytes key, SecretBytes mediaKey)
        : m_dir(std::move(dir)), m_db(std::move(db)), m_key(std::move(key)), m_mediaKey(std::move(mediaKey)) {}
    QString m_dir;
    Database m_db;
    SecretBytes m_key; // in locked memory, for openReader() and openWriter()
    SecretBytes m_mediaKey;
    QString m_storeId;
    int m_schemaVersion = 0;
};

struct Store::Created
{
    std::unique_ptr<Store> store;
    QString recoveryCode; // shown once, to be handed to the administrator
};

} // namespace hearth::storage
