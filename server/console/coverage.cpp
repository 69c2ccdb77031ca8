// SPDX-License-Identifier: GPL-3.0-or-later
#include "coverage.h"

#include "core/domain/areaname.h"
#include "recordlist.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::server::console {
namespace {

// A campaign reaches an area when one of its target areas lies inside it or above it.
constexpr const char *kReaches =
    "EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.body->'target_areas') t"
    " WHERE left($1::text, length(t)) = t OR left(t, length($1::text)) = $1::text)";

// The households a campaign targets under an area of a county: in a target area, and with a
// member of the status and one of the tags it names (when it names them). $1 area, $2 campaign.
QByteArray targetsSql()
{
    return "targets AS (SELECT h.id, h.scope, h.body FROM records h, c"
           " WHERE h.entity = 'household' AND NOT h.deleted AND h.county = left($1::text, 6) AND "
        + inAreaSql("h.scope", "$1::text")
        + " AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.body->'target_areas') t WHERE left(h.scope, length(t)) = t)"
          " AND ((c.body->>'target_status' IS NULL AND coalesce(jsonb_array_length(c.body->'target_tags'), 0) = 0)"
          "  OR EXISTS (SELECT 1 FROM records p WHERE p.entity = 'person' AND NOT p.deleted"
          "   AND p.body->>'household_id' = h.id"
          "   AND (c.body->>'target_status' IS NULL OR p.body->>'status' = c.body->>'target_status')"
          "   AND (coalesce(jsonb_array_length(c.body->'target_tags'), 0) = 0"
          "    OR p.body->'tags' ?| ARRAY(SELECT jsonb_array_elements_text(c.body->'target_tags')))))),"
          " visited AS (SELECT DISTINCT coalesce(nullif(v.body->>'household_id', ''), p.body->>'household_id') AS id"
          " FROM records v LEFT JOIN records p ON p.entity = 'person' AND p.id = v.body->>'person_id'"
          " WHERE v.entity = 'visit' AND NOT v.deleted AND v.voided_at IS NULL AND v.county = left($1::text, 6)"
          " AND v.body->>'campaign_id' = $2::text AND "
        + inAreaSql("v.scope", "$1::text") + ")";
}

} // namespace

Result<QJsonArray> campaignsOf(Pg &pg, const QString &area, const QDate &today)
{
    const QByteArray sql = QByteArray("SELECT c.id, c.body FROM records c WHERE c.entity = 'campaign' AND NOT c.deleted AND ")
        + kReaches
        + " ORDER BY (c.body->>'starts_on' <= $2::text AND c.body->>'ends_on' >= $2::text) DESC,"
          " c.body->>'ends_on' DESC, c.id LIMIT 50";
    auto r = pg.exec(sql.constData(), {area, today.toString(Qt::ISODate)});
    if (!r)
        return r.error();
    QJsonArray out;
    const QString now = today.toString(Qt::ISODate);
    for (int i = 0; i < r->rows(); ++i) {
        const QJsonObject b = QJsonDocument::fromJson(r->bytes(i, 1)).object();
        const QString from = b.value(u"starts_on").toString(), to = b.value(u"ends_on").toString();
        out.append(QJsonObject{{u"id"_qs, r->text(i, 0)},
                               {u"name"_qs, b.value(u"name")},
                               {u"starts_on"_qs, from},
                               {u"ends_on"_qs, to},
                               {u"target_status"_qs, b.value(u"target_status")},
                               {u"target_tags"_qs, b.value(u"target_tags")},
                               {u"running"_qs, from <= now && now <= to}});
    }
    return out;
}

Result<QJsonObject> coverage(Pg &pg, const QString &area, const QString &campaignId, const QDate &today, int limit)
{
    auto campaigns = campaignsOf(pg, area, today);
    if (!campaigns)
        return campaigns.error();
    QJsonObject campaign;
    for (const QJsonValue &c : *campaigns)
        if (campaignId.isEmpty() || c[u"id"].toString() == campaignId) {
            campaign = c.toObject();
            break;
        }
    QJsonObject out{{u"campaigns"_qs, *campaigns}, {u"campaign"_qs, campaign}};
    if (campaign.isEmpty()) {
        if (!campaignId.isEmpty())
            return Error::withReason(ErrorCode::NotFound, u"这个区划没有这次活动"_qs, u"no such campaign for this area"_qs);
        return out;
    }
    auto info = areaInfo(pg, area);
    if (!info)
        return info.error();
    out.insert(u"area"_qs, *info);
    if (area.size() < 6) { // above a county: choose one (each county's own figures are a county's read)
        auto counties = pg.exec("SELECT code, name FROM areas WHERE left(code, length($1::text)) = $1::text AND level = 3"
                                " ORDER BY code",
                                {area});
        if (!counties)
            return counties.error();
        QJsonArray rows;
        for (int i = 0; i < counties->rows(); ++i)
            rows.append(QJsonObject{{u"code"_qs, counties->text(i, 0)}, {u"name"_qs, domain::shortAreaName(counties->text(i, 1))}});
        out.insert(u"rows"_qs, rows);
        out.insert(u"choose"_qs, true);
        return out;
    }
    const QString id = campaign.value(u"id").toString();
    const int childLength = area.size() < 9 ? 9 : 12;
    const QByteArray with = "WITH c AS (SELECT body FROM records WHERE entity = 'campaign' AND id = $2::text), " + targetsSql();
    // By the level below (a village: itself).
    auto byChild = pg.exec((with + " SELECT left(t.scope, $3::int) AS child, count(*), count(v.id)"
                                   " FROM targets t LEFT JOIN visited v ON v.id = t.id GROUP BY 1 ORDER BY 1")
                               .constData(),
                           {area, id, childLength});
    if (!byChild)
        return byChild.error();
    auto names = pg.exec("SELECT code, name FROM areas WHERE parent_code = $1 OR code = $1 ORDER BY code", {area});
    if (!names)
        return names.error();
    QHash<QString, QPair<qint64, qint64>> counts;
    qint64 targets = 0, visited = 0;
    for (int i = 0; i < byChild->rows(); ++i) {
        counts.insert(byChild->text(i, 0), {byChild->integer(i, 1), byChild->integer(i, 2)});
        targets += byChild->integer(i, 1);
        visited += byChild->integer(i, 2);
    }
    QJsonArray rows;
    for (int i = 0; i < names->rows(); ++i) {
        const QString code = names->text(i, 0);
        if (code == area && area.size() < 12)
            continue;
        const auto [n, seen] = counts.take(code);
        rows.append(QJsonObject{{u"code"_qs, code}, {u"name"_qs, domain::shortAreaName(names->text(i, 1))},
                                {u"targets"_qs, n}, {u"visited"_qs, seen}});
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) // households of an area the table does not name
        rows.append(QJsonObject{{u"code"_qs, it.key()}, {u"name"_qs, it.key()}, {u"targets"_qs, it->first},
                                {u"visited"_qs, it->second}});
    out.insert(u"rows"_qs, rows);
    out.insert(u"targets"_qs, targets);
    out.insert(u"visited"_qs, visited);
    // Those not yet visited, by village and head of household.
    auto left = pg.exec((with + " SELECT t.id, coalesce(t.body->>'head_name', ''), coalesce(t.body->>'address', ''),"
                                " coalesce(a.name, t.scope) FROM targets t LEFT JOIN areas a ON a.code = t.scope"
                                " WHERE t.id NOT IN (SELECT id FROM visited WHERE id IS NOT NULL)"
                                " ORDER BY t.scope, t.body->>'head_name', t.id LIMIT $3::int")
                            .constData(),
                        {area, id, limit + 1});
    if (!left)
        return left.error();
    QJsonArray unvisited;
    for (int i = 0; i < left->rows() && i < limit; ++i)
        unvisited.append(QJsonObject{{u"id"_qs, left->text(i, 0)}, {u"head"_qs, left->text(i, 1)},
                                     {u"address"_qs, left->text(i, 2)}, {u"place"_qs, domain::shortAreaName(left->text(i, 3))}});
    out.insert(u"unvisited"_qs, unvisited);
    out.insert(u"more"_qs, left->rows() > limit);
    return out;
}

} // namespace hearth::server::console
