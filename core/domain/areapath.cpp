// SPDX-License-Identifier: GPL-3.0-or-later
#include "areapath.h"

#include "validation.h"

#include <QRegularExpression>

namespace hearth::domain {
namespace {

constexpr int kMaxAreaName = 40;

bool allDigits(const QString &s)
{
    for (QChar c : s)
        if (!c.isDigit())
            return false;
    return !s.isEmpty();
}

// Every area below `parent` (or anywhere, for the first name of a path) whose name starts
// `rest`, followed through the rest of the path; the codes of the areas where a path ends.
Result<QStringList> matchFrom(const AreaLookups &lookups, const QString &parent, QStringView rest)
{
    QStringList ends;
    for (int len = 1; len <= std::min<qsizetype>(rest.size(), kMaxAreaName); ++len) {
        // The official name, or the way people say it (shortAreaName's inverse).
        const QString said = rest.first(len).toString();
        QStringList names{said};
        if (said.endsWith(u"社区"))
            names << said + u"居民委员会"_qs;
        else if (said.endsWith(u'村'))
            names << said.chopped(1) + u"村民委员会"_qs;
        QStringList codes;
        for (const QString &name : names) {
            auto found = lookups.codesNamed(name, parent);
            if (!found)
                return found.error();
            codes += *found;
        }
        for (const QString &code : codes) {
            if (len == rest.size()) {
                ends.append(code);
                continue;
            }
            auto deeper = matchFrom(lookups, code, rest.sliced(len));
            if (!deeper)
                return deeper.error();
            ends += *deeper;
        }
    }
    return ends;
}

} // namespace

Result<QString> resolveAreaText(const QString &input, const AreaLookups &lookups)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return FieldProblem{u"area_code"_qs, Problem::Required}.toError();
    QString code;
    if (allDigits(text)) {
        auto known = lookups.exists(text);
        if (!known)
            return known.error();
        if (*known)
            code = text;
    } else {
        static const QRegularExpression separators(uR"([\s/\\>\-—,，、·]+)"_qs);
        QString path = text;
        path.remove(separators);
        auto ends = matchFrom(lookups, {}, path);
        if (!ends)
            return ends.error();
        ends->removeDuplicates();
        if (ends->size() > 1)
            return Error::withReason(ErrorCode::InvalidRecord, u"所在村：地名不唯一，请写上级地名或代码"_qs,
                                     u"village: the place name is ambiguous; add the parent areas or use the code"_qs,
                                     u"area_code"_qs);
        if (ends->size() == 1)
            code = ends->first();
    }
    if (code.isEmpty())
        return FieldProblem{u"area_code"_qs, Problem::UnknownArea}.toError();
    return code;
}

} // namespace hearth::domain
