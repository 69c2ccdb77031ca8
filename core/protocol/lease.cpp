// SPDX-License-Identifier: GPL-3.0-or-later
#include "lease.h"

#include <QMessageAuthenticationCode>

namespace hearth::protocol {

QString leaseUnlockCode(const QByteArray &tokenSha256, const QString &deviceId, qint64 utcDay)
{
    const QByteArray mac = QMessageAuthenticationCode::hash(
        "hearth-lease-unlock:" + deviceId.toUtf8() + ':' + QByteArray::number(utcDay), tokenSha256, QCryptographicHash::Sha256);
    const quint32 n = (quint32(quint8(mac[0])) << 24) | (quint32(quint8(mac[1])) << 16) | (quint32(quint8(mac[2])) << 8)
        | quint32(quint8(mac[3]));
    return u"%1"_qs.arg(n % 100'000'000u, 8, 10, QChar(u'0'));
}

} // namespace hearth::protocol
