// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam for keeping the database key safe on a device. The core never stores the key in
// the clear: it hands it to a SecureKeyStore, which returns an opaque JSON record to keep in
// the store's key file, and gets it back only with the right PIN.
//
// Linux: the key wrapped by an Argon2id key derived from the PIN (platforms/linux).
// Android / iOS (later): the same PIN wrap, wrapped once more by the Keystore / Keychain.
// Exactly one implementation is linked, chosen in platforms/CMakeLists.txt.

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QJsonObject>

#include <memory>

namespace hearth::platform {

class SecureKeyStore
{
public:
    virtual ~SecureKeyStore() = default;

    // A short name recorded in the key file ("pin-argon2id").
    virtual QString method() const = 0;

    // `context` binds the wrap to one store (its id): a record copied into another store's
    // key file does not unwrap there.
    virtual Result<QJsonObject> wrap(const SecretBytes &databaseKey, const SecretBytes &pin,
                                     QByteArrayView context) = 0;

    // WrongPin when the PIN does not open the record; KeyFileDamaged when it is malformed.
    virtual Result<SecretBytes> unwrap(const QJsonObject &wrapped, const SecretBytes &pin,
                                       QByteArrayView context) = 0;

    // True when the record was made with weaker parameters than this build would use now,
    // so the store rewraps it after the next successful unlock.
    virtual bool needsRewrap(const QJsonObject &wrapped) const = 0;

    // `wrapped` is now the record in the store's key file (saved, or just opened from it):
    // whatever older records of this store needed (a phone's older device keys) may go.
    virtual void committed(const QJsonObject &wrapped, QByteArrayView context)
    {
        Q_UNUSED(wrapped);
        Q_UNUSED(context);
    }

    // The store is being destroyed: whatever of it the platform keeps (a phone's device keys)
    // goes too. Overwriting a key file on flash is not guaranteed to reach the cells; removing the
    // device key makes any surviving copy useless.
    virtual void forget(QByteArrayView context) { Q_UNUSED(context); }
};

// The platform's implementation (defined in platforms/<os>/).
std::unique_ptr<SecureKeyStore> createSecureKeyStore();

} // namespace hearth::platform
