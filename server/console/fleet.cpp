// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet.h"

#include "core/model/rights.h"
#include "core/sync/scope.h"
#include "server/accounts.h"
#include "server/audit.h"
#include "server/devices.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::server::console {
namespace {

// Whether one scope (an area or a station id) lies inside the administrator's: a station by its
// home county.
Result<bool> within(Pg &pg, const QStringList &mine, const QString &scope)
{
    if (sync::insideScopes(mine, scope))
        return true;
    if (!sync::isStationId(scope))
        return false;
    auto home = pg.exec("SELECT body->>'home_county' FROM records WHERE entity = 'station' AND id = $1", {scope});
    if (!home)
        return home.error();
    return home->rows() == 1 && sync::insideScopes(mine, home->text(0, 0));
}

Result<bool> allWithin(Pg &pg, const QStringList &mine, const QStringList &scopes)
{
    for (const QString &s : scopes) {
        auto in = within(pg, mine, s);
        if (!in || !*in)
            return in;
    }
    return !scopes.isEmpty();
}

// The user `name`, when theirs to manage.
Result<void> managed(Pg &pg, const ConsoleUser &admin, const QString &name)
{
    auto r = pg.exec("SELECT array_to_json(scopes), role FROM users WHERE name = $1 AND removed_at IS NULL", {name});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return Error::withReason(ErrorCode::NotFound, u"没有这个用户"_qs, u"no such user"_qs);
    // Never oneself (no administrator widens or unlocks their own account here), never another
    // administrator: those are the server's `admin` commands.
    if (name == admin.name || r->text(0, 1) == u"admin")
        return Error::withReason(ErrorCode::Forbidden, u"管理员的账号请在服务器上用 admin 命令管理"_qs,
                                 u"administrators' accounts are managed with the server's admin commands"_qs);
    auto in = allWithin(pg, admin.scopes, QJsonDocument::fromJson(r->bytes(0, 0)).toVariant().toStringList());
    if (!in)
        return in.error();
    return *in ? Result<void>() : Result<void>(outsideScope());
}

Result<void> managedDevice(Pg &pg, const ConsoleUser &admin, const QString &deviceId)
{
    auto r = pg.exec("SELECT u.name FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = $1", {deviceId});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return Error::withReason(ErrorCode::NotFound, u"没有这台设备"_qs, u"no such device"_qs);
    return managed(pg, admin, r->text(0, 0));
}

} // namespace

Result<QJsonObject> fleet(Pg &pg, const ConsoleUser &admin)
{
    auto users = pg.exec("SELECT u.name, u.role, array_to_json(u.scopes), u.offline_lease_days, u.totp_secret IS NOT NULL,"
                         " (SELECT count(*) FROM devices d WHERE d.user_id = u.id AND d.revoked_at IS NULL AND d.token_hash NOT LIKE '!%'),"
                         " (SELECT to_char(max(d.last_seen) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM devices d"
                         "  WHERE d.user_id = u.id)"
                         " FROM users u WHERE u.removed_at IS NULL ORDER BY u.role, u.name");
    if (!users)
        return users.error();
    QJsonArray userList;
    QStringList names;
    for (int i = 0; i < users->rows(); ++i) {
        const QStringList scopes = QJsonDocument::fromJson(users->bytes(i, 2)).toVariant().toStringList();
        auto in = allWithin(pg, admin.scopes, scopes);
        if (!in)
            return in.error();
        if (!*in)
            continue;
        names << users->text(i, 0);
        userList.append(QJsonObject{{u"name"_qs, users->text(i, 0)},
                                    {u"role"_qs, users->text(i, 1)},
                                    {u"scopes"_qs, QJsonArray::fromStringList(scopes)},
                                    {u"lease_days"_qs, users->integer(i, 3)},
                                    {u"totp"_qs, users->text(i, 4) == u"t"},
                                    {u"devices"_qs, users->integer(i, 5)},
                                    {u"last_contact"_qs, users->text(i, 6)}});
    }
    auto devices = pg.exec("SELECT d.id, u.name, d.name, coalesce(d.app_version, ''),"
                           " coalesce(to_char(d.last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ''),"
                           " d.waiting_records, d.waiting_photos,"
                           " CASE WHEN d.revoked_at IS NOT NULL THEN 'revoked'"
                           "  WHEN d.last_seen < now() - make_interval(days => u.offline_lease_days) THEN 'lease_out'"
                           "  ELSE 'active' END,"
                           " greatest(0, u.offline_lease_days - floor(extract(epoch FROM now() - coalesce(d.last_seen, d.enrolled_at))"
                           "  / 86400))::int,"
                           " CASE WHEN d.wiped_at IS NOT NULL THEN 'wiped' WHEN d.wipe_requested_at IS NOT NULL THEN 'asked' END,"
                           " coalesce(d.revoke_reason, '')"
                           " FROM devices d JOIN users u ON u.id = d.user_id WHERE u.name = ANY($1::text[])"
                           " AND d.token_hash NOT LIKE '!%'" // not the console's import (ledgerupload.h): no phone to act on
                           " ORDER BY d.last_seen DESC NULLS LAST, d.id",
                           {names});
    if (!devices)
        return devices.error();
    QJsonArray deviceList;
    for (int i = 0; i < devices->rows(); ++i)
        deviceList.append(QJsonObject{{u"id"_qs, devices->text(i, 0)},
                                      {u"user"_qs, devices->text(i, 1)},
                                      {u"name"_qs, devices->text(i, 2)},
                                      {u"version"_qs, devices->text(i, 3)},
                                      {u"last_contact"_qs, devices->text(i, 4)},
                                      {u"waiting_records"_qs, devices->isNull(i, 5) ? QJsonValue() : devices->integer(i, 5)},
                                      {u"waiting_photos"_qs, devices->isNull(i, 6) ? QJsonValue() : devices->integer(i, 6)},
                                      {u"state"_qs, devices->text(i, 7)},
                                      {u"lease_days_left"_qs, devices->integer(i, 8)},
                                      {u"wipe"_qs, devices->text(i, 9)},
                                      {u"revoke_reason"_qs, devices->text(i, 10)}});
    return QJsonObject{{u"users"_qs, userList}, {u"devices"_qs, deviceList}};
}

Result<void> fleetAction(Pg &pg, const ConsoleUser &admin, const QString &action, const QJsonObject &b)
{
    const bool deviceAction = action == u"revoke" || action == u"wipe";
    const model::Power power = deviceAction ? model::Power::ManageDevices : model::Power::ManageUsers;
    if (!model::has(admin.role, power))
        return Error::withReason(ErrorCode::Forbidden, u"只有管理员能这样做"_qs, u"administrators only"_qs);
    // The action and its audit entry (under the administrator's name: device.revoke,
    // device.wipe, user.scope, user.lease, console.totp_reset) commit together.
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    if (deviceAction) {
        const QString device = b.value(u"device").toString();
        HEARTH_TRY(managedDevice(pg, admin, device));
        if (action == u"revoke") {
            const QString reason = b.value(u"reason").toString().trimmed().left(200);
            HEARTH_TRY(revoke(pg, device, reason.isEmpty() ? u"console"_qs : reason, admin.name));
        } else {
            HEARTH_TRY(requestWipe(pg, device, admin.name));
        }
        return tx->commit();
    }
    const QString user = b.value(u"user").toString();
    HEARTH_TRY(managed(pg, admin, user));
    if (action == u"scopes") {
        const QStringList scopes = b.value(u"scopes").toVariant().toStringList();
        // Never wider than the administrator's own: areas inside them, and only stations they
        // hold themselves (a station follows people beyond its home county).
        for (const QString &scope : scopes)
            if (!sync::insideScopes(admin.scopes, scope))
                return outsideScope();
        HEARTH_TRY(setScopes(pg, user, scopes, admin.name));
        return tx->commit();
    }
    if (action == u"lease") {
        HEARTH_TRY(setLeaseDays(pg, user, int(b.value(u"days").toInteger()), admin.name));
        return tx->commit();
    }
    if (action == u"totp_reset") {
        HEARTH_TRY(resetSecondFactor(pg, user));
        HEARTH_TRY(appendAudit(pg, {admin.name, u"console.totp_reset"_qs, user, {}, {}}));
        return tx->commit();
    }
    return Error::withReason(ErrorCode::InvalidArgument, u"未知的操作"_qs, u"unknown action"_qs);
}

} // namespace hearth::server::console
