// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditchain.h"

#include <QCryptographicHash>

namespace hearth::protocol {

QString auditLink(const QString &previous, const AuditFields &f)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString *part : {&previous, &f.at, &f.actor, &f.action, &f.subject, &f.detail, &f.reason}) {
        const QByteArray bytes = part->toUtf8();
        h.addData(QByteArray::number(bytes.size()) + ':');
        h.addData(bytes);
    }
    return QString::fromLatin1(h.result().toHex());
}

} // namespace hearth::protocol
