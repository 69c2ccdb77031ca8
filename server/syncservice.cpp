// SPDX-License-Identifier: GPL-3.0-or-later
// Serving what devices read: changes by scope and cursor, the scope checksum, conflicts.
// Pushes are applied in push.cpp.
#include "syncservice.h"

#include "core/model/recordcheck.h"
#include "core/protocol/digest.h"
#include "core/protocol/merge.h"
#include "devices.h"
#include "scopesql.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::server {

Result<QJsonObject> scopeChecksum(Pg &pg, const Device &device)
{
    const auto [stations, areas] = scopeArrays(device.scopes);
    // A page at a time along the primary key: never more than kChecksumPage records in memory,
    // whatever the scope holds; the digest is a sum, so the order does not matter.
    constexpr int kChecksumPage = 2000;
    protocol::DigestBuilder digest;
    QString lastEntity, lastId;
    for (;;) {
        auto r = pg.exec("SELECT entity, id, body, voided_at IS NOT NULL FROM records WHERE (entity, id) > ($3, $4)"
                         " AND NOT deleted AND" HEARTH_VISIBLE("", "$1", "$2") " ORDER BY entity, id LIMIT $5",
                         {stations, areas, lastEntity, lastId, kChecksumPage});
        if (!r)
            return r.error();
        for (int i = 0; i < r->rows(); ++i) {
            const QString entity = r->text(i, 0);
            if (const model::Kind *kind = model::kind(entity))
                digest.add(entity, model::canonicalRecord(*kind, r->text(i, 1), QJsonDocument::fromJson(r->bytes(i, 2)).object(),
                                                          r->text(i, 3) == u"t"));
        }
        if (r->rows() < kChecksumPage)
            break;
        lastEntity = r->text(r->rows() - 1, 0);
        lastId = r->text(r->rows() - 1, 1);
    }
    return QJsonObject{{u"entities"_qs, protocol::toJson(digest.result())},
                       {u"algorithm"_qs, QLatin1String(protocol::kDigestAlgorithm)}};
}

namespace {

constexpr int kFeedPage = 1000;

// A page of a feed read by id after a cursor (conflicts, duplicate pairs): each row's id, then
// its columns by name (`at` in milliseconds); `next` is the last id, `more` when the page is full.
QJsonObject feedPage(const PgResult &r, const char *listKey, std::initializer_list<const char *> columns, qint64 after)
{
    QJsonArray out;
    qint64 next = after;
    for (int i = 0; i < r.rows(); ++i) {
        next = r.integer(i, 0);
        QJsonObject item{{u"id"_qs, next}};
        int column = 1;
        for (const char *name : columns) {
            const QString key = QLatin1String(name);
            item.insert(key, key == u"at" ? QJsonValue(r.integer(i, column)) : QJsonValue(r.text(i, column)));
            ++column;
        }
        out.append(item);
    }
    return QJsonObject{{QLatin1String(listKey), out}, {u"next"_qs, next}, {u"more"_qs, r.rows() == kFeedPage}};
}

} // namespace

Result<QJsonObject> pullConflicts(Pg &pg, const Device &device, qint64 after)
{
    const auto [stations, areas] = scopeArrays(device.scopes);
    auto r = pg.exec("SELECT id, entity, record_id, field, kept, lost, kept_device, lost_device,"
                     " (extract(epoch FROM at) * 1000)::bigint"
                     " FROM conflicts WHERE id > $1 AND" HEARTH_IN_SCOPE("scope", "$2", "$3") " ORDER BY id LIMIT 1000",
                     {after, stations, areas});
    if (!r)
        return r.error();
    return feedPage(*r, "conflicts", {"entity", "record_id", "field", "kept", "lost", "kept_device", "lost_device", "at"},
                    after);
}

Result<QJsonObject> pullDuplicates(Pg &pg, const Device &device, qint64 after)
{
    const auto [stations, areas] = scopeArrays(device.scopes);
    // Only pairs whose both records the device may see: a pair tells nothing of a record elsewhere.
    auto r = pg.exec("SELECT d.id, d.entity, d.first_id, d.second_id, d.reason, (extract(epoch FROM d.found_at) * 1000)::bigint"
                     " FROM duplicates d JOIN records r1 ON r1.entity = d.entity AND r1.id = d.first_id"
                     " JOIN records r2 ON r2.entity = d.entity AND r2.id = d.second_id"
                     " WHERE d.id > $1 AND" HEARTH_VISIBLE("r1.", "$2", "$3") " AND" HEARTH_VISIBLE("r2.", "$2", "$3")
                     " ORDER BY d.id LIMIT 1000",
                     {after, stations, areas});
    if (!r)
        return r.error();
    return feedPage(*r, "duplicates", {"entity", "first_id", "second_id", "reason", "at"}, after);
}

Result<QJsonObject> pull(Pg &pg, const Device &device, qint64 cursor, int limit)
{
    limit = std::clamp(limit, 1, kMaxPullLimit);
    if (device.wipeRequested) // a device to be wiped receives nothing more, only the order
        return QJsonObject{{u"changes"_qs, QJsonArray()}, {u"scopes"_qs, QJsonArray::fromStringList(device.scopes)},
                           {u"role"_qs, device.role}, {u"device"_qs, deviceOrders(device)}, {u"next"_qs, cursor},
                           {u"more"_qs, false}, {u"hlc"_qs, u"0"_qs}};
    const auto [stations, areas] = scopeArrays(device.scopes);
    // A page is bounded by bytes as well as by count: changes are taken while the ones before
    // them hold less than kMaxPageBytes of JSON (the first always), and only those leave the
    // database. `fetched` says whether more were there.
    auto r = pg.exec("SELECT cursor, entity, id, op, body, hlc, fetched FROM ("
                     " SELECT *, sum(size) OVER (ORDER BY cursor) - size AS before, count(*) OVER () AS fetched FROM ("
                     "  SELECT cursor, entity, id, op, body, hlc, octet_length(body::text) AS size FROM changes c"
                     "  WHERE cursor > $1 AND" HEARTH_VISIBLE("c.", "$2", "$3") " ORDER BY cursor LIMIT $4) page) sized"
                     " WHERE before < $5 ORDER BY cursor",
                     {cursor, stations, areas, limit + 1, kMaxPageBytes});
    if (!r)
        return r.error();
    QJsonArray changes;
    qint64 next = cursor, hlc = 0;
    const int n = std::min(r->rows(), limit);
    const bool more = n > 0 && r->integer(0, 6) > n;
    for (int i = 0; i < n; ++i) {
        next = r->integer(i, 0);
        hlc = std::max(hlc, r->integer(i, 5));
        const QJsonObject body = protocol::withoutBookkeeping(QJsonDocument::fromJson(r->bytes(i, 4)).object());
        changes.append(QJsonObject{{u"cursor"_qs, next}, {u"entity"_qs, r->text(i, 1)}, {u"id"_qs, r->text(i, 2)},
                                   {u"op"_qs, r->text(i, 3)}, {u"body"_qs, body}});
    }
    // The highest clock on the page: the device's next changes are stamped past it.
    return QJsonObject{{u"changes"_qs, changes},
                       {u"scopes"_qs, QJsonArray::fromStringList(device.scopes)}, // left or gained: the device acts
                       {u"role"_qs, device.role},
                       {u"device"_qs, deviceOrders(device)}, // a wipe asked, the offline lease
                       {u"next"_qs, next},
                       {u"more"_qs, more},
                       {u"hlc"_qs, QString::number(hlc)}};
}

} // namespace hearth::server
