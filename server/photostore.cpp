// SPDX-License-Identifier: GPL-3.0-or-later
#include "photostore.h"

#include "core/storage/atomicfile.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>

namespace hearth::server {
namespace {

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error(ErrorCode::NotFound, path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io, path + u": "_qs + file.errorString());
    return file.readAll();
}

// A piece's file name: its offset, zero-padded so the folder lists in order.
QString pieceName(qint64 offset) { return u"%1"_qs.arg(offset, 12, 10, QLatin1Char('0')); }

} // namespace

QString PhotoStore::sha256Hex(QByteArrayView bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

bool PhotoStore::isHash(const QString &text)
{
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_qs);
    return hex.match(text).hasMatch();
}

Result<void> PhotoStore::prepare() const
{
    if (m_root.isEmpty())
        return Error::withReason(ErrorCode::InvalidArgument, u"缺少 --photos（照片目录）"_qs,
                                 u"--photos (the photo folder) is required"_qs);
    for (const char *sub : {"uploads", "damaged"})
        if (!QDir().mkpath(QDir(m_root).filePath(QLatin1String(sub))))
            return Error::withReason(ErrorCode::ReadOnly, u"无法创建照片目录 %1"_qs.arg(m_root),
                                     u"cannot create the photo folder %1"_qs.arg(m_root));
    const QString probe = QDir(m_root).filePath(u".probe"_qs);
    if (auto written = storage::writeFileAtomically(probe, "hearth"); !written)
        return Error::withReason(written.error().code(), u"照片目录 %1 不可写"_qs.arg(m_root),
                                 u"the photo folder %1 cannot be written"_qs.arg(m_root), written.error().detail());
    QFile::remove(probe);
    return {};
}

QString PhotoStore::pathFor(const QString &hash) const
{
    return QDir(m_root).filePath(hash.left(2) + u'/' + hash + u".jpg"_qs);
}

QString PhotoStore::piecesDir(const QString &hash) const { return QDir(m_root).filePath(u"uploads/"_qs + hash); }

bool PhotoStore::holds(const QString &hash) const { return isHash(hash) && QFile::exists(pathFor(hash)); }

Result<void> PhotoStore::putPiece(const QString &hash, qint64 offset, const QByteArray &data) const
{
    if (!isHash(hash))
        return Error(ErrorCode::InvalidArgument, u"not a SHA-256"_qs);
    const QString dir = piecesDir(hash);
    if (!QDir().mkpath(dir))
        return Error(ErrorCode::Io, u"cannot create "_qs + dir);
    return storage::writeFileAtomically(QDir(dir).filePath(pieceName(offset)), data);
}

Result<void> PhotoStore::finish(const QString &hash, qint64 size) const
{
    // The pieces in a row from 0: a piece written by an attempt that never committed lies at
    // the offset the next accepted piece overwrites, so walking by length skips nothing.
    QByteArray whole;
    whole.reserve(size);
    while (whole.size() < size) {
        auto piece = readFile(QDir(piecesDir(hash)).filePath(pieceName(whole.size())));
        if (!piece || piece->isEmpty())
            break;
        whole += piece->left(size - whole.size());
    }
    if (whole.size() != size || sha256Hex(whole) != hash) {
        HEARTH_TRY(dropPieces(hash));
        return Error::withReason(ErrorCode::InvalidArgument, u"整张照片与其 SHA-256 不符，已丢弃，请重传"_qs,
                                 u"the whole photo does not match its SHA-256; discarded, send it again"_qs);
    }
    const QString path = pathFor(hash);
    if (!QDir().mkpath(QFileInfo(path).path()))
        return Error(ErrorCode::Io, u"cannot create "_qs + QFileInfo(path).path());
    return storage::writeFileAtomically(path, whole);
}

Result<void> PhotoStore::dropPieces(const QString &hash) const
{
    QDir dir(piecesDir(hash));
    if (dir.exists() && !dir.removeRecursively())
        return Error(ErrorCode::Io, u"cannot remove "_qs + dir.path());
    return {};
}

Result<void> PhotoStore::quarantine(const QString &hash) const
{
    const QString to = QDir(m_root).filePath(u"damaged/%1.%2"_qs.arg(hash).arg(QDateTime::currentMSecsSinceEpoch()));
    if (!QFile::rename(pathFor(hash), to) && QFile::exists(pathFor(hash)))
        return Error(ErrorCode::Io, u"cannot move aside "_qs + pathFor(hash));
    return {};
}

Result<QByteArray> PhotoStore::read(const QString &hash, qint64 offset, qint64 most) const
{
    if (!isHash(hash))
        return Error(ErrorCode::InvalidArgument, u"not a SHA-256"_qs);
    // Photos are scaled on the device (a few hundred KB): the whole file is checked on every
    // read, so a piece of a damaged file is never served.
    auto bytes = readFile(pathFor(hash));
    if (!bytes)
        return bytes.error();
    if (sha256Hex(*bytes) != hash) {
        HEARTH_TRY(quarantine(hash));
        return Error(ErrorCode::StoreDamaged, u"photo file does not match its name: "_qs + hash);
    }
    return most < 0 ? std::move(bytes).value() : bytes->mid(offset, most);
}

Result<QStringList> PhotoStore::verifyAll() const
{
    static const QRegularExpression name(u"^[0-9a-f]{64}\\.jpg$"_qs);
    QStringList damaged;
    QDirIterator it(m_root, {u"*.jpg"_qs}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString file = it.fileName();
        if (!name.match(file).hasMatch() || path != pathFor(file.left(64)))
            continue; // not a finished photo (a piece, a file set aside)
        auto checked = read(file.left(64), 0, 0);
        if (!checked && checked.error().code() != ErrorCode::StoreDamaged)
            return checked.error();
        if (!checked)
            damaged << file.left(64);
    }
    return damaged;
}

} // namespace hearth::server
