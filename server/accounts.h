// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Users (Argon2id password hashes), their scopes, and enrolled devices with bearer tokens kept
// only as hashes. A scope entry is an area code prefix ("510321") or a station id.

#include "core/sync/scope.h"
#include "pg.h"

#include <QStringList>

namespace hearth::server {

struct Device
{
    QString id;
    QString name;
    qint64 userId = 0;
    QString userName;
    QString role;
    QStringList scopes;
    qint64 lastSeq = 0;
};

inline const QStringList kRoles = {u"cadre"_qs, u"volunteer"_qs, u"station"_qs, u"supervisor"_qs, u"admin"_qs};

Result<void> addUser(Pg &pg, const QString &name, const QString &role, const QStringList &scopes,
                     const QByteArray &password);
Result<void> setPassword(Pg &pg, const QString &name, const QByteArray &password);
// Checks the password, then makes a device and its token. Returns {device id, token}. The
// device's first entry will be `firstSeq` (a store enrolling again continues its outbox).
Result<std::pair<QString, QString>> enrol(Pg &pg, const QString &user, const QByteArray &password,
                                          const QString &deviceName, qint64 firstSeq = 1);
// The device a bearer token belongs to; Unauthorized when unknown or revoked.
Result<Device> authenticate(Pg &pg, const QByteArray &token);
Result<void> revoke(Pg &pg, const QString &deviceId);

// Whether a record scoped to `scope` (an area code or a station id) is inside `scopes`.
inline bool inScope(const QStringList &scopes, const QString &scope) { return sync::insideScopes(scopes, scope); }
// Replaces a user's scopes; its devices purge what falls outside at their next sync.
Result<void> setScopes(Pg &pg, const QString &name, const QStringList &scopes);

} // namespace hearth::server
