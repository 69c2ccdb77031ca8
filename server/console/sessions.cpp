// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions.h"

#include "core/protocol/entry.h"
#include "server/accounts.h"
#include "server/audit.h"
#include "totp.h"

#include <QCryptographicHash>

#include <sodium.h>

namespace hearth::server::console {
namespace {

QByteArray randomToken()
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(raw), sizeof raw)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    sodium_memzero(raw, sizeof raw);
    return token;
}

QString hashOf(const QByteArray &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

Error wrongCode()
{
    return Error::withReason(ErrorCode::Unauthorized, u"动态验证码不对或已用过，请看手机上的新验证码"_qs,
                             u"wrong or already used code: enter the one your app shows now"_qs,
                             QString::fromLatin1(protocol::kSecondFactorRequired));
}

// The step `code` stands for, when it is right for `secret` and newer than the last one used.
std::optional<qint64> freshStep(const QString &secret, const QString &code, qint64 lastStep, qint64 nowS)
{
    const auto step = totpStep(secret, code, nowS);
    return step && *step > lastStep ? step : std::nullopt;
}

} // namespace

bool mayUseConsole(const QString &role)
{
    return role == u"supervisor" || role == u"admin" || role == u"station";
}

Result<SignIn> signIn(Pg &pg, const QString &user, const QByteArray &password, const QString &code,
                      const QString &client, qint64 nowS, const SecretSealer &sealer)
{
    auto who = checkPassword(pg, user, password, client, u"console"_qs);
    if (!who)
        return who.error();
    if (!mayUseConsole(who->role))
        return Error::withReason(ErrorCode::Forbidden, u"您的角色不能使用管理台"_qs, u"your role does not use the console"_qs);
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    // A secret offered at a first sign-in and not confirmed within kEnrolMinutes is no longer
    // good (a password seen once does not leave a standing offer): the next sign-in offers another.
    auto row = pg.exec("SELECT coalesce(totp_secret, ''),"
                       " CASE WHEN totp_pending_at > now() - make_interval(mins => $2) THEN coalesce(totp_pending, '') ELSE '' END,"
                       " coalesce(totp_last_step, -1)"
                       " FROM users WHERE id = $1 FOR UPDATE",
                       {who->userId, kEnrolMinutes});
    if (!row)
        return row.error();
    auto stored = sealer.open(who->userId, row->text(0, 0));
    auto offer = sealer.open(who->userId, row->text(0, 1));
    if (!stored || !offer)
        return !stored ? stored.error() : offer.error();
    QString secret = *stored;
    const QString pending = *offer;
    const qint64 lastStep = row->integer(0, 2);
    if (secret.isEmpty()) {
        // First sign-in: offer a secret (the same one until it is confirmed), confirmed by a code.
        if (pending.isEmpty() || code.trimmed().isEmpty()) {
            const QString offered = pending.isEmpty() ? newTotpSecret() : pending;
            if (pending.isEmpty())
                if (auto r = pg.exec("UPDATE users SET totp_pending = $2, totp_pending_at = now() WHERE id = $1",
                                     {who->userId, sealer.seal(who->userId, offered)});
                    !r)
                    return r.error();
            HEARTH_TRY(tx->commit());
            return SignIn{{}, {}, offered, totpUri(user, offered)};
        }
        secret = pending;
    }
    const auto step = freshStep(secret, code, lastStep, nowS);
    if (!step) {
        HEARTH_TRY(tx->commit()); // nothing changed; the failure is counted outside the row lock
        HEARTH_TRY(noteFailedSignIn(pg, user, client, u"console.code"_qs, true));
        return wrongCode();
    }
    if (auto r = pg.exec("UPDATE users SET totp_secret = $2, totp_pending = NULL, totp_pending_at = NULL, totp_last_step = $3"
                         " WHERE id = $1",
                         {who->userId, sealer.seal(who->userId, secret), *step});
        !r)
        return r.error();
    const QByteArray token = randomToken(), csrf = randomToken();
    if (auto r = pg.exec("INSERT INTO console_sessions (token_hash, user_id, csrf, client) VALUES ($1, $2, $3, $4)",
                         {hashOf(token), who->userId, QString::fromLatin1(csrf), client.left(64)});
        !r)
        return r.error();
    HEARTH_TRY(clearFailedSignIns(pg, user, true));
    HEARTH_TRY(appendAudit(pg, {user, pending.isEmpty() ? u"console.signin"_qs : u"console.enrolled"_qs, {}, client.left(64), {}}));
    HEARTH_TRY(tx->commit());
    return SignIn{token, csrf, {}, {}};
}

bool enrolsWithSecondFactor(const QString &role)
{
    return role == u"supervisor" || role == u"admin";
}

Result<void> checkEnrolmentCode(Pg &pg, qint64 userId, const QString &user, const QString &code,
                                const QString &client, qint64 nowS, const SecretSealer &sealer)
{
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    // The row held while the code is used up: two enrolments with one code, one wins.
    auto row = pg.exec("SELECT coalesce(totp_secret, ''), coalesce(totp_last_step, -1) FROM users WHERE id = $1 FOR UPDATE",
                       {userId});
    if (!row)
        return row.error();
    auto secret = sealer.open(userId, row->text(0, 0));
    if (!secret)
        return secret.error();
    if (secret->isEmpty())
        return Error::withReason(ErrorCode::Unauthorized,
                                 u"您的账号需要动态验证码：请先登录管理台设置，再登记这台设备"_qs,
                                 u"your account needs a second factor: set it up by signing in to the console, then "
                                 "enrol this device"_qs);
    if (code.trimmed().isEmpty()) // asked for, not a failure: the app shows the field now
        return Error::withReason(ErrorCode::Unauthorized, u"请输入验证器（手机应用）上的动态验证码"_qs,
                                 u"enter the code your authenticator app shows"_qs,
                                 QString::fromLatin1(protocol::kSecondFactorRequired));
    const auto step = freshStep(*secret, code, row->integer(0, 1), nowS);
    if (!step) {
        HEARTH_TRY(tx->commit()); // nothing changed; the failure is counted outside the row lock
        HEARTH_TRY(noteFailedSignIn(pg, user, client, u"enrol.code"_qs, true));
        return wrongCode();
    }
    if (auto r = pg.exec("UPDATE users SET totp_last_step = $2 WHERE id = $1", {userId, *step}); !r)
        return r.error();
    return tx->commit();
}

Result<ConsoleUser> sessionUser(Pg &pg, const QByteArray &token, int idleMinutes)
{
    const Error expired = Error::withReason(ErrorCode::Unauthorized, u"请重新登录"_qs, u"please sign in again"_qs);
    if (token.isEmpty() || token.size() > 100)
        return expired;
    auto r = pg.exec("UPDATE console_sessions s SET last_seen = now() FROM users u"
                     " WHERE s.token_hash = $1 AND u.id = s.user_id AND u.removed_at IS NULL"
                     " AND s.last_seen > now() - make_interval(mins => $2::int)"
                     " AND s.created_at > now() - make_interval(hours => $3::int)"
                     " RETURNING u.id, u.name, u.role, array_to_json(u.scopes), s.csrf",
                     {hashOf(token), idleMinutes, kSessionHours});
    if (!r)
        return r.error();
    if (r->rows() == 0 || !mayUseConsole(r->text(0, 2))) {
        // Gone for good: an expired row is removed, so its token never works again.
        if (auto gone = pg.exec("DELETE FROM console_sessions WHERE token_hash = $1", {hashOf(token)}); !gone)
            return gone.error();
        return expired;
    }
    return ConsoleUser{r->integer(0, 0), r->text(0, 1), r->text(0, 2), r->textList(0, 3), r->bytes(0, 4)};
}

Result<void> signOut(Pg &pg, const QByteArray &token)
{
    auto r = pg.exec("DELETE FROM console_sessions WHERE token_hash = $1", {hashOf(token)});
    return r ? Result<void>() : Result<void>(r.error());
}

Result<void> resetSecondFactor(Pg &pg, const QString &user)
{
    auto r = pg.exec("WITH u AS (UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_pending_at = NULL,"
                     " totp_last_step = NULL WHERE name = $1 AND removed_at IS NULL RETURNING id),"
                     " s AS (DELETE FROM console_sessions WHERE user_id IN (SELECT id FROM u))"
                     " SELECT count(*) FROM u",
                     {user});
    if (!r)
        return r.error();
    if (r->integer(0, 0) == 0)
        return Error::withReason(ErrorCode::NotFound, u"没有这个用户"_qs, u"no such user"_qs);
    return {};
}

} // namespace hearth::server::console
