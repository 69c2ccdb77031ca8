// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The photo files of hearth-server (docs/scaling.md, "Photos"): a content-addressed store on
// disk, outside PostgreSQL.
// - A finished photo is ROOT/ab/<sha256>.jpg, named by the SHA-256 of its bytes, written
//   atomically (temporary file, fsync, rename, fsync of the folder) and checked against its
//   name every time it is read. One file per photo, however many devices sent it.
// - An upload in progress is a folder of pieces, ROOT/uploads/<sha256>/<offset>, each written
//   atomically before PostgreSQL records that the server holds it. How far an upload got is
//   PostgreSQL's `photos.received`: any process that shares ROOT continues any upload.
// - A file that fails its check is moved to ROOT/damaged/ and reported; it is never served.
// Callers hold the photo's row in `photos` FOR UPDATE while they write or move its files, so
// two processes never write one file at once.

#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace hearth::server {

class PhotoStore
{
public:
    explicit PhotoStore(QString root) : m_root(std::move(root)) {}

    // Creates ROOT's folders and checks that a file can be written there.
    Result<void> prepare() const;
    const QString &root() const { return m_root; }

    QString pathFor(const QString &hash) const;
    bool holds(const QString &hash) const;

    // One piece of an upload, at `offset`.
    Result<void> putPiece(const QString &hash, qint64 offset, const QByteArray &data) const;
    // Joins the pieces from offset 0 up to `size` into the photo's file when their SHA-256 is
    // the photo's name; otherwise drops them (InvalidArgument), so the upload starts again.
    Result<void> finish(const QString &hash, qint64 size) const;
    Result<void> dropPieces(const QString &hash) const;

    // At most `most` bytes from `offset` (all of it when `most` < 0), once the whole file
    // matched its name. A missing file is NotFound; a file that does not match is moved to
    // ROOT/damaged/ (StoreDamaged).
    Result<QByteArray> read(const QString &hash, qint64 offset, qint64 most) const;
    // Every finished file checked against its name; the names of those that fail (moved aside).
    Result<QStringList> verifyAll() const;

    static bool isHash(const QString &text);
    static QString sha256Hex(QByteArrayView bytes); // lower-case hex, as photos are named

private:
    QString piecesDir(const QString &hash) const;
    Result<void> quarantine(const QString &hash) const;

    QString m_root;
};

} // namespace hearth::server
