// SPDX-License-Identifier: GPL-3.0-or-later
#include "merge.h"

#include "core/model/recordcheck.h"

#include <QJsonArray>

namespace hearth::protocol {

Merged mergeUpdate(const model::Kind &kind, QJsonObject body, const QJsonObject &update, qint64 clock,
                   const QString &deviceId)
{
    Merged out;
    // Reads go through value(): operator[] on a non-const object would insert nulls.
    QJsonObject clocks = body.value(u"_clocks").toObject();
    QJsonObject devices = body.value(u"_devices").toObject();
    const QJsonObject fields = update.value(u"fields").toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const model::Field *f = model::field(kind, it.key());
        if (!f)
            continue; // checkUpdate refused it before
        const QString base = model::canonicalValue(*f, model::typedValue(*f, it->toObject().value(u"old").toString()));
        const QJsonValue wantedValue = model::typedValue(*f, it->toObject().value(u"new").toString());
        const QString wanted = model::canonicalValue(*f, wantedValue);
        const QString now = model::canonicalValue(*f, body.value(it.key()));
        const qint64 theirs = clocks.value(it.key()).toString().toLongLong();
        const QString theirDevice = devices.value(it.key()).toString();
        if (now == wanted) // already so: nothing to merge (the later clock stays the field's)
            continue;
        // Taken when the editor's base is still the value and the edit is the later one. A base
        // that matches again under a later clock (another device changed it and changed it
        // back, or this entry was already applied under another identity and is sent again)
        // is not the editor's base: the later value stays and this one is kept as a conflict.
        bool take = now == base && clock > theirs;
        if (!take) {
            const bool later = clock > theirs || (clock == theirs && deviceId > theirDevice);
            out.conflicts.append(later ? FieldConflict{it.key(), wanted, now, deviceId, theirDevice}
                                       : FieldConflict{it.key(), now, wanted, theirDevice, deviceId});
            take = later;
        }
        if (!take)
            continue;
        out.changedFields << it.key();
        if (model::isEmptyValue(*f, wantedValue))
            body.remove(it.key());
        else
            body[it.key()] = wantedValue;
        clocks[it.key()] = QString::number(clock); // 64-bit: a JSON double would round it
        devices[it.key()] = deviceId;
    }
    if (update.contains(u"tags")) {
        QStringList tags = body.value(u"tags").toVariant().toStringList();
        const QJsonObject change = update.value(u"tags").toObject();
        for (const QJsonValue &t : change.value(u"add").toArray())
            if (!tags.contains(t.toString()))
                tags << t.toString();
        for (const QJsonValue &t : change.value(u"remove").toArray())
            tags.removeAll(t.toString());
        if (tags != body.value(u"tags").toVariant().toStringList())
            out.changedFields << u"tags"_qs;
        if (tags.isEmpty())
            body.remove(u"tags");
        else
            body[u"tags"] = QJsonArray::fromStringList(tags);
    }
    body[u"_clocks"] = clocks;
    body[u"_devices"] = devices;
    out.body = body;
    return out;
}

QJsonObject withoutBookkeeping(QJsonObject body)
{
    body.remove(u"_clocks");
    body.remove(u"_devices");
    return body;
}

} // namespace hearth::protocol
