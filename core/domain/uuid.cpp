// SPDX-License-Identifier: GPL-3.0-or-later
#include "uuid.h"

#include "core/crypto/sodiuminit.h"

#include <QDateTime>

namespace hearth {

QString makeUuidV7(std::int64_t unixMs)
{
    ensureSodium();
    QByteArray b(16, Qt::Uninitialized);
    randombytes_buf(b.data(), size_t(b.size()));
    for (int i = 0; i < 6; ++i)
        b[i] = char((unixMs >> (8 * (5 - i))) & 0xff);
    b[6] = char((b[6] & 0x0f) | 0x70); // version 7
    b[8] = char((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    const QByteArray hex = b.toHex();
    return QString::fromLatin1(hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-'
                               + hex.mid(16, 4) + '-' + hex.mid(20));
}

QString makeUuidV7() { return makeUuidV7(QDateTime::currentMSecsSinceEpoch()); }

} // namespace hearth
