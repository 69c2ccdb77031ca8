// SPDX-License-Identifier: GPL-3.0-or-later
#include "sealedsecret.h"

#include "server/pg.h"

#include <QDir>
#include <QFile>

#include <sodium.h>

namespace hearth::server::console {
namespace {

const QString kPrefix = u"sealed:"_qs;
const QString kKeyFile = u"console-secrets.key"_qs;

QByteArray boundTo(qint64 userId) { return "hearth totp " + QByteArray::number(userId); }

Error keyError(const QString &what)
{
    return Error::withReason(ErrorCode::Io, u"无法读取或创建管理台密钥文件"_qs, u"cannot read or make the console's key file"_qs, what);
}

} // namespace

Result<SecretSealer> SecretSealer::inFolder(const QString &dir)
{
    SecretSealer s;
    const QString path = QDir(dir).filePath(kKeyFile);
    QFile file(path);
    if (!file.exists()) {
        // Made once; two processes starting together: the second finds the first's (O_EXCL).
        QFile made(path);
        if (made.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            QByteArray key(32, '\0');
            randombytes_buf(key.data(), size_t(key.size()));
            const bool written = made.write(key) == key.size() && made.flush();
            sodium_memzero(key.data(), size_t(key.size()));
            made.close();
            if (!written) {
                made.remove();
                return keyError(path);
            }
        }
    }
    if (!file.open(QIODevice::ReadOnly))
        return keyError(path);
    s.m_key = file.readAll();
    if (s.m_key.size() != 32)
        return keyError(path + u": not 32 bytes"_qs);
    return s;
}

QString SecretSealer::seal(qint64 userId, const QString &secret) const
{
    const QByteArray plain = secret.toLatin1(), ad = boundTo(userId);
    QByteArray out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    auto *nonce = reinterpret_cast<unsigned char *>(out.data());
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
                                               reinterpret_cast<const unsigned char *>(plain.constData()), plain.size(),
                                               reinterpret_cast<const unsigned char *>(ad.constData()), ad.size(), nullptr, nonce,
                                               reinterpret_cast<const unsigned char *>(m_key.constData()));
    return kPrefix + QString::fromLatin1(out.toBase64());
}

Result<QString> SecretSealer::open(qint64 userId, const QString &stored) const
{
    if (!stored.startsWith(kPrefix))
        return stored; // from before sealing (sealStored seals it at the next start)
    const QByteArray raw = QByteArray::fromBase64(stored.mid(kPrefix.size()).toLatin1()), ad = boundTo(userId);
    const qsizetype overhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (raw.size() < overhead)
        return Error::withReason(ErrorCode::Forbidden, u"验证器密钥无法解开，请让管理员重置"_qs,
                                 u"the authenticator secret does not open: ask an administrator to reset it"_qs);
    QByteArray plain(raw.size() - overhead, '\0');
    unsigned long long length = 0;
    const auto *nonce = reinterpret_cast<const unsigned char *>(raw.constData());
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char *>(plain.data()), &length, nullptr,
                                                   nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   raw.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   reinterpret_cast<const unsigned char *>(ad.constData()), ad.size(), nonce,
                                                   reinterpret_cast<const unsigned char *>(m_key.constData()))
        != 0)
        return Error::withReason(ErrorCode::Forbidden, u"验证器密钥无法解开，请让管理员重置"_qs,
                                 u"the authenticator secret does not open: ask an administrator to reset it"_qs);
    return QString::fromLatin1(plain.left(qsizetype(length)));
}

Result<int> SecretSealer::sealStored(Pg &pg) const
{
    auto rows = pg.exec("SELECT id, coalesce(totp_secret, ''), coalesce(totp_pending, '') FROM users"
                        " WHERE (totp_secret IS NOT NULL AND totp_secret NOT LIKE 'sealed:%')"
                        " OR (totp_pending IS NOT NULL AND totp_pending NOT LIKE 'sealed:%')");
    if (!rows)
        return rows.error();
    for (int i = 0; i < rows->rows(); ++i) {
        const qint64 id = rows->integer(i, 0);
        const auto sealed = [&](const QString &v) {
            if (v.isEmpty())
                return QVariant();
            return QVariant(v.startsWith(kPrefix) ? v : seal(id, v));
        };
        auto r = pg.exec("UPDATE users SET totp_secret = $2, totp_pending = $3 WHERE id = $1",
                         {id, sealed(rows->text(i, 1)), sealed(rows->text(i, 2))});
        if (!r)
            return r.error();
    }
    return rows->rows();
}

} // namespace hearth::server::console
