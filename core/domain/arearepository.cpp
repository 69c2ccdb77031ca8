// SPDX-License-Identifier: GPL-3.0-or-later
#include "area.h"

#include "areapath.h"

#include "core/storage/database.h"
#include "validation.h"


namespace hearth::domain {
namespace {

Area areaFrom(const storage::Statement &s)
{
    return {s.columnText(0), s.columnText(1), int(s.columnInt(2)), s.columnText(3)};
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

Result<QString> AreaRepository::resolve(const QString &input)
{
    const QString text = input.trimmed();
    if (auto hit = m_resolved.constFind(text); hit != m_resolved.cend())
        return *hit;
    const AreaLookups lookups{
        [this](const QString &code) { return exists(code); },
        [this](const QString &name, const QString &parent) -> Result<QStringList> {
            auto stmt = parent.isEmpty() ? m_db.cached("SELECT code FROM areas WHERE name = ?1")
                                         : m_db.cached("SELECT code FROM areas WHERE name = ?1 AND parent_code = ?2");
            if (!stmt)
                return stmt.error();
            (*stmt)->bind(1, name);
            if (!parent.isEmpty())
                (*stmt)->bind(2, parent);
            return storage::collectRows(**stmt, [](const storage::Statement &s) { return s.columnText(0); });
        }};
    auto code = resolveAreaText(text, lookups);
    if (code)
        m_resolved.insert(text, *code);
    return code;
}

} // namespace hearth::domain
