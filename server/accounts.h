// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Users (Argon2id password hashes), the scopes an administrator grants them, and enrolled
// devices with bearer tokens kept only as hashes. A scope entry is an area code of the GB/T
// 2260 table ("510321": the county and everything in it) or the UUID of an existing station.

#include "core/sync/scope.h"
#include "pg.h"

#include <QStringList>

#include <functional>

namespace hearth::server {

struct Device
{
    QString id;
    QString name;
    qint64 userId = 0;
    QString userName;
    QString role;
    QStringList scopes;
    qint64 lastSeq = 0;
    bool wipeRequested = false; // an administrator asked: it pushes, then destroys its store
    int leaseDays = 30;         // days without contact before the device locks
};

// Checks a grant: every area code is in the area table, every station id names a live
// station, and the role may hold it (a cadre holds areas, a volunteer travel points).
Result<void> checkScopes(Pg &pg, const QString &role, const QStringList &scopes);
Result<void> addUser(Pg &pg, const QString &name, const QString &role, const QStringList &scopes,
                     const QByteArray &password);
// A new password revokes the user's devices (they enrol again with it) unless `keepDevices`.
Result<int> setPassword(Pg &pg, const QString &name, const QByteArray &password, bool keepDevices = false);
// The user signs in no more and their devices are revoked; their row stays for the audit.
Result<int> removeUser(Pg &pg, const QString &name);
// Replaces a user's scopes; its devices purge what falls outside at their next sync.
Result<void> setScopes(Pg &pg, const QString &name, const QStringList &scopes, const QString &actor = u"admin"_qs);

// A user whose password was right.
struct SignedIn
{
    qint64 userId = 0;
    QString name, role;
    QStringList scopes;
};
// Checks a password under the attempt limits (the same work and time whether or not the user
// exists): TooManyAttempts (detail: seconds to wait) while the user name or the client's address is
// held back; a wrong one is counted for both and audited as `what`.failed.
Result<SignedIn> checkPassword(Pg &pg, const QString &user, const QByteArray &password, const QString &client,
                               const QString &what);
// A failed sign-in: a wrong password, or (secondFactor) a wrong second-factor code, counted
// apart so that a right password alone never clears the codes' count.
Result<void> noteFailedSignIn(Pg &pg, const QString &user, const QString &client, const QString &what,
                              bool secondFactor = false);
Result<void> clearFailedSignIns(Pg &pg, const QString &user, bool secondFactor = false);

struct Enrolment
{
    QString deviceId, token, role;
    QStringList scopes;
};
// Checks the password (the same work and time whether or not the user exists), then makes a
// device and its token. `client` is the caller's address, for the attempt limits. The device's
// first entry will be `firstSeq` (a store enrolling again continues its outbox). Refused with
// TooManyAttempts (detail: seconds to wait) while the user name or the address is held back.
// `secondFactor`, when given, is asked after the password, before the device is made (the
// console's TOTP code for the roles that need one: console/sessions.h); true when it checked a
// code (only then are the codes' failures cleared).
using SecondFactorCheck = std::function<Result<bool>(const SignedIn &)>;
Result<Enrolment> enrol(Pg &pg, const QString &user, const QByteArray &password, const QString &deviceName,
                        const QString &client, qint64 firstSeq = 1, const SecondFactorCheck &secondFactor = {});
// Whether a bearer token is a live device's (a cheap look, before a body is read).
bool knownToken(Pg &pg, const QByteArray &token);
// The device a bearer token belongs to; Unauthorized when unknown, revoked or its user removed.
Result<Device> authenticate(Pg &pg, const QByteArray &token);
Result<void> revoke(Pg &pg, const QString &deviceId, const QString &reason = u"admin"_qs,
                    const QString &actor = u"admin"_qs);

// Makes what the first sign-in would otherwise make (the decoy hash an unknown user is checked
// against), so no sign-in is slower than another.
void prepareAccounts();

// Whether a record scoped to `scope` (an area code or a station id) is inside `scopes`.
inline bool inScope(const QStringList &scopes, const QString &scope) { return sync::insideScopes(scopes, scope); }

// The attempt limits (docs/access.md): failures allowed before delays start, and the longest delay.
inline constexpr int kFreeFailuresPerUser = 5;
inline constexpr int kFreeFailuresPerAddress = 20;
inline constexpr int kMaxDelaySeconds = 15 * 60;

} // namespace hearth::server
