// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace hearth::media {

// Files in the store's media/ folder, encrypted with libsodium secretstream
// (XChaCha20-Poly1305, 64 KiB chunks) under the store's media key, and named by the SHA-256
// of their plaintext (media/ab/abcdef….hm). The same bytes are stored once.
class MediaStore
{
public:
    MediaStore(QString directory, const SecretBytes &key) : m_dir(std::move(directory)), m_key(key) {}

    Result<QString> put(const QByteArray &plaintext); // the hex SHA-256
    Result<QByteArray> get(const QString &hash);      // decrypted and checked against the hash
    bool contains(const QString &hash) const;
    QString pathFor(const QString &hash) const;

    static QString sha256Hex(const QByteArray &bytes);

private:
    QString m_dir;
    const SecretBytes &m_key;
};

} // namespace hearth::media
