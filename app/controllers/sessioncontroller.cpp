// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessioncontroller.h"

#include "core/platform/securekeystore.h"

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
    refreshFromDisk();
}

SessionController::~SessionController() { m_watcher.waitForFinished(); }

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
        refreshFromDisk();
        if (outcome.error->code() == ErrorCode::StoreWiped)
            setState(State::Wiped);
        return;
    }
    m_store = std::move(outcome.store);
    m_recoveryCode = outcome.recoveryCode;
    setState(m_recoveryCode.isEmpty() ? State::Unlocked : State::ShowRecoveryCode);
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
    m_store.reset();
    refreshFromDisk();
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
