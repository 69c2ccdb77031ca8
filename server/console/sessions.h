// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Signing in to the console (docs/console.md): a password under the access rules' attempt
// limits, then a TOTP code; a user without one enrols it on their first sign-in (the page shows
// the QR code, a code from the app confirms it). A session is a random token in an http-only,
// Secure, SameSite=Strict cookie, kept on the server only as its hash, with a CSRF token every
// change must carry; it ends when idle, after twelve hours, or at sign-out.

#include "sealedsecret.h"
#include "server/pg.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace hearth::server::console {

// The refusal of anything outside the signed-in user's scope (403, both languages).
inline Error outsideScope()
{
    return Error::withReason(ErrorCode::Forbidden, u"超出您的负责范围"_qs, u"outside your scope"_qs);
}

// Who may use the console: supervisors and administrators; a station's staff see their station.
bool mayUseConsole(const QString &role);

struct ConsoleUser
{
    qint64 id = 0;
    QString name, role;
    QStringList scopes;
    QByteArray csrf;
};

struct SignIn
{
    // Set when signed in.
    QByteArray token;
    QByteArray csrf;
    // Set when the user has no second factor yet: scan this, then sign in with a code.
    QString enrolSecret;
    QString enrolUri;
};

// `nowS` is the clock TOTP codes are checked against (seconds since 1970); the secrets are
// stored sealed by `sealer` (sealedsecret.h).
Result<SignIn> signIn(Pg &pg, const QString &user, const QByteArray &password, const QString &code,
                      const QString &client, qint64 nowS, const SecretSealer &sealer);
// The session's user, and its last use set to now. Unauthorized when unknown, idle longer than
// `idleMinutes`, older than twelve hours, or its user removed or no longer allowed.
Result<ConsoleUser> sessionUser(Pg &pg, const QByteArray &token, int idleMinutes);
Result<void> signOut(Pg &pg, const QByteArray &token);
// Whose devices are enrolled with the second factor as well as the password: the roles that
// reach beyond one village or station (a password seen over a shoulder must not carry a whole
// county's people onto a phone).
bool enrolsWithSecondFactor(const QString &role);
// A device's enrolment by such a user: their TOTP code, checked and used up (a code works once,
// at the console or here). Forbidden when they have no second factor yet (they set it up at the
// console's first sign-in); Unauthorized (detail kSecondFactorRequired) when the code is missing
// or wrong, a wrong one counted against the attempt limits.
Result<void> checkEnrolmentCode(Pg &pg, qint64 userId, const QString &user, const QString &code,
                                const QString &client, qint64 nowS, const SecretSealer &sealer);
// A lost phone: the user's second factor is forgotten (enrolled again at their next sign-in) and
// their sessions end. NotFound when there is no such user. Not audited here: the caller knows who.
Result<void> resetSecondFactor(Pg &pg, const QString &user);

inline constexpr int kDefaultIdleMinutes = 30;
inline constexpr int kSessionHours = 12;
inline constexpr int kEnrolMinutes = 15; // a first sign-in's secret is good this long

} // namespace hearth::server::console
