// SPDX-License-Identifier: GPL-3.0-or-later
#include "accounts.h"

#include "audit.h"
#include "core/domain/uuid.h"
#include "core/model/rights.h"

#include <QDateTime>
#include <QHostAddress>
#include <sodium.h>

#include <mutex>
#include <semaphore>

namespace hearth::server {
namespace {

QString tokenHash(const QByteArray &token)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(token.constData()), std::size_t(token.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
}

// Each Argon2id check takes 64 MiB: at most this many at once, whatever the number of callers,
// so the server's memory has a ceiling (docs/access.md).
std::counting_semaphore<16> g_passwordSlots(2);

struct PasswordSlot
{
    PasswordSlot() { g_passwordSlots.acquire(); }
    ~PasswordSlot() { g_passwordSlots.release(); }
};

Result<QString> hashPassword(const QByteArray &password)
{
    if (password.size() < 8)
        return Error::withReason(ErrorCode::InvalidArgument, u"密码至少 8 个字符"_qs,
                                 u"the password needs at least 8 characters"_qs);
    char out[crypto_pwhash_STRBYTES];
    PasswordSlot slot;
    if (crypto_pwhash_str(out, password.constData(), std::size_t(password.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return Error(ErrorCode::Crypto, u"password hash"_qs);
    return QString::fromLatin1(out);
}

// What an unknown user's password is checked against: a hash made with the same parameters,
// so refusing an unknown name costs what refusing a wrong password does.
const QByteArray &decoyHash()
{
    static QByteArray hash;
    static std::once_flag once;
    std::call_once(once, [] {
        unsigned char random[24];
        randombytes_buf(random, sizeof random);
        auto made = hashPassword(QByteArray(reinterpret_cast<const char *>(random), sizeof random).toBase64());
        hash = made ? made->toLatin1() : QByteArray();
    });
    return hash;
}

bool verify(const QByteArray &hash, const QByteArray &password)
{
    PasswordSlot slot;
    return crypto_pwhash_str_verify(hash.constData(), password.constData(), std::size_t(password.size())) == 0;
}

Error unauthorized()
{
    return Error::withReason(ErrorCode::Unauthorized, u"设备未登记或已被停用，请重新登记"_qs,
                             u"this device is not enrolled or was revoked; enrol it again"_qs);
}

// Seconds the next attempt under `key` must wait after `failures` failures.
int delayAfter(int failures, int free)
{
    if (failures < free)
        return 0;
    return std::min(kMaxDelaySeconds, 1 << std::min(failures - free, 20));
}

// How long the user name or the address is still held back (0: not at all).
Result<int> heldBack(Pg &pg, const QStringList &keys)
{
    auto r = pg.exec("SELECT coalesce(ceil(extract(epoch FROM max(locked_until) - now())), 0)::int FROM auth_failures"
                     " WHERE key = ANY($1::text[]) AND locked_until > now()",
                     {keys});
    if (!r)
        return r.error();
    return int(r->integer(0, 0));
}

Result<void> noteFailure(Pg &pg, const QString &key, int free)
{
    // Counts older than a day start again: a forgotten password last week costs nothing today.
    auto r = pg.exec("INSERT INTO auth_failures (key, failures) VALUES ($1, 1)"
                     " ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN auth_failures.last_at < now() - interval '1 day'"
                     " THEN 1 ELSE auth_failures.failures + 1 END, last_at = now() RETURNING failures",
                     {key});
    if (!r)
        return r.error();
    const int delay = delayAfter(int(r->integer(0, 0)), free);
    if (delay == 0)
        return {};
    auto lock = pg.exec("UPDATE auth_failures SET locked_until = now() + make_interval(secs => $2) WHERE key = $1",
                        {key, delay});
    return lock ? Result<void>() : Result<void>(lock.error());
}

Error wrongPassword()
{
    return Error::withReason(ErrorCode::Unauthorized, u"用户名或密码不对"_qs, u"wrong user name or password"_qs);
}

// The address attempts are counted under: an IPv4 address, or an IPv6 /64 (one subscriber
// holds a whole /64, and could otherwise step through its addresses).
QString clientKey(const QString &client)
{
    const QHostAddress a(client);
    if (a.protocol() != QAbstractSocket::IPv6Protocol || a.toIPv4Address() != 0)
        return client;
    Q_IPV6ADDR bytes = a.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + u"/64"_qs;
}

bool isUuid(const QString &s) { return sync::isStationId(s) && s == s.toLower(); }

Result<int> revokeAll(Pg &pg, qint64 userId, const QString &reason)
{
    auto r = pg.exec("UPDATE devices SET revoked_at = now(), revoke_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL",
                     {userId, reason});
    if (!r)
        return r.error();
    return int(r->affected());
}

Result<qint64> userId(Pg &pg, const QString &name)
{
    auto r = pg.exec("SELECT id FROM users WHERE name = $1 AND removed_at IS NULL", {name});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return Error(ErrorCode::NotFound, name);
    return r->integer(0, 0);
}

// One change to an account (`sql` with `params`), the revocation of its
// devices when `revokeReason` is given, and the audit entry, in one transaction. Returns how
// many devices were revoked.
Result<int> changeAccount(Pg &pg, qint64 id, const QString &name, const char *sql, const QVariantList &params,
                          const QString &action, const QString &revokeReason)
{
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    if (auto r = pg.exec(sql, params); !r)
        return r.error();
    // A new password, or a removed user: their console sessions end too.
    if (auto r = pg.exec("DELETE FROM console_sessions WHERE user_id = $1", {id}); !r)
        return r.error();
    int revoked = 0;
    if (!revokeReason.isEmpty()) {
        auto n = revokeAll(pg, id, revokeReason);
        if (!n)
            return n.error();
        revoked = *n;
    }
    HEARTH_TRY(appendAudit(pg, {u"admin"_qs, action, name,
                                revokeReason.isEmpty() ? u"devices kept"_qs : u"%1 devices revoked"_qs.arg(revoked), {}}));
    HEARTH_TRY(tx->commit());
    return revoked;
}

} // namespace

void prepareAccounts() { (void)decoyHash(); }

Result<void> checkScopes(Pg &pg, const QString &role, const QStringList &scopes)
{
    const auto refuse = [](const QString &zh, const QString &en, const QString &what) {
        const QString shown = what.left(40);
        return Error::withReason(ErrorCode::InvalidArgument, zh.arg(shown), en.arg(shown));
    };
    if (scopes.isEmpty())
        return refuse(u"至少要给一个范围%1"_qs, u"grant at least one scope%1"_qs, {});
    QStringList areas, stations;
    for (const QString &s : scopes) {
        if (sync::isAreaScope(s) && QList<int>{2, 4, 6, 9, 12}.contains(int(s.size())))
            areas << s;
        else if (isUuid(s))
            stations << s;
        else
            return refuse(u"范围“%1”既不是区划代码也不是站点编号"_qs, u"scope \"%1\" is neither an area code nor a station id"_qs, s);
    }
    auto unknown = pg.exec("SELECT count(*) FROM areas");
    if (!unknown)
        return unknown.error();
    if (!areas.isEmpty() && unknown->integer(0, 0) == 0)
        return refuse(u"服务器还没有区划表，请先运行 admin areas import%1"_qs,
                      u"the server has no area table yet: run admin areas import first%1"_qs, {});
    auto missing = pg.exec("SELECT c FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM areas WHERE code = c)"
                           " UNION ALL SELECT s FROM unnest($2::text[]) s WHERE NOT EXISTS (SELECT 1 FROM records r"
                           " WHERE r.entity = 'station' AND r.id = s AND NOT r.deleted)",
                           {areas, stations});
    if (!missing)
        return missing.error();
    if (missing->rows() > 0)
        return refuse(u"没有“%1”这个区划或站点"_qs, u"no area or station \"%1\""_qs, missing->text(0, 0));
    if (role == u"cadre" && !stations.isEmpty())
        return refuse(u"村（社区）干部的范围只能是区划%1"_qs, u"a cadre's scope holds areas only%1"_qs, {});
    if (role == u"volunteer") {
        if (!areas.isEmpty())
            return refuse(u"志愿者的范围只能是服务站点%1"_qs, u"a volunteer's scope holds travel points only%1"_qs, {});
        auto points = pg.exec("SELECT count(*) FROM records WHERE entity = 'station' AND id = ANY($1::text[])"
                              " AND body->>'kind' = 'travel_point'",
                              {stations});
        if (!points)
            return points.error();
        if (points->integer(0, 0) != stations.size())
            return refuse(u"志愿者的范围只能是服务站点%1"_qs, u"a volunteer's scope holds travel points only%1"_qs, {});
    }
    return {};
}

Result<void> setScopes(Pg &pg, const QString &name, const QStringList &scopes, const QString &actor)
{
    auto role = pg.exec("SELECT role FROM users WHERE name = $1 AND removed_at IS NULL", {name});
    if (!role)
        return role.error();
    if (role->rows() == 0)
        return Error(ErrorCode::NotFound, name);
    HEARTH_TRY(checkScopes(pg, role->text(0, 0), scopes));
    auto r = pg.exec("UPDATE users SET scopes = $2::text[] WHERE name = $1", {name, scopes});
    if (!r)
        return r.error();
    return appendAudit(pg, {actor, u"user.scope"_qs, name, scopes.join(u' '), {}});
}

Result<void> addUser(Pg &pg, const QString &name, const QString &role, const QStringList &scopes,
                     const QByteArray &password)
{
    if (name.trimmed().isEmpty() || name.size() > 64 || !model::isRole(role))
        return Error::withReason(ErrorCode::InvalidArgument, u"用法：user add 名字 --role 身份 --scope 区划或站点"_qs,
                                 u"usage: user add NAME --role ROLE --scope CODE[,CODE...]"_qs);
    HEARTH_TRY(checkScopes(pg, role, scopes));
    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    auto r = pg.exec("INSERT INTO users (name, role, password_hash, scopes) VALUES ($1, $2, $3, $4::text[])"
                     " ON CONFLICT (name) DO NOTHING",
                     {name.trimmed(), role, *hash, scopes});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error::withReason(ErrorCode::Duplicate, u"已有同名用户"_qs, u"a user with this name exists"_qs, name);
    return appendAudit(pg, {u"admin"_qs, u"user.add"_qs, name.trimmed(), role + u' ' + scopes.join(u' '), {}});
}

Result<int> setPassword(Pg &pg, const QString &name, const QByteArray &password, bool keepDevices)
{
    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    auto id = userId(pg, name);
    if (!id)
        return id.error();
    return changeAccount(pg, *id, name, "UPDATE users SET password_hash = $2 WHERE id = $1", {*id, *hash}, u"user.passwd"_qs,
                         keepDevices ? QString() : u"password changed"_qs);
}

Result<int> removeUser(Pg &pg, const QString &name)
{
    auto id = userId(pg, name);
    if (!id)
        return id.error();
    return changeAccount(pg, *id, name, "UPDATE users SET removed_at = now() WHERE id = $1", {*id}, u"user.remove"_qs,
                         u"user removed"_qs);
}

Result<SignedIn> checkPassword(Pg &pg, const QString &user, const QByteArray &password, const QString &client,
                               const QString &what)
{
    const QString userKey = u"user:"_qs + user.left(64), addrKey = u"addr:"_qs + clientKey(client);
    // Wrong second-factor codes are counted apart (code:NAME): a right password elsewhere (a
    // device's enrolment) clears the password's count, never the codes'.
    auto wait = heldBack(pg, {userKey, addrKey, u"code:"_qs + user.left(64)});
    if (!wait)
        return wait.error();
    if (*wait > 0)
        return Error::withReason(ErrorCode::TooManyAttempts, u"请 %1 秒后再试"_qs.arg(*wait),
                                 u"try again in %1 s"_qs.arg(*wait), QString::number(*wait));
    auto found = pg.exec("SELECT id, password_hash, role, array_to_json(scopes) FROM users WHERE name = $1"
                         " AND removed_at IS NULL",
                         {user});
    if (!found)
        return found.error();
    // The same work for an unknown user as for a wrong password: no name can be told apart.
    const bool known = found->rows() == 1;
    const bool good = verify(known ? found->bytes(0, 1) : decoyHash(), password) && known;
    if (!good) {
        HEARTH_TRY(noteFailedSignIn(pg, user, client, what));
        return wrongPassword();
    }
    return SignedIn{found->integer(0, 0), user, found->text(0, 2), found->textList(0, 3)};
}

Result<void> noteFailedSignIn(Pg &pg, const QString &user, const QString &client, const QString &what, bool secondFactor)
{
    const QString addrKey = u"addr:"_qs + clientKey(client);
    HEARTH_TRY(noteFailure(pg, (secondFactor ? u"code:"_qs : u"user:"_qs) + user.left(64), kFreeFailuresPerUser));
    HEARTH_TRY(noteFailure(pg, addrKey, kFreeFailuresPerAddress));
    return appendAudit(pg, {addrKey, what + u".failed"_qs, user.left(64), {}, {}});
}

Result<void> clearFailedSignIns(Pg &pg, const QString &user, bool secondFactor)
{
    QStringList keys{u"user:"_qs + user.left(64)};
    if (secondFactor)
        keys << u"code:"_qs + user.left(64);
    auto cleared = pg.exec("DELETE FROM auth_failures WHERE key = ANY($1::text[])", {keys});
    return cleared ? Result<void>() : Result<void>(cleared.error());
}

Result<Enrolment> enrol(Pg &pg, const QString &user, const QByteArray &password, const QString &deviceName,
                        const QString &client, qint64 firstSeq, const SecondFactorCheck &secondFactor)
{
    auto signedIn = checkPassword(pg, user, password, client, u"enrol"_qs);
    if (!signedIn)
        return signedIn.error();
    bool codeChecked = false;
    if (secondFactor) {
        auto checked = secondFactor(*signedIn);
        if (!checked)
            return checked.error();
        codeChecked = *checked;
    }
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(raw), sizeof raw)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    sodium_memzero(raw, sizeof raw);
    const QString id = makeUuidV7(QDateTime::currentMSecsSinceEpoch());
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    auto r = pg.exec("INSERT INTO devices (id, user_id, name, token_hash, last_seq) VALUES ($1, $2, $3, $4, $5)",
                     {id, signedIn->userId, deviceName.left(200), tokenHash(token), firstSeq - 1});
    if (!r)
        return r.error();
    HEARTH_TRY(clearFailedSignIns(pg, user, codeChecked));
    HEARTH_TRY(appendAudit(pg, {user, u"enrol"_qs, id, u"addr:"_qs + clientKey(client), {}}));
    HEARTH_TRY(tx->commit());
    return Enrolment{id, QString::fromLatin1(token), signedIn->role, signedIn->scopes};
}

bool knownToken(Pg &pg, const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 200)
        return false;
    auto r = pg.exec("SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = $1"
                     " AND d.revoked_at IS NULL AND u.removed_at IS NULL",
                     {tokenHash(token)});
    return r && r->rows() == 1;
}

Result<Device> authenticate(Pg &pg, const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 200)
        return unauthorized();
    auto r = pg.exec("UPDATE devices d SET last_seen = now() FROM users u"
                     " WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND u.id = d.user_id AND u.removed_at IS NULL"
                     " RETURNING d.id, d.name, u.id, u.name, u.role, array_to_json(u.scopes), d.last_seq,"
                     " d.wipe_requested_at IS NOT NULL, u.offline_lease_days",
                     {tokenHash(token)});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return unauthorized();
    return Device{r->text(0, 0), r->text(0, 1), r->integer(0, 2), r->text(0, 3), r->text(0, 4), r->textList(0, 5),
                  r->integer(0, 6), r->text(0, 7) == u"t", int(r->integer(0, 8))};
}

Result<void> revoke(Pg &pg, const QString &deviceId, const QString &reason, const QString &actor)
{
    auto r = pg.exec("UPDATE devices SET revoked_at = now(), revoke_reason = $2 WHERE id = $1 AND revoked_at IS NULL",
                     {deviceId, reason});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error(ErrorCode::NotFound, deviceId);
    return appendAudit(pg, {actor, u"device.revoke"_qs, deviceId, reason, {}});
}

} // namespace hearth::server
