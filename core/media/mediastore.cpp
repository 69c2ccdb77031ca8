// SPDX-License-Identifier: GPL-3.0-or-later
#include "mediastore.h"

#include "core/crypto/sodiuminit.h"
#include "core/storage/atomicfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <sodium.h>

namespace hearth::media {
namespace {

constexpr char kMagic[] = "HMEDIA1\n";
constexpr qsizetype kMagicSize = 8;
constexpr qsizetype kChunk = 64 * 1024;

bool isHash(const QString &h)
{
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_qs);
    return hex.match(h).hasMatch();
}

} // namespace

QString MediaStore::sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString MediaStore::pathFor(const QString &hash) const
{
    return QDir(m_dir).filePath(hash.left(2) + u'/' + hash + u".hm"_qs);
}

bool MediaStore::contains(const QString &hash) const { return isHash(hash) && QFile::exists(pathFor(hash)); }

Result<QString> MediaStore::put(const QByteArray &plaintext)
{
    ensureSodium();
    const QString hash = sha256Hex(plaintext);
    if (contains(hash))
        return hash;
    QByteArray out;
    out.reserve(kMagicSize + crypto_secretstream_xchacha20poly1305_HEADERBYTES + plaintext.size() +
                (plaintext.size() / kChunk + 1) * crypto_secretstream_xchacha20poly1305_ABYTES);
    out.append(kMagic, kMagicSize);
    crypto_secretstream_xchacha20poly1305_state state;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state, header, m_key.data());
    out.append(reinterpret_cast<const char *>(header), sizeof header);
    const QByteArray ad = hash.toLatin1(); // binds the ciphertext to its name
    qsizetype pos = 0;
    do {
        const qsizetype n = std::min(kChunk, plaintext.size() - pos);
        const bool last = pos + n >= plaintext.size();
        const qsizetype at = out.size();
        out.resize(at + n + crypto_secretstream_xchacha20poly1305_ABYTES);
        crypto_secretstream_xchacha20poly1305_push(
            &state, reinterpret_cast<unsigned char *>(out.data() + at), nullptr,
            reinterpret_cast<const unsigned char *>(plaintext.constData() + pos), size_t(n),
            reinterpret_cast<const unsigned char *>(ad.constData()), size_t(ad.size()),
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        pos += n;
    } while (pos < plaintext.size());
    sodium_memzero(&state, sizeof state);
    const QString path = pathFor(hash);
    if (!QDir().mkpath(QFileInfo(path).path()))
        return Error(ErrorCode::Io, u"cannot create "_qs + QFileInfo(path).path());
    HEARTH_TRY(storage::writeFileAtomically(path, out));
    return hash;
}

Result<QByteArray> MediaStore::get(const QString &hash)
{
    ensureSodium();
    if (!isHash(hash))
        return Error(ErrorCode::InvalidArgument, u"not a SHA-256 hash"_qs);
    QFile file(pathFor(hash));
    if (!file.exists())
        return Error(ErrorCode::NotFound, u"media "_qs + hash);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io, file.errorString());
    const QByteArray in = file.readAll();
    const qsizetype headerEnd = kMagicSize + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    const Error damaged(ErrorCode::StoreDamaged, u"media file "_qs + hash);
    if (in.size() < headerEnd + qsizetype(crypto_secretstream_xchacha20poly1305_ABYTES) ||
        !in.startsWith(QByteArrayView(kMagic, kMagicSize)))
        return damaged;
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(
            &state, reinterpret_cast<const unsigned char *>(in.constData() + kMagicSize), m_key.data()) != 0)
        return damaged;
    const QByteArray ad = hash.toLatin1();
    QByteArray out;
    out.reserve(in.size());
    qsizetype pos = headerEnd;
    unsigned char tag = 0;
    while (pos < in.size()) {
        const qsizetype n = std::min<qsizetype>(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES, in.size() - pos);
        const qsizetype at = out.size();
        out.resize(at + n - crypto_secretstream_xchacha20poly1305_ABYTES);
        unsigned long long written = 0;
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL ||
            crypto_secretstream_xchacha20poly1305_pull(
                &state, reinterpret_cast<unsigned char *>(out.data() + at), &written, &tag,
                reinterpret_cast<const unsigned char *>(in.constData() + pos), size_t(n),
                reinterpret_cast<const unsigned char *>(ad.constData()), size_t(ad.size())) != 0)
            return damaged;
        pos += n;
    }
    if (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL || sha256Hex(out) != hash)
        return damaged; // truncated, or not the file its name says
    return out;
}

} // namespace hearth::media
