// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessioncontroller.h"

#include "core/model/rights.h"
#include "core/platform/securekeystore.h"
#include "core/storage/storemeta.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QtConcurrent/QtConcurrentRun>

namespace hearth::app {

struct SessionController::Outcome
{
    std::unique_ptr<storage::Store> store;
    QString recoveryCode;
    std::optional<Error> error;
};

namespace {

// The PIN leaves QString (which we cannot wipe reliably) as early as possible.
SecretBytes toSecret(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    SecretBytes s = SecretBytes::copyOf(utf8);
    wipe(utf8);
    return s;
}

} // namespace

SessionController::SessionController(QString storeDirectory, std::unique_ptr<platform::SecureKeyStore> keys,
                                     QString language, QObject *parent)
    : QObject(parent), m_storeDirectory(std::move(storeDirectory)), m_keys(std::move(keys)),
      m_language(std::move(language))
{
    m_autoLock.setSingleShot(true);
    m_autoLock.setInterval(int(kAutoLockMs));
    connect(&m_autoLock, &QTimer::timeout, this, &SessionController::lock);
    refreshFromDisk();
}

SessionController::~SessionController()
{
    m_watcher.waitForFinished();
    m_pinWatcher.waitForFinished();
}

namespace {
QString revokedMarker(const QString &dir) { return dir + u"/revoked"_qs; }
} // namespace

bool SessionController::revoked() const { return QFile::exists(revokedMarker(m_storeDirectory)); }

void SessionController::showDeviceKeyLost()
{
    m_deviceKeyLost = true;
    setError(Error(ErrorCode::DeviceKeyLost).localized(m_language));
    Q_EMIT stateChanged();
}

void SessionController::setRevoked(bool revoked)
{
    if (revoked == this->revoked())
        return;
    if (revoked) {
        QFile marker(revokedMarker(m_storeDirectory));
        if (marker.open(QIODevice::WriteOnly))
            marker.write("revoked by the server\n");
    } else {
        QFile::remove(revokedMarker(m_storeDirectory));
    }
    Q_EMIT stateChanged();
}

void SessionController::wipe()
{
    if (m_busy || m_pinWatcher.isRunning()) // the key file is being written: erase after, not during
        return;
    lock();
    // The key file overwritten first, the phone's device keys removed, then everything else.
    if (auto erased = storage::Store::erase(m_storeDirectory, {}, m_keys.get()); !erased)
        setError(tr("Could not remove everything in %1").arg(m_storeDirectory));
    refreshFromDisk();
    Q_EMIT stateChanged();
}

void SessionController::refreshFromDisk()
{
    auto lock = storage::Store::lockState(m_storeDirectory);
    if (!lock) {
        switch (lock.error().code()) {
        case ErrorCode::NotAStore:
            setState(State::NeedsSetup);
            break;
        case ErrorCode::StoreWiped:
            setState(State::Wiped);
            break;
        default: // a damaged or unreadable key file: say so on the unlock page
            setError(lock.error().localized(m_language));
            setState(State::Locked);
        }
        return;
    }
    m_attemptsLeft = lock->attemptsLeft;
    setState(lock->lockedOut ? State::LockedOut : State::Locked);
}

void SessionController::createStore(const QString &pin, const QString &confirmation)
{
    if (m_busy || m_state != State::NeedsSetup)
        return;
    if (pin != confirmation) {
        setError(tr("The two PINs differ."));
        return;
    }
    run([dir = m_storeDirectory, keys = m_keys, secret = std::make_shared<SecretBytes>(toSecret(pin))] {
        auto created = storage::Store::create(dir, *secret, *keys);
        if (!created)
            return Outcome{{}, {}, created.error()};
        return Outcome{std::move(created->store), created->recoveryCode, std::nullopt};
    });
}

void SessionController::unlock(const QString &pin)
{
    if (m_busy || m_state != State::Locked)
        return;
    run([dir = m_storeDirectory, keys = m_keys, secret = std::make_shared<SecretBytes>(toSecret(pin))] {
        auto opened = storage::Store::open(dir, *secret, *keys);
        if (!opened)
            return Outcome{{}, {}, opened.error()};
        return Outcome{std::move(opened).value(), {}, std::nullopt};
    });
}

void SessionController::recover(const QString &recoveryCode, const QString &newPin, const QString &confirmation)
{
    if (m_busy || (m_state != State::Locked && m_state != State::LockedOut))
        return;
    if (newPin != confirmation) {
        setError(tr("The two PINs differ."));
        return;
    }
    run([dir = m_storeDirectory, keys = m_keys, code = recoveryCode.trimmed(),
         secret = std::make_shared<SecretBytes>(toSecret(newPin))] {
        if (auto r = storage::Store::recover(dir, code, *secret, *keys); !r)
            return Outcome{{}, {}, r.error()};
        auto opened = storage::Store::open(dir, *secret, *keys);
        if (!opened)
            return Outcome{{}, {}, opened.error()};
        return Outcome{std::move(opened).value(), {}, std::nullopt};
    });
}

void SessionController::run(std::function<Outcome()> work)
{
    clearError();
    m_busy = true;
    Q_EMIT busyChanged();
    auto result = std::make_shared<Outcome>();
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this, result] { finish(std::move(*result)); });
    m_watcher.setFuture(QtConcurrent::run([work = std::move(work), result] { *result = work(); }));
}

void SessionController::finish(Outcome outcome)
{
    m_busy = false;
    Q_EMIT busyChanged();
    if (outcome.error) {
        setError(outcome.error->localized(m_language));
        // The PIN cannot open this store any more, whatever is typed: offer the recovery code.
        if (outcome.error->code() == ErrorCode::DeviceKeyLost || outcome.error->code() == ErrorCode::KeyFileDamaged)
            m_deviceKeyLost = true;
        refreshFromDisk();
        if (outcome.error->code() == ErrorCode::StoreWiped)
            setState(State::Wiped);
        return;
    }
    m_store = std::move(outcome.store);
    m_recoveryCode = outcome.recoveryCode;
    m_deviceKeyLost = false;
    if (sync::wipePending(m_store->database())) { // confirmed to the server, then killed before erasing
        finishRemoteWipe();
        return;
    }
    reloadProfile();
    setState(m_recoveryCode.isEmpty() ? State::Unlocked : State::ShowRecoveryCode);
    recheckLease();
}

void SessionController::finishRemoteWipe()
{
    // Never wait for the key file on this (the UI) thread: an unlock in progress checks the
    // wipe itself when it ends (finish()), and a PIN change in progress is let finish first.
    if (m_busy)
        return;
    if (m_pinWatcher.isRunning()) {
        connect(&m_pinWatcher, &QFutureWatcher<void>::finished, this, &SessionController::finishRemoteWipe,
                Qt::SingleShotConnection);
        return;
    }
    lock();
    const QString notice = u"wiped at the administrator's request on %1 (UTC), after everything was uploaded\n"_qs.arg(
        QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (auto erased = storage::Store::erase(m_storeDirectory, notice, m_keys.get()); !erased)
        setError(erased.error().localized(m_language));
    refreshFromDisk();
    Q_EMIT stateChanged();
}

QString SessionController::wipedNotice() const
{
    QFile f(QDir(m_storeDirectory).filePath(QLatin1String(storage::Store::kWipedNotice)));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

int SessionController::daysWithoutContact() const
{
    return m_lease.lastContactMs > 0 ? int((m_clock() - m_lease.lastContactMs) / (24LL * 60 * 60 * 1000)) : 0;
}

void SessionController::recheckLease()
{
    if (!m_store || (m_state != State::Unlocked && m_state != State::LeaseExpired))
        return;
    (void)sync::noteTimeSeen(m_store->database(), m_clock());
    m_lease = sync::leaseState(m_store->database(), m_clock());
    setState(m_lease.expired ? State::LeaseExpired : State::Unlocked);
    Q_EMIT stateChanged();
}

void SessionController::unlockLease(const QString &code)
{
    if (!m_store)
        return;
    clearError();
    if (auto r = sync::unlockLease(m_store->database(), code, m_clock()); !r) {
        setError(r.error().localized(m_language));
        return;
    }
    recheckLease();
}

void SessionController::acknowledgeRecoveryCode()
{
    if (m_state != State::ShowRecoveryCode)
        return;
    m_recoveryCode.fill(u'0');
    m_recoveryCode.clear();
    setState(State::Unlocked);
}

void SessionController::lock()
{
    if (m_busy)
        return;
    m_autoLock.stop();
    m_store.reset();
    m_profile = {};
    Q_EMIT profileChanged();
    refreshFromDisk();
}

void SessionController::reloadProfile()
{
    m_profile = m_store ? domain::loadProfile(m_store->database()).value_or({}) : domain::Profile{};
    m_serverRole = m_store ? storage::readMeta(m_store->database(), "sync.role").value_or(QString()) : QString();
    Q_EMIT profileChanged();
}

bool SessionController::may(const QString &kind, const QString &op) const
{
    const auto right = model::opNamed(op);
    return right && model::may(effectiveRole(), kind, *right);
}

bool SessionController::hasPower(const QString &power) const
{
    const auto p = model::powerNamed(power);
    return p && model::has(effectiveRole(), *p);
}

void SessionController::setLanguage(const QString &language)
{
    const QString lang = language.startsWith(u"en") ? u"en"_qs : u"zh_CN"_qs;
    if (lang == m_language)
        return;
    m_language = lang;
    Q_EMIT languageChanged();
}

void SessionController::applicationStateChanged(Qt::ApplicationState state)
{
    if (state == Qt::ApplicationActive) {
        m_autoLock.stop();
        // A suspended phone may never have run the timer: check the clock too.
        const bool expired = m_backgroundSince && m_clock() - m_backgroundSince >= kAutoLockMs;
        m_backgroundSince = 0;
        if (expired && m_state == State::Unlocked)
            lock();
        return;
    }
    if (m_backgroundSince == 0 && m_state == State::Unlocked) {
        m_backgroundSince = m_clock();
        m_autoLock.start();
    }
}

void SessionController::changePin(const QString &oldPin, const QString &newPin, const QString &confirmation)
{
    if (m_state != State::Unlocked || m_pinWatcher.isRunning())
        return;
    if (newPin != confirmation) {
        Q_EMIT pinChangeFinished(false, tr("The two PINs differ."));
        return;
    }
    auto outcome = std::make_shared<std::optional<Error>>();
    m_pinWatcher.disconnect(this);
    connect(&m_pinWatcher, &QFutureWatcher<void>::finished, this, [this, outcome] {
        Q_EMIT pinChangeFinished(!*outcome, *outcome ? (*outcome)->localized(m_language) : tr("PIN changed."));
    });
    m_pinWatcher.setFuture(QtConcurrent::run([dir = m_storeDirectory, keys = m_keys, outcome,
                                              oldSecret = std::make_shared<SecretBytes>(toSecret(oldPin)),
                                              newSecret = std::make_shared<SecretBytes>(toSecret(newPin))] {
        if (auto r = storage::Store::changePin(dir, *oldSecret, *newSecret, *keys); !r)
            *outcome = r.error();
    }));
}

void SessionController::clearError() { setError({}); }

void SessionController::setState(State state)
{
    // attemptsLeft and recoveryCode hang on stateChanged too, so emit even for the same state.
    m_state = state;
    Q_EMIT stateChanged();
}

void SessionController::setError(const QString &message)
{
    if (m_errorString == message)
        return;
    m_errorString = message;
    Q_EMIT errorChanged();
}

} // namespace hearth::app
