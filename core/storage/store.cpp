// SPDX-License-Identifier: GPL-3.0-or-later
#include "store.h"
#include "sortkey.h"
#include "storemeta.h"

#include <sodium.h>

#include "atomicfile.h"
#include "core/crypto/kdf.h"
#include "core/crypto/recoverycode.h"
#include "core/domain/uuid.h"
#include "core/platform/securekeystore.h"
#include "keyfile.h"
#include "migrations.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSysInfo>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace hearth::storage {
namespace {

QString pathIn(const QString &dir, const char *name) { return QDir(dir).filePath(QLatin1String(name)); }

// Tables whose rows `status` counts: the records a user made.
constexpr const char *kRecordTables[] = {"areas",     "stations", "households", "people",       "campaigns",
                                         "visits",    "photos",   "followups",  "service_logs",
                                         "job_fairs", "certificate_services"};

Result<QByteArray> readDatabaseSalt(const QString &dbPath)
{
    QFile f(dbPath);
    if (!f.open(QIODevice::ReadOnly))
        return Error(ErrorCode::StoreDamaged, QStringLiteral("database file missing"));
    const QByteArray salt = f.read(16);
    if (salt.size() != 16)
        return Error(ErrorCode::StoreDamaged, QStringLiteral("database file truncated"));
    return salt;
}

// Loads the key file, telling "never a store" from "a store whose key is gone".
Result<KeyFile> loadKeyFile(const QString &dir)
{
    if (!QFileInfo(dir).isDir())
        return Error(ErrorCode::NotAStore, dir);
    if (!QFileInfo::exists(pathIn(dir, Store::kKeyFile))) {
        if (QFileInfo::exists(pathIn(dir, Store::kDatabaseFile)))
            return Error(ErrorCode::StoreWiped, QStringLiteral("key file missing"));
        return Error(ErrorCode::NotAStore, dir);
    }
    return KeyFile::load(pathIn(dir, Store::kKeyFile));
}

// Every read, change and save of a store's key file runs under this guard: one at a time in the
// process, and across processes (the app and hearthctl) through a lock file beside it. Without
// it, an unlock and a PIN change running together each save the record they read and prune the
// device key the other one just made (a phone's key store keeps one key per wrap). Waits are
// bounded: a caller gets StoreInUse rather than a frozen screen.
class KeyFileGuard
{
public:
    static constexpr auto kWait = std::chrono::seconds(10);

    explicit KeyFileGuard(const QString &dir) : m_file(pathIn(dir, "hearth.key.lock"))
    {
        m_file.setStaleLockTime(0); // stale when its process is gone, never by age
    }
    ~KeyFileGuard() { release(); }
    KeyFileGuard(const KeyFileGuard &) = delete;
    KeyFileGuard &operator=(const KeyFileGuard &) = delete;

    Result<void> acquire()
    {
        if (!mutex().try_lock_for(kWait))
            return Error(ErrorCode::StoreInUse, QStringLiteral("key file busy in this process"));
        m_holdsMutex = true;
        // This process holds the mutex, so a lock file naming this process is a leftover of an
        // earlier run with the same process id (Android reuses them after a crash).
        qint64 pid = 0;
        QString host, app;
        if (m_file.getLockInfo(&pid, &host, &app) && pid == QCoreApplication::applicationPid()
            && host == QSysInfo::machineHostName())
            m_file.removeStaleLockFile();
        if (m_file.tryLock(int(std::chrono::milliseconds(kWait).count())))
            return {};
        const auto error = m_file.error();
        release();
        switch (error) {
        case QLockFile::PermissionError: return Error(ErrorCode::ReadOnly, QStringLiteral("key file lock"));
        case QLockFile::LockFailedError:
            return Error(ErrorCode::StoreInUse, QStringLiteral("key file locked by another process"));
        default: return Error(ErrorCode::Io, QStringLiteral("key file lock"));
        }
    }

    // Early, before the directory itself goes (erase).
    void release()
    {
        if (m_file.isLocked())
            m_file.unlock();
        if (m_holdsMutex)
            mutex().unlock();
        m_holdsMutex = false;
    }

private:
    static std::timed_mutex &mutex()
    {
        static std::timed_mutex m;
        return m;
    }
    QLockFile m_file;
    bool m_holdsMutex = false;
};

// The key file, read under its guard (taken here): where every read, change and save starts.
// A directory that holds no store says why without getting a lock file.
Result<KeyFile> loadGuarded(const QString &dir, KeyFileGuard &guard)
{
    if (auto missing = loadKeyFile(dir); !missing)
        return missing.error();
    HEARTH_TRY(guard.acquire());
    return loadKeyFile(dir);
}

// The one place a PIN is tried: count first, then try, then reset on success.
Result<SecretBytes> unlockKey(const QString &dir, KeyFile &kf, const SecretBytes &pin,
                              platform::SecureKeyStore &keys)
{
    if (kf.lockedOut())
        return Error(ErrorCode::LockedOut);
    if (pin.isEmpty())
        return Error(ErrorCode::EmptyPin); // not counted: nothing was tried
    const QString keyPath = pathIn(dir, Store::kKeyFile);
    ++kf.failedAttempts;
    HEARTH_TRY(kf.save(keyPath));

    auto key = keys.unwrap(kf.pinWrap, pin, kf.context());
    if (!key) {
        if (key.error().code() != ErrorCode::WrongPin) {
            // Nothing was guessed (a damaged file, a lost device key): the attempt is given back.
            --kf.failedAttempts;
            HEARTH_TRY(kf.save(keyPath));
            return key.error();
        }
        qCInfo(lcStorage) << "wrong PIN," << kf.attemptsLeft() << "attempts left";
        if (kf.lockedOut() && kf.wipeOnLockout) {
            keys.forget(kf.context());
            HEARTH_TRY(destroyFile(keyPath));
            return Error(ErrorCode::StoreWiped);
        }
        if (kf.lockedOut())
            return Error(ErrorCode::LockedOut);
        return Error(ErrorCode::WrongPin, {}, kf.attemptsLeft());
    }
    // The right PIN: the count is cleared on disk before anything else can fail.
    kf.failedAttempts = 0;
    HEARTH_TRY(kf.save(keyPath));
    keys.committed(kf.pinWrap, kf.context());
    if (keys.needsRewrap(kf.pinWrap)) {
        // Best effort: the record that just opened stays until a better one is saved, and a
        // failure here (a busy key store, a locked phone) is tried again at the next unlock.
        if (auto rewrapped = keys.wrap(*key, pin, kf.context()); !rewrapped) {
            qCWarning(lcStorage) << "rewrap failed, keeping the current wrap:" << rewrapped.error().english();
        } else {
            const QJsonObject previous = kf.pinWrap;
            kf.pinWrap = *rewrapped;
            if (auto saved = kf.save(keyPath); !saved) {
                kf.pinWrap = previous;
                qCWarning(lcStorage) << "could not save the rewrapped key:" << saved.error().english();
            } else {
                keys.committed(kf.pinWrap, kf.context());
                qCInfo(lcStorage) << "rewrapped the key with the current parameters";
            }
        }
    }
    return std::move(key).value();
}

// Wraps the key with a new PIN, clears the wrong-PIN count and writes the key file.
Result<void> saveWithNewPin(const QString &dir, KeyFile &kf, const SecretBytes &key, const SecretBytes &newPin,
                            platform::SecureKeyStore &keys)
{
    auto wrap = keys.wrap(key, newPin, kf.context());
    if (!wrap)
        return wrap.error();
    kf.pinWrap = *wrap;
    kf.pinMethod = keys.method();
    kf.failedAttempts = 0;
    HEARTH_TRY(kf.save(pathIn(dir, Store::kKeyFile)));
    keys.committed(kf.pinWrap, kf.context());
    return {};
}

// mkdir -p with private permissions, keeping errno so "read-only" and "disk full" are told apart.
Result<void> makeDirectories(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return {};
    const QString parent = info.absolutePath();
    if (parent != info.absoluteFilePath())
        HEARTH_TRY(makeDirectories(parent));
    if (::mkdir(QFile::encodeName(path).constData(), 0700) != 0 && errno != EEXIST)
        return errorFromErrno(errno, path);
    return {};
}

void removeCreated(const QString &dir, bool createdDir)
{
    for (const char *name : {"hearth.db", "hearth.db-wal", "hearth.db-shm", ".hearth.key.tmp"})
        QFile::remove(pathIn(dir, name));
    QDir(pathIn(dir, Store::kMediaDir)).removeRecursively();
    if (createdDir)
        QDir().rmdir(dir);
}

} // namespace

bool Store::exists(const QString &dir) { return QFileInfo::exists(pathIn(dir, kKeyFile)); }

Result<void> Store::erase(const QString &dir, const QString &notice, platform::SecureKeyStore *keys)
{
    std::optional<KeyFileGuard> guard; // not while an unlock or a PIN change is writing it
    if (exists(dir)) {
        guard.emplace(dir);
        HEARTH_TRY(guard->acquire());
        if (auto kf = loadKeyFile(dir); kf && keys)
            keys->forget(kf->context());
    }
    const QString key = pathIn(dir, kKeyFile);
    if (QFile file(key); file.exists()) {
        if (!file.open(QIODevice::ReadWrite))
            return Error(ErrorCode::Io, u"key file"_qs);
        QByteArray noise(int(file.size()), '\0');
        randombytes_buf(noise.data(), size_t(noise.size()));
        file.write(noise);
        file.flush();
        ::fsync(file.handle());
        file.close();
        if (!QFile::remove(key))
            return Error(ErrorCode::Io, u"key file"_qs);
    }
    if (guard)
        guard->release(); // the key file is gone; the lock file goes with the directory
    if (!QDir(dir).removeRecursively())
        return Error(ErrorCode::Io, u"store directory"_qs);
    if (!notice.isEmpty() && QDir().mkpath(dir)) {
        QFile out(pathIn(dir, kWipedNotice));
        if (out.open(QIODevice::WriteOnly))
            out.write(notice.toUtf8());
    }
    return {};
}

Result<Store::Created> Store::create(const QString &dir, const SecretBytes &pin, platform::SecureKeyStore &keys,
                                     StoreOptions options)
{
    HEARTH_TRY(crypto::checkPinStrength(pin));
    for (const char *name : {kKeyFile, kDatabaseFile}) {
        if (QFileInfo::exists(pathIn(dir, name)))
            return Error(ErrorCode::StoreExists, dir);
    }
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return Error(ErrorCode::NotAStore, QStringLiteral("not a directory"));
    const bool createdDir = !info.exists();
    if (createdDir)
        HEARTH_TRY(makeDirectories(dir));

    QByteArray context; // set once a wrap exists for the store
    auto made = [&]() -> Result<Created> {
        HEARTH_TRY(makeDirectories(pathIn(dir, kMediaDir)));
        SecretBytes key = SecretBytes::random(crypto::kKeySize);
        auto store = openWithKeyMode(dir, key, Database::Mode::Create, options.schemaVersion);
        if (!store)
            return store.error();
        const QString storeId = makeUuidV7();
        {
            auto stmt = (*store)->m_db.prepare("INSERT INTO store_meta(key, value) VALUES (?, ?)");
            if (!stmt)
                return stmt.error();
            const QString created = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
            HEARTH_TRY(stmt->bind(1, QStringLiteral("store_id")).bind(2, storeId).run());
            HEARTH_TRY(stmt->bind(1, QStringLiteral("created_at")).bind(2, created).run());
        }
        (*store)->m_storeId = storeId;
        // Moves page 1 (with SQLCipher's random salt) from the WAL into hearth.db.
        HEARTH_TRY((*store)->m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        auto salt = readDatabaseSalt(pathIn(dir, kDatabaseFile));
        if (!salt)
            return salt.error();

        KeyFile kf;
        kf.storeId = storeId;
        kf.databaseSalt = *salt;
        kf.pinMethod = keys.method();
        kf.wipeOnLockout = options.wipeOnLockout;
        context = kf.context(); // from here a device key may exist for this store
        auto pinWrap = keys.wrap(key, pin, kf.context());
        if (!pinWrap)
            return pinWrap.error();
        kf.pinWrap = *pinWrap;
        const QString code = crypto::generateRecoveryCode();
        kf.recoverySalt = crypto::randomBytes(16);
        auto recoveryKey = crypto::deriveRecoveryKey(code, kf.recoverySalt);
        if (!recoveryKey)
            return recoveryKey.error();
        kf.recoveryWrap = crypto::seal(key, *recoveryKey, kf.context());
        // The key file is written last and atomically: its presence is what makes a store.
        HEARTH_TRY(kf.save(pathIn(dir, kKeyFile)));
        return Created{std::move(store).value(), code};
    }();
    if (!made) {
        if (!context.isEmpty())
            keys.forget(context); // the device key made for a store that never came to be
        removeCreated(dir, createdDir);
        return made.error();
    }
    qCInfo(lcStorage) << "created a store";
    return made;
}

// The people_sort index holds ICU collation keys. A newer ICU may order differently, so when the
// collator's version changes the index is rebuilt once (a few seconds for a county ledger).
static Result<void> refreshSortKeys(Database &db)
{
    const QString version = QString::fromLatin1(sortKeyVersion());
    auto stored = readMeta(db, "sort_key_version");
    if (!stored)
        return stored.error();
    if (*stored == version)
        return {};
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(db.exec("REINDEX people_sort"));
    HEARTH_TRY(writeMeta(db, "sort_key_version", version));
    return tx->commit();
}

Result<std::unique_ptr<Store>> Store::openWithKeyMode(const QString &dir, const SecretBytes &key,
                                                      Database::Mode mode, int schemaVersion)
{
    auto db = Database::open(pathIn(dir, kDatabaseFile), &key, mode);
    if (!db)
        return db.error();
    auto migrations = builtinMigrations();
    if (schemaVersion > 0 && schemaVersion < latestSchemaVersion())
        migrations = migrations.first(std::size_t(schemaVersion));
    auto version = migrate(*db, migrations);
    if (!version)
        return version.error();
    if (*version >= 4)
        HEARTH_TRY(refreshSortKeys(*db));
    SecretBytes mediaKey(crypto_kdf_KEYBYTES);
    crypto_kdf_derive_from_key(mediaKey.data(), mediaKey.size(), 1, "hearthmd", key.data());
    std::unique_ptr<Store> store(new Store(dir, std::move(db).value(), SecretBytes::copyOf(key.view()), std::move(mediaKey)));
    store->m_schemaVersion = *version;
    auto stmt = store->m_db.prepare("SELECT value FROM store_meta WHERE key = 'store_id'");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (*row)
        store->m_storeId = stmt->columnText(0);
    return store;
}

QString Store::mediaDirectory() const { return pathIn(m_dir, kMediaDir); }

Result<Database> Store::openWriter() const
{
    return Database::open(pathIn(m_dir, kDatabaseFile), &m_key, Database::Mode::OpenExisting);
}

Result<Database> Store::openReader() const
{
    auto db = Database::open(pathIn(m_dir, kDatabaseFile), &m_key, Database::Mode::OpenExisting);
    if (!db)
        return db.error();
    HEARTH_TRY(db->exec("PRAGMA query_only = ON"));
    return db;
}

Result<std::unique_ptr<Store>> Store::openWithKey(const QString &dir, const SecretBytes &key)
{
    if (!QFileInfo::exists(pathIn(dir, kDatabaseFile)))
        return Error(ErrorCode::NotAStore, dir);
    return openWithKeyMode(dir, key, Database::Mode::OpenExisting);
}

Result<std::unique_ptr<Store>> Store::open(const QString &dir, const SecretBytes &pin, platform::SecureKeyStore &keys)
{
    KeyFileGuard guard(dir);
    auto kf = loadGuarded(dir, guard);
    if (!kf)
        return kf.error();
    // Check the pairing before any PIN is tried, so a mismatched key file costs no attempt.
    auto salt = readDatabaseSalt(pathIn(dir, kDatabaseFile));
    if (!salt)
        return salt.error();
    if (*salt != kf->databaseSalt)
        return Error(ErrorCode::ForeignKeyFile);
    auto key = unlockKey(dir, *kf, pin, keys);
    if (!key)
        return key.error();
    auto store = openWithKey(dir, *key);
    if (store && (*store)->storeId() != kf->storeId)
        return Error(ErrorCode::ForeignKeyFile);
    if (store)
        HEARTH_TRY(makeDirectories(pathIn(dir, kMediaDir))); // a copied store may have lost the empty folder
    return store;
}

Result<void> Store::changePin(const QString &dir, const SecretBytes &oldPin, const SecretBytes &newPin,
                              platform::SecureKeyStore &keys)
{
    HEARTH_TRY(crypto::checkPinStrength(newPin));
    KeyFileGuard guard(dir);
    auto kf = loadGuarded(dir, guard);
    if (!kf)
        return kf.error();
    auto key = unlockKey(dir, *kf, oldPin, keys);
    if (!key)
        return key.error();
    return saveWithNewPin(dir, *kf, *key, newPin, keys);
}

Result<void> Store::recover(const QString &dir, const QString &recoveryCode, const SecretBytes &newPin,
                            platform::SecureKeyStore &keys)
{
    HEARTH_TRY(crypto::checkPinStrength(newPin));
    KeyFileGuard guard(dir);
    auto kf = loadGuarded(dir, guard);
    if (!kf)
        return kf.error();
    auto recoveryKey = crypto::deriveRecoveryKey(recoveryCode, kf->recoverySalt);
    if (!recoveryKey)
        return recoveryKey.error();
    auto key = crypto::open(kf->recoveryWrap, *recoveryKey, kf->context());
    if (!key)
        return Error(ErrorCode::WrongRecoveryCode);
    HEARTH_TRY(saveWithNewPin(dir, *kf, *key, newPin, keys));
    qCInfo(lcStorage) << "store recovered with the recovery code";
    return {};
}

Result<LockState> Store::lockState(const QString &dir)
{
    auto kf = loadKeyFile(dir);
    if (!kf)
        return kf.error();
    return LockState{kf->failedAttempts, kf->attemptsLeft(), kf->lockedOut(), kf->wipeOnLockout};
}

Result<StoreStatus> Store::status()
{
    StoreStatus s;
    s.storeId = m_storeId;
    s.schemaVersion = m_schemaVersion;
    for (const char *table : kRecordTables) {
        auto n = m_db.queryInt(std::string("SELECT count(*) FROM ") + table);
        if (!n)
            return n.error();
        s.records.insert(QLatin1String(table), *n);
    }
    auto pending = m_db.queryInt("SELECT count(*) FROM outbox");
    if (!pending)
        return pending.error();
    s.outboxPending = *pending;
    return s;
}

Result<void> Store::verify()
{
    auto stmt = m_db.prepare("PRAGMA cipher_integrity_check");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (*row)
        return Error(ErrorCode::StoreDamaged, stmt->columnText(0).left(200));
    auto quick = m_db.prepare("PRAGMA quick_check");
    if (!quick)
        return quick.error();
    auto q = quick->step();
    if (!q)
        return q.error();
    if (*q && quick->columnText(0) != u"ok")
        return Error(ErrorCode::StoreDamaged, quick->columnText(0).left(200));
    return {};
}

} // namespace hearth::storage
