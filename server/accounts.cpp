// SPDX-License-Identifier: GPL-3.0-or-later
#include "accounts.h"

#include "core/domain/uuid.h"

#include <QDateTime>
#include <QRegularExpression>
#include <sodium.h>

namespace hearth::server {
namespace {

QString tokenHash(const QByteArray &token)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(token.constData()), std::size_t(token.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
}

Result<QString> hashPassword(const QByteArray &password)
{
    if (password.size() < 8)
        return Error::withReason(ErrorCode::InvalidArgument, u"密码至少 8 个字符"_qs,
                                 u"the password needs at least 8 characters"_qs);
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.constData(), std::size_t(password.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return Error(ErrorCode::Crypto, u"password hash"_qs);
    return QString::fromLatin1(out);
}

Error unauthorized()
{
    return Error::withReason(ErrorCode::Unauthorized, u"设备未登记或已被停用，请重新登记"_qs,
                             u"this device is not enrolled or was revoked; enrol it again"_qs);
}

} // namespace

// Area codes of 2 to 12 digits, or station ids (UUIDs); nothing else reaches SQL.
bool validScopes(const QStringList &scopes)
{
    static const QRegularExpression scopeForm(uR"(^(\d{2,12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$)"_qs);
    return !scopes.isEmpty() &&
           std::all_of(scopes.begin(), scopes.end(), [](const QString &s) { return scopeForm.match(s).hasMatch(); });
}

Result<void> setScopes(Pg &pg, const QString &name, const QStringList &scopes)
{
    if (!validScopes(scopes))
        return Error::withReason(ErrorCode::InvalidArgument, u"用法：user scope 名字 --scope 区划或站点"_qs,
                                 u"usage: user scope NAME --scope CODE[,CODE...]"_qs);
    auto r = pg.exec("UPDATE users SET scopes = $2 WHERE name = $1", {name, u"{"_qs + scopes.join(u',') + u"}"_qs});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error(ErrorCode::NotFound, name);
    return {};
}

Result<void> addUser(Pg &pg, const QString &name, const QString &role, const QStringList &scopes,
                     const QByteArray &password)
{
    if (name.trimmed().isEmpty() || !kRoles.contains(role) || !validScopes(scopes))
        return Error::withReason(ErrorCode::InvalidArgument, u"用法：user add 名字 --role 身份 --scope 区划或站点"_qs,
                                 u"usage: user add NAME --role ROLE --scope CODE[,CODE...]"_qs);
    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    auto r = pg.exec("INSERT INTO users (name, role, password_hash, scopes) VALUES ($1, $2, $3, $4)"
                     " ON CONFLICT (name) DO NOTHING",
                     {name.trimmed(), role, *hash, u"{"_qs + scopes.join(u',') + u"}"_qs});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error::withReason(ErrorCode::Duplicate, u"已有同名用户"_qs, u"a user with this name exists"_qs, name);
    return {};
}

Result<void> setPassword(Pg &pg, const QString &name, const QByteArray &password)
{
    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    auto r = pg.exec("UPDATE users SET password_hash = $2 WHERE name = $1", {name, *hash});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error(ErrorCode::NotFound, name);
    return {};
}

Result<std::pair<QString, QString>> enrol(Pg &pg, const QString &user, const QByteArray &password,
                                          const QString &deviceName, qint64 firstSeq)
{
    auto found = pg.exec("SELECT id, password_hash FROM users WHERE name = $1", {user});
    if (!found)
        return found.error();
    // The same refusal for an unknown user and a wrong password.
    const QByteArray hash = found->rows() ? found->bytes(0, 1) : QByteArray();
    if (hash.isEmpty() ||
        crypto_pwhash_str_verify(hash.constData(), password.constData(), std::size_t(password.size())) != 0)
        return Error::withReason(ErrorCode::Unauthorized, u"用户名或密码不对"_qs, u"wrong user name or password"_qs);
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(raw), sizeof raw)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    sodium_memzero(raw, sizeof raw);
    const QString id = makeUuidV7(QDateTime::currentMSecsSinceEpoch());
    auto r = pg.exec("INSERT INTO devices (id, user_id, name, token_hash, last_seq) VALUES ($1, $2, $3, $4, $5)",
                     {id, found->integer(0, 0), deviceName.left(200), tokenHash(token), firstSeq - 1});
    if (!r)
        return r.error();
    return std::pair{id, QString::fromLatin1(token)};
}

Result<Device> authenticate(Pg &pg, const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 200)
        return unauthorized();
    auto r = pg.exec("UPDATE devices d SET last_seen = now() FROM users u"
                     " WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND u.id = d.user_id"
                     " RETURNING d.id, d.name, u.id, u.name, u.role, array_to_string(u.scopes, ','), d.last_seq",
                     {tokenHash(token)});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return unauthorized();
    return Device{r->text(0, 0), r->text(0, 1), r->integer(0, 2), r->text(0, 3), r->text(0, 4),
                  r->text(0, 5).split(u',', Qt::SkipEmptyParts), r->integer(0, 6)};
}

Result<void> revoke(Pg &pg, const QString &deviceId)
{
    auto r = pg.exec("UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", {deviceId});
    if (!r)
        return r.error();
    if (r->affected() == 0)
        return Error(ErrorCode::NotFound, deviceId);
    return {};
}

} // namespace hearth::server
