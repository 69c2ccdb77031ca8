// SPDX-License-Identifier: GPL-3.0-or-later
#include "layeredkeystore.h"

#include "core/crypto/kdf.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace hearth::platform {

LayeredKeyStore::LayeredKeyStore(std::unique_ptr<DeviceKeyWrap> device, PinKeyStore pin)
    : m_device(std::move(device)), m_pin(pin)
{
}

QString LayeredKeyStore::method() const
{
    return m_pin.method() + u'+' + m_device->method();
}

QString LayeredKeyStore::aliasFor(QByteArrayView context)
{
    // The context names the store ("hearth-store:<uuid>"); the alias must be a plain name.
    return u"hearth-db-"_qs
           + QString::fromLatin1(QCryptographicHash::hash(context, QCryptographicHash::Sha256).toHex().left(32));
}

Result<QJsonObject> LayeredKeyStore::wrap(const SecretBytes &databaseKey, const SecretBytes &pin,
                                          QByteArrayView context)
{
    auto inner = m_pin.wrap(databaseKey, pin, context);
    if (!inner)
        return inner.error();
    // The inner record holds no secret in the clear (salt, parameters, ciphertext), but it is
    // what a thief would guess PINs against, so only its sealed form is kept.
    QByteArray json = QJsonDocument(*inner).toJson(QJsonDocument::Compact);
    const SecretBytes plain = SecretBytes::copyOf(json);
    wipe(json);
    const QString alias = aliasFor(context) + u'-' + QString::fromLatin1(crypto::randomBytes(8).toHex());
    auto sealed = m_device->seal(alias, plain, context);
    if (!sealed)
        return sealed.error();
    return QJsonObject{
        {u"layer"_qs, m_device->method()},
        {u"alias"_qs, alias},
        {u"sealed"_qs, QString::fromLatin1(sealed->toBase64())},
    };
}

Result<SecretBytes> LayeredKeyStore::unwrap(const QJsonObject &wrapped, const SecretBytes &pin,
                                            QByteArrayView context)
{
    if (!wrapped.contains(u"layer"))
        return m_pin.unwrap(wrapped, pin, context);
    if (wrapped.value(u"layer").toString() != m_device->method())
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("sealed by another kind of key store"));
    const QString alias = wrapped.value(u"alias").toString();
    if (!alias.startsWith(aliasFor(context) + u'-')) // a record moved from another store's key file
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("device key alias does not match the store"));
    const QByteArray sealed = QByteArray::fromBase64(wrapped.value(u"sealed").toString().toLatin1());
    auto plain = m_device->open(alias, sealed, context);
    if (!plain)
        return plain.error();
    QJsonParseError parseError;
    const QJsonDocument inner = QJsonDocument::fromJson(
        QByteArray::fromRawData(plain->chars(), qsizetype(plain->size())), &parseError);
    if (parseError.error != QJsonParseError::NoError || !inner.isObject() || inner.object().contains(u"layer"))
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("sealed PIN wrap is not a PIN wrap"));
    auto key = m_pin.unwrap(inner.object(), pin, context);
    if (key && m_pin.needsRewrap(inner.object()))
        m_weakSealed = wrapped.value(u"sealed").toString();
    return key;
}

void LayeredKeyStore::committed(const QJsonObject &wrapped, QByteArrayView context)
{
    if (wrapped.value(u"layer").toString() != m_device->method())
        return;
    const QString alias = wrapped.value(u"alias").toString();
    const QString prefix = aliasFor(context) + u'-';
    if (alias.startsWith(prefix))
        m_device->prune(prefix, alias);
}

void LayeredKeyStore::forget(QByteArrayView context)
{
    m_device->prune(aliasFor(context) + u'-', QString());
}

bool LayeredKeyStore::needsRewrap(const QJsonObject &wrapped) const
{
    // Unsealed records get sealed; a sealed one is rewrapped when this build changes the layer,
    // or when unwrap() found weaker Argon2 parameters inside it.
    return wrapped.value(u"layer").toString() != m_device->method()
           || (!m_weakSealed.isEmpty() && wrapped.value(u"sealed").toString() == m_weakSealed);
}

} // namespace hearth::platform
