// SPDX-License-Identifier: GPL-3.0-or-later
#include "area.h"

#include "core/storage/database.h"
#include "validation.h"

#include <QRegularExpression>

namespace hearth::domain {
namespace {

constexpr int kMaxAreaName = 40;

Area areaFrom(const storage::Statement &s)
{
    return {s.columnText(0), s.columnText(1), int(s.columnInt(2)), s.columnText(3)};
}

bool allDigits(const QString &s)
{
    for (QChar c : s)
        if (!c.isDigit())
            return false;
    return !s.isEmpty();
}

} // namespace

Result<QList<Area>> AreaRepository::query(const char *sql, const QString &arg, int level)
{
    auto stmt = m_db.cached(sql);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, arg);
    if (level)
        (*stmt)->bind(2, level);
    return storage::collectRows(**stmt, areaFrom);
}

Result<bool> AreaRepository::exists(const QString &code)
{
    auto found = query("SELECT code, name, level, parent_code FROM areas WHERE code = ?", code);
    if (!found)
        return found.error();
    return !found->isEmpty();
}

Result<Area> AreaRepository::find(const QString &code)
{
    auto found = query("SELECT code, name, level, parent_code FROM areas WHERE code = ?", code);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error(ErrorCode::NotFound, u"area "_qs + code);
    return found->first();
}

Result<QList<Area>> AreaRepository::children(const QString &code)
{
    if (code.isEmpty())
        return query("SELECT code, name, level, parent_code FROM areas WHERE parent_code IS NULL AND ?1 IS ?1"
                     " ORDER BY code",
                     code);
    return query("SELECT code, name, level, parent_code FROM areas WHERE parent_code = ? ORDER BY code", code);
}

Result<QList<Area>> AreaRepository::lineage(const QString &code)
{
    QList<Area> chain;
    QString next = code;
    while (!next.isEmpty() && chain.size() < 5) {
        auto a = find(next);
        if (!a)
            return a.error();
        chain.prepend(*a);
        next = a->parentCode;
    }
    return chain;
}

Result<QList<Area>> AreaRepository::under(const QString &prefix, int level)
{
    return query("SELECT code, name, level, parent_code FROM areas"
                 " WHERE code >= ?1 AND code < ?1 || ':' AND level = ?2 ORDER BY code",
                 prefix, level);
}

Result<QList<Area>> AreaRepository::search(const QString &text, int limit)
{
    // ?2 is the limit here; query() binds it as "level".
    return query("SELECT code, name, level, parent_code FROM areas WHERE name >= ?1 AND name < ?1 || char(1114111)"
                 " ORDER BY level DESC, code LIMIT ?2",
                 text.trimmed(), std::max(1, limit));
}

// Every area below `parent` (or anywhere, for the first name of a path) whose name starts
// `rest`, followed through the rest of the path; the codes of the areas where a path ends.
Result<QStringList> AreaRepository::matchFrom(const QString &parent, bool anyLevel, QStringView rest)
{
    QStringList ends;
    for (int len = 1; len <= std::min<qsizetype>(rest.size(), kMaxAreaName); ++len) {
        auto stmt = anyLevel ? m_db.cached("SELECT code FROM areas WHERE name = ?1")
                             : m_db.cached("SELECT code FROM areas WHERE name = ?1 AND parent_code = ?2");
        if (!stmt)
            return stmt.error();
        QStringList codes;
        // The official name, or the way people say it (shortAreaName's inverse).
        const QString said = rest.first(len).toString();
        QStringList names{said};
        if (said.endsWith(u"社区"))
            names << said + u"居民委员会"_qs;
        else if (said.endsWith(u'村'))
            names << said.chopped(1) + u"村民委员会"_qs;
        for (const QString &name : names) {
            (*stmt)->bind(1, name);
            if (!anyLevel)
                (*stmt)->bind(2, parent);
            for (;;) {
                auto row = (*stmt)->step();
                if (!row)
                    return row.error();
                if (!*row)
                    break;
                codes.append((*stmt)->columnText(0));
            }
            (*stmt)->reset();
        }
        for (const QString &code : codes) {
            if (len == rest.size()) {
                ends.append(code);
                continue;
            }
            auto deeper = matchFrom(code, false, rest.sliced(len));
            if (!deeper)
                return deeper.error();
            ends += *deeper;
        }
    }
    return ends;
}

Result<QString> AreaRepository::resolve(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return FieldProblem{u"area_code"_qs, Problem::Required}.toError();
    if (auto hit = m_resolved.constFind(text); hit != m_resolved.cend())
        return *hit;
    QString code;
    if (allDigits(text)) {
        auto known = exists(text);
        if (!known)
            return known.error();
        if (*known)
            code = text;
    } else {
        static const QRegularExpression separators(uR"([\s/\\>\-—,，、·]+)"_qs);
        QString path = text;
        path.remove(separators);
        auto ends = matchFrom({}, true, path);
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
    m_resolved.insert(text, code);
    return code;
}

} // namespace hearth::domain
