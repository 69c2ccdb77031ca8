// SPDX-License-Identifier: GPL-3.0-or-later
#include "fix.h"

namespace hearth::location {

namespace {

struct Reason
{
    const char16_t *code;
    const char16_t *zh;
    const char16_t *en;
};

constexpr Reason kReasons[] = {
    {u"no_fix", u"还没有收到卫星定位", u"no fix received yet"},
    {u"inaccurate", u"定位精度不够", u"the fix is not accurate enough"},
    {u"stale", u"定位已过时", u"the last fix is too old"},
    {u"mock", u"模拟定位，不予采用", u"mock location refused"},
    {u"accuracy_unknown", u"定位精度未知", u"the accuracy of the fix is unknown"},
    {u"no_source", u"没有定位设备", u"no position source"},
    {u"permission_denied", u"没有定位权限（可在系统设置中开启）", u"location permission refused (it can be turned on in the phone's settings)"},
};

const Reason *reasonFor(const QString &code)
{
    if (code.isEmpty())
        return nullptr;
    for (const Reason &r : kReasons)
        if (code == QStringView(r.code))
            return &r;
    return &kReasons[0]; // an unknown code still reads as "no fix"
}

} // namespace

QString Location::reasonChinese() const
{
    const Reason *r = reasonFor(reasonCode);
    return r ? QString::fromUtf16(r->zh) : QString();
}

QString Location::reasonEnglish() const
{
    const Reason *r = reasonFor(reasonCode);
    return r ? QString::fromUtf16(r->en) : QString();
}

Location chooseFix(const QList<Fix> &fixes, const FixPolicy &policy, qint64 nowMs)
{
    QString reason = u"no_fix"_qs;
    for (auto it = fixes.crbegin(); it != fixes.crend(); ++it) {
        const Fix &f = *it;
        if (nowMs - f.timeMs > policy.maxAgeMs) {
            if (reason == u"no_fix")
                reason = u"stale"_qs;
            break; // older ones are older still
        }
        if (f.mock)
            reason = u"mock"_qs;
        else if (f.accuracyM < 0)
            reason = u"accuracy_unknown"_qs;
        else if (f.accuracyM > policy.accuracyLimitM)
            reason = u"inaccurate"_qs;
        else
            return {f, {}};
    }
    return {std::nullopt, reason};
}

} // namespace hearth::location
