// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Device control (DESIGN.md §11, docs/access.md): what each device says of itself, the wipe an
// administrator asks for and the device confirms, the offline lease and its unlock codes, and
// the device's audit chain, verified as it arrives.

#include "accounts.h"

#include <QJsonObject>

namespace hearth::server {

// POST /v1/status: {app_version, waiting_records, waiting_photos}.
Result<QJsonObject> noteStatus(Pg &pg, const Device &device, const QJsonObject &body);
// POST /v1/audit: {entries: [{seq, at, actor, action, subject, reason, prev_hash, hash}]}. Each
// link is checked against the one before (the last accepted); a broken one is kept, flagged and
// audited on the server. Answers {accepted_through, broken}.
Result<QJsonObject> acceptAudit(Pg &pg, const Device &device, const QJsonObject &body);
// POST /v1/wiped: the device pushed what it had and is destroying its store; it is revoked.
Result<QJsonObject> confirmWiped(Pg &pg, const Device &device);
// What a pull page tells the device of itself.
QJsonObject deviceOrders(const Device &device);

// Administrators.
Result<void> requestWipe(Pg &pg, const QString &deviceId, const QString &actor = u"admin"_qs);
Result<void> setLeaseDays(Pg &pg, const QString &userName, int days, const QString &actor = u"admin"_qs);
// Today's unlock code for a device whose offline lease ran out (and yesterday's is still good).
Result<QString> unlockCode(Pg &pg, const QString &deviceId, qint64 nowMs);
// One row per device: id, user, name, app version, last contact, records and photos waiting,
// lease state, wipe state, revoked.
Result<PgResult> listDevices(Pg &pg);

} // namespace hearth::server
