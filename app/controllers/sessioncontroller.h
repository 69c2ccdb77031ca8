// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The app's session: first-run PIN setup, unlock, lockout, and the open store. The slow parts
// (Argon2id, opening and migrating the database) run off the UI thread; QML only binds to the
// state and forwards what the user typed.

#include "core/domain/clock.h"
#include "core/domain/profile.h"
#include "core/storage/store.h"

#include "core/sync/devicecontrol.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace hearth::platform {
class SecureKeyStore;
}

namespace hearth::app {

class SessionController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("created by main.cpp; use the Session singleton")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool hasError READ hasError NOTIFY errorChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    Q_PROPERTY(int attemptsLeft READ attemptsLeft NOTIFY stateChanged)
    Q_PROPERTY(QString recoveryCode READ recoveryCode NOTIFY stateChanged)
    // Only the recovery code can open the store now: too many wrong PINs, the phone's key store
    // lost its key (a new screen lock, a restore), or the PIN's wrap is damaged. The unlock pages
    // then offer recover().
    Q_PROPERTY(bool needsRecoveryCode READ needsRecoveryCode NOTIFY stateChanged)
    Q_PROPERTY(QString storeDirectory READ storeDirectory CONSTANT)
    Q_PROPERTY(int minimumPinLength READ minimumPinLength CONSTANT)
    // Who uses the device (chosen on first run, kept in the store); empty role = not chosen yet.
    Q_PROPERTY(bool hasProfile READ hasProfile NOTIFY profileChanged)
    Q_PROPERTY(QString role READ role NOTIFY profileChanged)
    // The role the server gave this account (core/model/rights.cpp), or the profile's before
    // enrolment: what the pages offer follows it.
    Q_PROPERTY(QString effectiveRole READ effectiveRole NOTIFY profileChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY profileChanged)
    Q_PROPERTY(QString areaCode READ areaCode NOTIFY profileChanged)
    Q_PROPERTY(QString stationId READ stationId NOTIFY profileChanged)
    Q_PROPERTY(int accuracyLimitM READ accuracyLimitM NOTIFY profileChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    // The server revoked this device (a sync got 401): it may be wiped from the unlock page.
    Q_PROPERTY(bool revoked READ revoked NOTIFY stateChanged)
    // Why the store is gone, when an administrator's wipe erased it (empty otherwise).
    Q_PROPERTY(QString wipedNotice READ wipedNotice NOTIFY stateChanged)
    // The offline lease: days allowed without contact, and the days since the last one.
    Q_PROPERTY(int leaseDays READ leaseDays NOTIFY stateChanged)
    Q_PROPERTY(int daysWithoutContact READ daysWithoutContact NOTIFY stateChanged)

public:
    enum class State {
        NeedsSetup,       // no store yet: choose a PIN
        ShowRecoveryCode, // store just made: the code must be written down once
        Locked,           // a store exists: enter the PIN
        LockedOut,        // too many wrong PINs: an administrator must unlock
        Wiped,            // the key was destroyed by policy
        Unlocked,
        LeaseExpired,     // open, but too long without the server: sync, or an administrator's code
    };
    Q_ENUM(State)

    SessionController(QString storeDirectory, std::unique_ptr<platform::SecureKeyStore> keys, QString language,
                      QObject *parent = nullptr);
    ~SessionController() override;

    State state() const { return m_state; }
    bool busy() const { return m_busy; }
    bool hasError() const { return !m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; }
    int attemptsLeft() const { return m_attemptsLeft; }
    QString recoveryCode() const { return m_state == State::ShowRecoveryCode ? m_recoveryCode : QString(); }
    bool needsRecoveryCode() const { return m_state == State::LockedOut || m_deviceKeyLost; }
    QString storeDirectory() const { return m_storeDirectory; }
    int minimumPinLength() const { return 6; }
    // The open store, or null while locked. Owned here; valid until lock().
    storage::Store *store() const { return m_store.get(); }

    bool hasProfile() const { return m_profile.isSet(); }
    QString role() const { return m_profile.role; }
    QString effectiveRole() const { return m_serverRole.isEmpty() ? m_profile.role : m_serverRole; }
    // Whether this role may `op` ("create", "edit", "delete") records of `kind`, or has `power`
    // ("reveal", "export", ...). The server refuses the rest anyway; the pages do not offer it.
    Q_INVOKABLE bool may(const QString &kind, const QString &op) const;
    Q_INVOKABLE bool hasPower(const QString &power) const;
    QString userName() const { return m_profile.userName; }
    QString areaCode() const { return m_profile.areaCode; }
    QString stationId() const { return m_profile.stationId; }
    int accuracyLimitM() const { return m_profile.accuracyLimitM; }
    const domain::Profile &profile() const { return m_profile; }
    QString language() const { return m_language; }
    void setLanguage(const QString &language);

    // Auto-lock: after this long in the background the store closes (DESIGN: 5 minutes).
    static constexpr qint64 kAutoLockMs = 5 * 60 * 1000;
    // Fed from QGuiApplication::applicationStateChanged by main.cpp; tests call it directly.
    void applicationStateChanged(Qt::ApplicationState state);
    void setClock(domain::Clock clock) { m_clock = domain::orSystemClock(std::move(clock)); }

    Q_INVOKABLE void createStore(const QString &pin, const QString &confirmation);
    Q_INVOKABLE void unlock(const QString &pin);
    Q_INVOKABLE void acknowledgeRecoveryCode();
    // Opens the store with the recovery code written down at its creation, and sets a new PIN
    // (which makes a new device key on phones). From Locked or LockedOut.
    Q_INVOKABLE void recover(const QString &recoveryCode, const QString &newPin, const QString &confirmation);
    Q_INVOKABLE void lock();
    Q_INVOKABLE void clearError();
    // Records arrived from elsewhere (a sync): pages re-read what they show.
    void notifyDataChanged() { Q_EMIT dataChanged(); }
    // Re-reads the profile from the store (after the profile or settings page saved it).
    Q_INVOKABLE void reloadProfile();
    // Rewraps the key with a new PIN (Argon2id, off the UI thread); pinChangeFinished tells.
    Q_INVOKABLE void changePin(const QString &oldPin, const QString &newPin, const QString &confirmation);

    // Revocation: a marker file beside the store (it says nothing about anyone), set by sync on
    // a 401 and cleared by a new enrolment. wipe() removes the store and its photos for good.
    bool revoked() const;
    void setRevoked(bool revoked);
    // Screenshots only: the unlock page as a phone shows it after its key store lost the key.
    void showDeviceKeyLost();
    Q_INVOKABLE void wipe();
    // An administrator's wipe, confirmed to the server: the store is erased, a notice left.
    void finishRemoteWipe();
    QString wipedNotice() const;
    // The offline lease (sync/devicecontrol.h): checked at unlock and after every round.
    Q_INVOKABLE void recheckLease();
    Q_INVOKABLE void unlockLease(const QString &code);
    int leaseDays() const { return m_lease.leaseDays; }
    int daysWithoutContact() const;

Q_SIGNALS:
    void stateChanged();
    void busyChanged();
    void errorChanged();
    void profileChanged();
    void languageChanged();
    void dataChanged();
    void pinChangeFinished(bool ok, const QString &message);

private:
    struct Outcome;
    void refreshFromDisk();
    void run(std::function<Outcome()> work);
    void finish(Outcome outcome);
    void setState(State state);
    void setError(const QString &message);

    QString m_storeDirectory;
    std::shared_ptr<platform::SecureKeyStore> m_keys;
    QString m_language;
    std::unique_ptr<storage::Store> m_store;
    State m_state = State::NeedsSetup;
    bool m_busy = false;
    QString m_errorString;
    bool m_deviceKeyLost = false;
    QString m_recoveryCode;
    int m_attemptsLeft = 0;
    QFutureWatcher<void> m_watcher;
    domain::Profile m_profile;
    QString m_serverRole;
    sync::LeaseState m_lease;
    domain::Clock m_clock = domain::orSystemClock({});
    qint64 m_backgroundSince = 0; // 0 = in the foreground
    QTimer m_autoLock;
    QFutureWatcher<void> m_pinWatcher;
};

} // namespace hearth::app
