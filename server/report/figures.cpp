// SPDX-License-Identifier: GPL-3.0-or-later
#include "figures.h"

#include "figuresschema.h"

#include <algorithm>

namespace hearth::server::report {
namespace {

// Which stored rows make up an area's figure ($1 area, $2 and $3 the first and last month): from
// the county down, its own row (found by county, the table's first key); above the county, its
// counties' rows and anything recorded against a city or the province itself (the partial
// index). The prefix is a range, so a generic plan of the prepared statement still uses an index.
QByteArray rowsOf(const QString &area)
{
    if (area.size() >= 6)
        return "county = left($1::text, 6) AND area = $1::text AND month BETWEEN $2::date AND $3::date";
    return "length(area) <= 6 AND month BETWEEN $2::date AND $3::date AND area >= $1::text AND area < $1::text || ':'";
}

Figure figureAt(const PgResult &r, int row, int firstColumn)
{
    return Figure{r.integer(row, firstColumn), r.integer(row, firstColumn + 1), r.integer(row, firstColumn + 2),
                  r.integer(row, firstColumn + 3)};
}

} // namespace

QStringList things()
{
    return {u"visit"_qs, u"job_fair"_qs, u"wage"_qs, u"certificate"_qs, u"service"_qs};
}

int childLength(int length)
{
    switch (length) {
    case 2: return 4;
    case 4: return 6;
    case 6: return 9;
    case 9: return 12;
    default: return 0;
    }
}

Result<void> fold(Pg &pg)
{
    auto r = pg.exec(kReportFiguresFold);
    return r ? Result<void>() : Result<void>(r.error());
}

Result<Figures> total(Pg &pg, const QString &area, QDate from, QDate to)
{
    HEARTH_TRY(fold(pg));
    const QByteArray sql = "SELECT thing, sum(n), sum(people), sum(fen), sum(goods) FROM report_figures WHERE "
        + rowsOf(area) + " GROUP BY thing";
    auto r = pg.exec(sql.constData(),
                     {area, from, to});
    if (!r)
        return r.error();
    Figures out{area, {}};
    for (int i = 0; i < r->rows(); ++i)
        out.byThing.insert(r->text(i, 0), figureAt(*r, i, 1));
    return out;
}

Result<QList<MonthFigures>> byMonth(Pg &pg, const QString &area, QDate from, QDate to)
{
    HEARTH_TRY(fold(pg));
    const QByteArray sql = "SELECT month::text, thing, sum(n), sum(people), sum(fen), sum(goods) FROM report_figures WHERE "
        + rowsOf(area) + " GROUP BY 1, 2";
    auto r = pg.exec(sql.constData(),
                     {area, from, to});
    if (!r)
        return r.error();
    QList<MonthFigures> out;
    for (QDate m = from; m <= to; m = m.addMonths(1))
        out.append({m, {}});
    for (int i = 0; i < r->rows(); ++i) {
        const QDate m = QDate::fromString(r->text(i, 0), Qt::ISODate);
        const int at = (m.year() - from.year()) * 12 + m.month() - from.month();
        if (at >= 0 && at < out.size())
            out[at].byThing.insert(r->text(i, 1), figureAt(*r, i, 2));
    }
    return out;
}

Result<QList<Figures>> byChild(Pg &pg, const QString &area, QDate from, QDate to)
{
    const int child = childLength(int(area.size()));
    if (child == 0)
        return QList<Figures>{};
    HEARTH_TRY(fold(pg));
    // Children from the county down are kept rows of their own; above it, their counties' rows
    // (and a city's own records, for the province).
    const QByteArray sql = area.size() >= 6
        ? "SELECT left(area, $4::int), thing, sum(n), sum(people), sum(fen), sum(goods) FROM report_figures"
          " WHERE county = left($1::text, 6) AND month BETWEEN $2::date AND $3::date AND area > $1::text"
          " AND area < $1::text || ':' AND length(area) = $4::int GROUP BY 1, 2 ORDER BY 1"
        : "SELECT left(area, $4::int), thing, sum(n), sum(people), sum(fen), sum(goods) FROM report_figures"
          " WHERE length(area) <= 6 AND month BETWEEN $2::date AND $3::date AND area >= $1::text AND area < $1::text || ':'"
          " AND (length(area) = 6 OR length(area) BETWEEN $4::int AND 5) GROUP BY 1, 2 ORDER BY 1";
    auto r = pg.exec(sql.constData(), {area, from, to, child});
    if (!r)
        return r.error();
    QList<Figures> out;
    Figures sum;
    for (int i = 0; i < r->rows(); ++i) {
        const QString code = r->text(i, 0);
        if (out.isEmpty() || out.last().area != code)
            out.append({code, {}});
        const Figure f = figureAt(*r, i, 2);
        out.last().byThing[r->text(i, 1)] += f;
        sum.byThing[r->text(i, 1)] += f;
    }
    // A child whose records all moved away or were voided keeps rows of zeros: not listed.
    out.removeIf([](const Figures &f) {
        return std::all_of(f.byThing.cbegin(), f.byThing.cend(),
                           [](const Figure &x) { return !x.n && !x.people && !x.fen && !x.goods; });
    });
    // What the area holds beyond its children: recorded against the area itself.
    auto all = total(pg, area, from, to);
    if (!all)
        return all.error();
    Figures own;
    bool any = false;
    for (auto it = all->byThing.cbegin(); it != all->byThing.cend(); ++it) {
        const Figure &c = sum.byThing.value(it.key());
        const Figure rest{it->n - c.n, it->people - c.people, it->fen - c.fen, it->goods - c.goods};
        if (rest.n || rest.people || rest.fen || rest.goods) {
            own.byThing.insert(it.key(), rest);
            any = true;
        }
    }
    if (any)
        out.append(own);
    return out;
}

Result<QStringList> verify(Pg &pg)
{
    HEARTH_TRY(fold(pg));
    auto r = pg.exec(kReportFiguresRecount);
    if (!r)
        return r.error();
    QStringList out;
    for (int i = 0; i < r->rows(); ++i)
        out << u"report %1 %2 %3: kept n=%4, counted %5; kept people=%6, counted %7"_qs.arg(
                   r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->text(i, 5), r->text(i, 6));
    // The review queue's flag, kept beside each visit (schema 16), against the rule itself; the
    // console's lookup keys (schema 18) and report months (schema 21) against what they are made from.
    auto flags = pg.exec("SELECT entity, id FROM records WHERE (entity = 'visit'"
                         " AND flagged IS DISTINCT FROM nullif(hearth_visit_flags(body) <> '{}', false))"
                         " OR lookup IS DISTINCT FROM CASE entity"
                         "   WHEN 'visit' THEN CASE WHEN hearth_visit_flags(body) <> '{}' THEN 'flagged ' || county END"
                         "   WHEN 'review' THEN 'review ' || (body->>'visit_id')"
                         "   WHEN 'household' THEN 'household ' || scope || ' ' || (body->>'head_name') END"
                         // the month a counted record is listed by (schema 21)
                         " OR report_month IS DISTINCT FROM CASE WHEN entity IN ('visit', 'job_fair', 'certificate', 'service',"
                         "   'followup_note') AND NOT deleted AND voided_at IS NULL THEN hearth_report_month(entity, body) END"
                         " ORDER BY entity, id LIMIT 20");
    if (!flags)
        return flags.error();
    for (int i = 0; i < flags->rows(); ++i)
        out << u"%1 %2: its lookup key, report month or (a visit's) flag disagrees with the record"_qs.arg(flags->text(i, 0), flags->text(i, 1));
    return out;
}

} // namespace hearth::server::report
