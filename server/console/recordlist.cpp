// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordlist.h"

#include "core/domain/areaname.h"
#include "core/sync/scope.h"
#include "server/report/figures.h"

#include <QDateTime>
#include <QJsonDocument>

namespace hearth::server::console {
namespace {

QString entityOf(const QString &thing) { return thing == u"wage" ? u"followup_note"_qs : thing; }

QString localTime(qint64 ms, qint64 offsetMin)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toOffsetFromUtc(int(offsetMin) * 60).toString(u"yyyy-MM-dd HH:mm"_qs);
}

} // namespace

QJsonObject describeRecord(const QString &thing, const QString &id, const QString &scope, const QJsonObject &b,
                     const QString &personName, const QString &placeName)
{
    QJsonObject o{{u"id"_qs, id}, {u"area"_qs, scope}, {u"place"_qs, placeName}, {u"person"_qs, personName}};
    const qint64 offset = b.value(u"utc_offset_min").toInteger(480);
    if (thing == u"visit") {
        o.insert(u"time"_qs, localTime(b.value(u"visited_at").toInteger(), offset));
        o.insert(u"kind"_qs, b.value(u"kind"));
        o.insert(u"visitors"_qs, b.value(u"visitors"));
        o.insert(u"cash_fen"_qs, b.value(u"cash_fen").toInteger());
        qint64 goods = 0;
        for (const QJsonValue &g : b.value(u"goods").toArray())
            goods += g[u"quantity"].toInteger();
        o.insert(u"goods"_qs, goods);
        o.insert(u"letter"_qs, b.value(u"letter_delivered").toBool());
        QJsonArray photos;
        for (const QJsonValue &p : b.value(u"photos").toArray())
            photos.append(QJsonObject{{u"hash"_qs, p[u"hash"]}, {u"thumb"_qs, p[u"thumb_hash"]}});
        o.insert(u"photos"_qs, photos);
        const QJsonObject at = b.value(u"location").toObject();
        if (at.value(u"status").toString() == u"fix")
            o.insert(u"location"_qs, QJsonObject{{u"lat"_qs, at.value(u"latitude")}, {u"lon"_qs, at.value(u"longitude")},
                                                 {u"accuracy_m"_qs, at.value(u"accuracy_m")}});
        else
            o.insert(u"location"_qs, QJsonObject{{u"reason"_qs, at.value(u"reason")}});
        QStringList needs;
        for (const QJsonValue &n : b.value(u"needs").toArray())
            needs << n[u"category"].toString();
        o.insert(u"needs"_qs, needs.join(u'、'));
    } else if (thing == u"job_fair") {
        o.insert(u"time"_qs, b.value(u"held_on"));
        for (const char *key : {"organiser", "employers", "positions", "attendees", "contracts", "placed"})
            o.insert(QLatin1String(key), b.value(QLatin1String(key)));
        o.insert(u"where"_qs, b.value(u"place"));
    } else if (thing == u"certificate") {
        o.insert(u"time"_qs, localTime(b.value(u"at").toInteger(), offset));
        for (const char *key : {"kind", "outcome", "handler"})
            o.insert(QLatin1String(key), b.value(QLatin1String(key)));
        o.insert(u"where"_qs, b.value(u"place"));
    } else if (thing == u"service") {
        o.insert(u"time"_qs, localTime(b.value(u"at").toInteger(), offset));
        for (const char *key : {"category", "count", "volunteer"})
            o.insert(QLatin1String(key), b.value(QLatin1String(key)));
    } else { // wage: the note that settled a case
        o.insert(u"time"_qs, localTime(b.value(u"at").toInteger(), 480));
        o.insert(u"recovered_fen"_qs, b.value(u"recovered_fen").toInteger());
        o.insert(u"text"_qs, b.value(u"text"));
    }
    return o;
}

bool isThing(const QString &thing) { return report::things().contains(thing); }

QByteArray inAreaSql(const char *col, const char *param)
{
    const QByteArray c(col), p(param);
    return c + " COLLATE \"C\" >= " + p + " AND " + c + " COLLATE \"C\" < " + p + " || ':' AND ltrim(" + c
           + ", '0123456789') = ''";
}

Result<QJsonObject> recordList(Pg &pg, const RecordQuery &q)
{
    // Schema 21 (recordlistschema.h): a counted record's month is `report_month`, and the index
    // records_county is (county, report_month). An area's records are read unit by unit, each
    // unit's months asked for through the index, newest first, a page (and what the offset
    // skips) at most from each, and merged: the province's first page is a few hundred short
    // reads where it was a scan of the province. The units, and what of each is listed, are
    // those the figures count in the area (hearth_report_item):
    // - its counties: a record's county is the first six digits of its scope, so they are the
    //   area's own code and the codes of six digits or fewer below it, in `areas` or among the
    //   units something was ever written to (a county the area table lacks);
    // - its stations (a station's `county` is its id), those whose home county lies in the area:
    //   a travel point's services, a station's own wage cases, and a job fair or certificate
    //   held at the station itself count in its home county.
    // A station's own list reads its id's entries and the records that name it.
    const bool station = !sync::isAreaScope(q.area);
    const QByteArray counties =
        "SELECT code FROM areas WHERE left(code, length($4::text)) = $4::text AND length(code) <= 6"
        " UNION SELECT left($4::text, 6)"
        " UNION SELECT unit FROM units WHERE " + inAreaSql("unit", "$4::text") + " AND length(unit) <= 6";
    const QByteArray stations = "SELECT s.id FROM records s WHERE s.entity = 'station'"
                                " AND left(s.body->>'home_county', length($4::text)) = $4::text";
    QByteArray units;
    if (station)
        units = q.thing == u"service" ? "SELECT $4::text" : "";
    else if (q.thing == u"service")
        units = stations;
    else if (q.thing == u"visit")
        units = counties;
    else
        units = counties + " UNION " + stations;
    QByteArray filter = "r.entity = $1::text AND r.report_month BETWEEN $2::date AND $3::date AND NOT r.deleted"
                        " AND r.voided_at IS NULL";
    if (!station && q.thing != u"service")
        filter += " AND CASE WHEN ltrim(u.code, '0123456789') = '' THEN " + inAreaSql("r.scope", "$4::text")
                  + " AND length(r.scope) <= 12 ELSE r.entity = 'followup_note' OR r.scope = r.body->>'station_id' END";
    if (q.thing == u"wage")
        filter += " AND r.body->>'status' = 'resolved' AND EXISTS (SELECT 1 FROM records w WHERE w.entity = 'followup'"
                  " AND w.id = r.body->>'followup_id' AND w.body->>'category' = 'wage_arrears')";
    if (q.thing == u"certificate")
        filter += " AND r.body->>'outcome' IS DISTINCT FROM 'not_possible'";
    const QByteArray order = " ORDER BY r.report_month DESC, r.id DESC";
    const QByteArray from =
        units.isEmpty() ? "(SELECT r.* FROM records r WHERE (r.county = $4::text OR r.extra_scopes @> ARRAY[$4::text]) AND "
                              + filter + ") r"
                        : "(" + units + ") u(code) CROSS JOIN LATERAL (SELECT r.* FROM records r WHERE r.county = u.code AND "
                              + filter + order + " LIMIT $5::bigint + $6::bigint) r";
    // The person: a visit's, a certificate's, or the settled case's.
    const QByteArray sql =
        "SELECT r.id, r.scope, r.body, coalesce(p.body->>'name', ''), coalesce(a.name, st.body->>'name', '')"
        " FROM " + from
        + " LEFT JOIN records f ON f.entity = 'followup' AND f.id = r.body->>'followup_id'"
          " LEFT JOIN records p ON p.entity = 'person' AND p.id = coalesce(r.body->>'person_id', f.body->>'person_id')"
          " LEFT JOIN areas a ON a.code = r.scope"
          " LEFT JOIN records st ON st.entity = 'station' AND st.id = r.scope"
        + order + " LIMIT $5::int OFFSET $6::int";
    auto r = pg.exec(sql.constData(), {entityOf(q.thing), q.range.from, q.range.to, q.area, q.limit + 1, q.offset});
    if (!r)
        return r.error();
    QJsonArray records;
    for (int i = 0; i < r->rows() && i < q.limit; ++i)
        records.append(describeRecord(q.thing, r->text(i, 0), r->text(i, 1), QJsonDocument::fromJson(r->bytes(i, 2)).object(),
                                r->text(i, 3), domain::shortAreaName(r->text(i, 4))));
    return QJsonObject{{u"records"_qs, records}, {u"more"_qs, r->rows() > q.limit}};
}

QStringList columnsOf(const QString &thing, bool english)
{
    struct Column { const char *zh, *en; };
    QList<Column> cols;
    if (thing == u"visit")
        cols = {{"走访时间", "time"}, {"所在地", "place"}, {"走访对象", "person"}, {"方式", "kind"}, {"慰问金（元）", "cash (yuan)"},
                {"物资（件）", "goods"}, {"诉求", "needs"}, {"定位", "location"}};
    else if (thing == u"job_fair")
        cols = {{"举办日期", "date"}, {"所在地", "area"}, {"举办单位", "organiser"}, {"地点", "place"}, {"参会企业", "employers"},
                {"提供岗位", "positions"}, {"参会人数", "attending"}, {"签订意向", "contracts"}, {"达成就业", "placed"}};
    else if (thing == u"certificate")
        cols = {{"办理时间", "time"}, {"所在地", "area"}, {"证照", "certificate"}, {"结果", "outcome"}, {"办理地点", "where"},
                {"人员", "person"}};
    else if (thing == u"service")
        cols = {{"服务时间", "time"}, {"驿站", "travel point"}, {"类别", "category"}, {"人数", "people"}, {"志愿者", "volunteer"}};
    else
        cols = {{"结案时间", "settled"}, {"所在地", "area"}, {"务工人员", "worker"}, {"追回金额（元）", "recovered (yuan)"}, {"说明", "note"}};
    QStringList out;
    for (const Column &c : cols)
        out << QString::fromUtf8(english ? c.en : c.zh);
    return out;
}

QVariantList cellsOf(const QString &thing, const QJsonObject &o)
{
    const auto s = [&](const char *key) { return o.value(QLatin1String(key)).toVariant(); };
    if (thing == u"visit") {
        const QJsonObject at = o.value(u"location").toObject();
        const QString where = at.contains(u"lat") ? u"%1, %2 ±%3 m"_qs.arg(at[u"lat"].toDouble(), 0, 'f', 5)
                                                        .arg(at[u"lon"].toDouble(), 0, 'f', 5)
                                                        .arg(at[u"accuracy_m"].toDouble(), 0, 'f', 0)
                                                  : u"无定位 no fix: "_qs + at[u"reason"].toString();
        return {s("time"), s("place"), s("person"), s("kind"), double(o.value(u"cash_fen").toInteger()) / 100, s("goods"),
                s("needs"), where};
    }
    if (thing == u"job_fair")
        return {s("time"), s("place"), s("organiser"), s("where"), s("employers"), s("positions"), s("attendees"),
                s("contracts"), s("placed")};
    if (thing == u"certificate")
        return {s("time"), s("place"), s("kind"), s("outcome"), s("where"), s("person")};
    if (thing == u"service")
        return {s("time"), s("place"), s("category"), s("count"), s("volunteer")};
    return {s("time"), s("place"), s("person"), double(o.value(u"recovered_fen").toInteger()) / 100, s("text")};
}

} // namespace hearth::server::console
