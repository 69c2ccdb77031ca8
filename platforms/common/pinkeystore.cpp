// SPDX-License-Identifier: GPL-3.0-or-later
#include "pinkeystore.h"

namespace hearth::platform {
namespace {

crypto::KdfParams paramsOf(const QJsonObject &o)
{
    // JSON numbers are doubles: exact for every value below 2^53.
    return {std::uint64_t(o.value(u"opslimit").toDouble()), std::size_t(o.value(u"memlimit").toDouble())};
}

} // namespace

Result<QJsonObject> PinKeyStore::wrap(const SecretBytes &databaseKey, const SecretBytes &pin, QByteArrayView context)
{
    const QByteArray salt = crypto::randomBytes(crypto::kSaltSize);
    auto kek = crypto::deriveKey(pin, salt, m_params);
    if (!kek)
        return kek.error();
    const QByteArray sealed = crypto::seal(databaseKey, *kek, context);
    return QJsonObject{
        {u"kdf"_qs, u"argon2id13"_qs},
        {u"opslimit"_qs, double(m_params.opsLimit)},
        {u"memlimit"_qs, double(m_params.memLimitBytes)},
        {u"salt"_qs, QString::fromLatin1(salt.toBase64())},
        {u"aead"_qs, u"xchacha20poly1305-ietf"_qs},
        {u"sealed"_qs, QString::fromLatin1(sealed.toBase64())},
    };
}

Result<SecretBytes> PinKeyStore::unwrap(const QJsonObject &wrapped, const SecretBytes &pin, QByteArrayView context)
{
    if (wrapped.value(u"kdf").toString() != u"argon2id13"
        || wrapped.value(u"aead").toString() != u"xchacha20poly1305-ietf")
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("unknown wrap method"));
    const QByteArray salt = QByteArray::fromBase64(wrapped.value(u"salt").toString().toLatin1());
    const QByteArray sealed = QByteArray::fromBase64(wrapped.value(u"sealed").toString().toLatin1());
    auto kek = crypto::deriveKey(pin, salt, paramsOf(wrapped));
    if (!kek)
        return kek.error();
    auto key = crypto::open(sealed, *kek, context);
    if (!key)
        return key.error().code() == ErrorCode::Crypto ? Error(ErrorCode::WrongPin) : key.error();
    if (key->size() != crypto::kKeySize)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("wrapped key has the wrong size"));
    return key;
}

bool PinKeyStore::needsRewrap(const QJsonObject &wrapped) const
{
    return paramsOf(wrapped).isBelow(m_params);
}

} // namespace hearth::platform
