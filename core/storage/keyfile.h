// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The store's key file (hearth.key, JSON): the database key wrapped twice, once by the
// platform's SecureKeyStore (PIN) and once by the recovery code, plus the lockout counter.
// It holds no personal data and no key in the clear. Format: docs/storage.md.

#include "core/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace hearth::storage {

struct KeyFile
{
    static constexpr int kFormat = 1;
    static constexpr int kDefaultMaxAttempts = 10;

    QString storeId;
    QByteArray databaseSalt; // first 16 bytes of hearth.db: ties this file to its database
    QString pinMethod;
    QJsonObject pinWrap;
    QByteArray recoverySalt;
    QByteArray recoveryWrap;
    int failedAttempts = 0;
    int maxAttempts = kDefaultMaxAttempts;
    bool wipeOnLockout = false;

    int attemptsLeft() const { return qMax(0, maxAttempts - failedAttempts); }
    bool lockedOut() const { return failedAttempts >= maxAttempts; }

    static Result<KeyFile> load(const QString &path);
    Result<void> save(const QString &path) const;
    // Bytes every wrap of this store authenticates, so wraps cannot move between stores.
    QByteArray context() const { return QByteArrayLiteral("hearth-store:") + storeId.toLatin1(); }
};

} // namespace hearth::storage
