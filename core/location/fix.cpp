// SPDX-License-Identifier: GPL-3.0-or-later
#include "fix.h"

namespace hearth::location {

QString Location::reasonChinese() const
{
    if (reasonCode == u"inaccurate")
        return u"定位精度不够"_qs;
    if (reasonCode == u"stale")
        return u"定位已过时"_qs;
    if (reasonCode == u"mock")
        return u"模拟定位，不予采用"_qs;
    if (reasonCode == u"accuracy_unknown")
        return u"定位精度未知"_qs;
    if (reasonCode == u"no_source")
        return u"没有定位设备"_qs;
    return reasonCode.isEmpty() ? QString() : u"没有定位"_qs;
}

QString Location::reasonEnglish() const
{
    if (reasonCode == u"inaccurate")
        return u"the fix is not accurate enough"_qs;
    if (reasonCode == u"stale")
        return u"the last fix is too old"_qs;
    if (reasonCode == u"mock")
        return u"mock location refused"_qs;
    if (reasonCode == u"accuracy_unknown")
        return u"the accuracy of the fix is unknown"_qs;
    if (reasonCode == u"no_source")
        return u"no position source"_qs;
    return reasonCode.isEmpty() ? QString() : u"no fix"_qs;
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
