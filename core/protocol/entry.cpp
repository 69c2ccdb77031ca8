// SPDX-License-Identifier: GPL-3.0-or-later
#include "entry.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace hearth::protocol {

qint64 entryClock(const QJsonObject &entry, qint64 nowMs)
{
    if (entry.value(u"hlc").isString())
        return entry.value(u"hlc").toString().toLongLong();
    return entry.value(u"created_at").toInteger(nowMs) << kClockShift;
}

QString entryHash(const QString &entity, const QString &entityId, const QString &op, const QJsonObject &payload)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(entity.toUtf8());
    h.addData("\x1f");
    h.addData(entityId.toUtf8());
    h.addData("\x1f");
    h.addData(op.toUtf8());
    h.addData("\x1f");
    h.addData(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(h.result().toHex());
}

} // namespace hearth::protocol
