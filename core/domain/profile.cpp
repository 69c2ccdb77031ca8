// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile.h"

#include "area.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"

namespace hearth::domain {
namespace {

Result<bool> stationExists(storage::Database &db, const QString &id)
{
    auto stmt = db.cached("SELECT 1 FROM stations WHERE id = ?");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, id);
    return (*stmt)->step();
}

Error refuse(const char *field, const char *zh, const char *en)
{
    return Error::withReason(ErrorCode::InvalidRecord, QString::fromUtf8(zh), QString::fromUtf8(en),
                             QString::fromLatin1(field));
}

} // namespace

QStringList profileRoles() { return {u"cadre"_qs, u"volunteer"_qs, u"station"_qs, u"supervisor"_qs}; }

bool roleUsesArea(const QString &role) { return role == u"cadre" || role == u"supervisor"; }

Result<Profile> loadProfile(storage::Database &db)
{
    Profile p;
    for (auto [key, out] : {std::pair{"profile.role", &p.role}, {"profile.user", &p.userName},
                            {"profile.area", &p.areaCode}, {"profile.station", &p.stationId}}) {
        auto v = storage::readMeta(db, key);
        if (!v)
            return v.error();
        *out = *v;
    }
    auto limit = storage::readMeta(db, "settings.accuracy_m");
    if (!limit)
        return limit.error();
    bool ok = false;
    const int m = limit->toInt(&ok);
    if (ok && m >= kMinAccuracyLimitM && m <= kMaxAccuracyLimitM)
        p.accuracyLimitM = m;
    return p;
}

Result<void> saveProfile(storage::Database &db, const Profile &p)
{
    if (!profileRoles().contains(p.role))
        return refuse("role", "请选择身份", "choose a role");
    if (p.userName.trimmed().isEmpty())
        return refuse("user", "请填写您的姓名", "enter your name");
    if (roleUsesArea(p.role)) {
        auto known = AreaRepository(db).exists(p.areaCode);
        if (!known)
            return known.error();
        if (p.areaCode.isEmpty() || !*known)
            return refuse("area", "请选择负责的村（社区）或乡镇", "choose the village or township you cover");
    } else {
        auto known = stationExists(db, p.stationId);
        if (!known)
            return known.error();
        if (!*known)
            return refuse("station", "请选择所在的驿站或工作站", "choose your travel point or branch station");
    }
    if (p.accuracyLimitM < kMinAccuracyLimitM || p.accuracyLimitM > kMaxAccuracyLimitM)
        return refuse("accuracy", "定位精度上限须在 5 到 500 米之间", "the accuracy limit must be 5 to 500 m");

    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(storage::writeMeta(db, "profile.role", p.role));
    HEARTH_TRY(storage::writeMeta(db, "profile.user", p.userName.trimmed()));
    HEARTH_TRY(storage::writeMeta(db, "profile.area", roleUsesArea(p.role) ? p.areaCode : QString()));
    HEARTH_TRY(storage::writeMeta(db, "profile.station", roleUsesArea(p.role) ? QString() : p.stationId));
    HEARTH_TRY(storage::writeMeta(db, "settings.accuracy_m", QString::number(p.accuracyLimitM)));
    return tx->commit();
}

} // namespace hearth::domain
