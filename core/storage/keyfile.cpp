// SPDX-License-Identifier: GPL-3.0-or-later
#include "keyfile.h"

#include "atomicfile.h"

#include <QFile>
#include <QJsonDocument>

namespace hearth::storage {
namespace {

QByteArray fromB64(const QJsonValue &v, bool *ok)
{
    auto r = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!r || v.toString().isEmpty())
        *ok = false;
    return *r;
}

QString toB64(const QByteArray &b) { return QString::fromLatin1(b.toBase64()); }

} // namespace

Result<KeyFile> KeyFile::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return file.exists() ? Error(ErrorCode::Io, QStringLiteral("cannot read the key file"))
                             : Error(ErrorCode::NotAStore, QStringLiteral("no key file"));
    }
    // A key file is a few hundred bytes; refuse anything absurd before parsing it.
    if (file.size() > 64 * 1024)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("key file too large"));
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &perr);
    const QJsonObject o = doc.object();
    if (perr.error != QJsonParseError::NoError || o.value(u"format").toString() != u"hearth-key")
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("not a Hearth key file"));
    if (o.value(u"version").toInt() != kFormat)
        return Error(ErrorCode::NewerSchema, QStringLiteral("key file version %1").arg(o.value(u"version").toInt()));

    KeyFile k;
    bool ok = true;
    k.storeId = o.value(u"store_id").toString();
    k.databaseSalt = fromB64(o.value(u"database_salt"), &ok);
    const QJsonObject pin = o.value(u"pin").toObject();
    k.pinMethod = pin.value(u"method").toString();
    k.pinWrap = pin.value(u"wrap").toObject();
    const QJsonObject rec = o.value(u"recovery").toObject();
    k.recoverySalt = fromB64(rec.value(u"salt"), &ok);
    k.recoveryWrap = fromB64(rec.value(u"wrap"), &ok);
    const QJsonObject lock = o.value(u"lockout").toObject();
    k.failedAttempts = lock.value(u"failed_attempts").toInt(-1);
    k.maxAttempts = lock.value(u"max_attempts").toInt(-1);
    k.wipeOnLockout = lock.value(u"wipe_on_lockout").toBool();
    if (!ok || k.storeId.isEmpty() || k.pinMethod.isEmpty() || k.pinWrap.isEmpty()
        || k.failedAttempts < 0 || k.maxAttempts < 1 || k.databaseSalt.size() != 16)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("key file fields missing"));
    return k;
}

Result<void> KeyFile::save(const QString &path) const
{
    const QJsonObject o{
        {u"format"_qs, u"hearth-key"_qs},
        {u"version"_qs, kFormat},
        {u"store_id"_qs, storeId},
        {u"database_salt"_qs, toB64(databaseSalt)},
        {u"pin"_qs, QJsonObject{{u"method"_qs, pinMethod}, {u"wrap"_qs, pinWrap}}},
        {u"recovery"_qs,
         QJsonObject{{u"method"_qs, u"blake2b-xchacha20poly1305"_qs},
                     {u"salt"_qs, toB64(recoverySalt)},
                     {u"wrap"_qs, toB64(recoveryWrap)}}},
        {u"lockout"_qs,
         QJsonObject{{u"failed_attempts"_qs, failedAttempts},
                     {u"max_attempts"_qs, maxAttempts},
                     {u"wipe_on_lockout"_qs, wipeOnLockout}}},
    };
    return writeFileAtomically(path, QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace hearth::storage
