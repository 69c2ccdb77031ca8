// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboard.h"

#include "core/domain/areaname.h"
#include "core/sync/scope.h"
#include "server/report/figures.h"

#include <QJsonArray>

namespace hearth::server::console {
namespace {

QJsonObject figureJson(const report::Figure &f)
{
    return {{u"n"_qs, f.n}, {u"people"_qs, f.people}, {u"fen"_qs, f.fen}, {u"goods"_qs, f.goods}};
}

QJsonObject thingsJson(const QHash<QString, report::Figure> &byThing)
{
    QJsonObject o;
    for (const QString &thing : report::things())
        o.insert(thing, figureJson(byThing.value(thing)));
    return o;
}

} // namespace

MonthRange monthRange(const QString &from, const QString &to)
{
    const QDate now = QDate::currentDate();
    const QDate f = from.isEmpty() ? QDate(now.year(), now.month(), 1) : QDate::fromString(from + u"-01"_qs, Qt::ISODate);
    const QDate t = to.isEmpty() ? f : QDate::fromString(to + u"-01"_qs, Qt::ISODate);
    return {f, t};
}

Result<QJsonObject> areaInfo(Pg &pg, const QString &area)
{
    if (!sync::isAreaScope(area)) { // a station: its name and kind
        auto r = pg.exec("SELECT body->>'name', body->>'kind', coalesce(body->>'home_county', '') FROM records"
                         " WHERE entity = 'station' AND id = $1",
                         {area});
        if (!r)
            return r.error();
        const QString name = r->rows() ? r->text(0, 0) : area;
        return QJsonObject{{u"code"_qs, area}, {u"name"_qs, name}, {u"level"_qs, u"station"_qs},
                           {u"path"_qs, QJsonArray{QJsonObject{{u"code"_qs, area}, {u"name"_qs, name}}}}};
    }
    // The area and those above it, province first.
    QStringList codes;
    for (int length : {2, 4, 6, 9, 12})
        if (area.size() >= length)
            codes << area.left(length);
    auto r = pg.exec("SELECT code, name FROM areas WHERE code = ANY($1) ORDER BY length(code)", {codes});
    if (!r)
        return r.error();
    QJsonArray path;
    QString name = area;
    for (int i = 0; i < r->rows(); ++i) {
        path.append(QJsonObject{{u"code"_qs, r->text(i, 0)}, {u"name"_qs, domain::shortAreaName(r->text(i, 1))}});
        if (r->text(i, 0) == area)
            name = domain::shortAreaName(r->text(i, 1));
    }
    static const char *const kLevels[] = {"", "", "province", "", "city", "", "county", "", "", "township", "", "", "village"};
    return QJsonObject{{u"code"_qs, area}, {u"name"_qs, name},
                       {u"level"_qs, QString::fromLatin1(area.size() <= 12 ? kLevels[area.size()] : "")}, {u"path"_qs, path}};
}

Result<QJsonObject> dashboard(Pg &pg, const QString &area, const MonthRange &range)
{
    auto info = areaInfo(pg, area);
    if (!info)
        return info.error();
    const int span = (range.to.year() - range.from.year()) * 12 + range.to.month() - range.from.month() + 1;
    auto now = report::total(pg, area, range.from, range.to);
    auto before = report::total(pg, area, range.from.addMonths(-span), range.from.addMonths(-1));
    const QDate trendFrom = range.to.addMonths(-11);
    auto months = report::byMonth(pg, area, trendFrom, range.to);
    auto children = report::byChild(pg, area, range.from, range.to);
    if (!now || !before || !months || !children)
        return !now ? now.error() : !before ? before.error() : !months ? months.error() : children.error();
    QJsonArray trend;
    for (const report::MonthFigures &m : *months)
        trend.append(QJsonObject{{u"month"_qs, m.month.toString(u"yyyy-MM"_qs)}, {u"things"_qs, thingsJson(m.byThing)}});
    // The children's names in one query.
    QStringList codes;
    for (const report::Figures &c : *children)
        if (!c.area.isEmpty())
            codes << c.area;
    QHash<QString, QString> names;
    if (!codes.isEmpty()) {
        auto r = pg.exec("SELECT code, name FROM areas WHERE code = ANY($1)", {codes});
        if (!r)
            return r.error();
        for (int i = 0; i < r->rows(); ++i)
            names.insert(r->text(i, 0), domain::shortAreaName(r->text(i, 1)));
    }
    QJsonArray below;
    for (const report::Figures &c : *children)
        below.append(QJsonObject{{u"code"_qs, c.area},
                                 {u"name"_qs, c.area.isEmpty() ? QString() : names.value(c.area, c.area)},
                                 {u"things"_qs, thingsJson(c.byThing)}});
    return QJsonObject{{u"area"_qs, *info},
                       {u"from"_qs, range.from.toString(u"yyyy-MM"_qs)},
                       {u"to"_qs, range.to.toString(u"yyyy-MM"_qs)},
                       {u"things"_qs, thingsJson(now->byThing)},
                       {u"before"_qs, thingsJson(before->byThing)},
                       {u"months"_qs, trend},
                       {u"children"_qs, below}};
}

} // namespace hearth::server::console
