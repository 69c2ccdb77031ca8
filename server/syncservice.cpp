// SPDX-License-Identifier: GPL-3.0-or-later
// Serving what devices read: changes by scope and cursor, the scope checksum, conflicts.
// Pushes are applied in push.cpp.
#include "syncservice.h"

#include "core/model/recordcheck.h"
#include "core/protocol/digest.h"
#include "core/protocol/merge.h"
#include "devices.h"
#include "scopesql.h"
#include "units.h"
#include "digests.h"

#include <QJsonArray>
#include <functional>
#include <QJsonDocument>

namespace hearth::server {

Result<QJsonObject> scopeChecksum(Pg &pg, const Device &device, const QString &byScopeOf)
{
    return server::scopeChecksum(pg, device.scopes, byScopeOf);
}

namespace {

constexpr int kFeedPage = 1000;

// A page of a feed read in order after a cursor (conflicts, duplicate pairs): each row's place
// in the feed, its id, then its columns by name (`at` in milliseconds); `next` is the last place
// (the horizon read up to when the page holds everything there was), `more` when the page is
// full.
QJsonObject feedPage(const PgResult &r, const char *listKey, std::initializer_list<const char *> columns, qint64 after,
                     qint64 horizon)
{
    QJsonArray out;
    qint64 next = after;
    for (int i = 0; i < r.rows(); ++i) {
        next = r.integer(i, 0);
        QJsonObject item{{u"id"_qs, r.integer(i, 1)}};
        int column = 2;
        for (const char *name : columns) {
            const QString key = QLatin1String(name);
            item.insert(key, key == u"at" ? QJsonValue(r.integer(i, column)) : QJsonValue(r.text(i, column)));
            ++column;
        }
        out.append(item);
    }
    if (r.rows() < kFeedPage)
        next = std::max(next, horizon);
    return QJsonObject{{QLatin1String(listKey), out}, {u"next"_qs, next}, {u"more"_qs, r.rows() == kFeedPage}};
}

} // namespace

namespace {

// A feed read by id, gap-free across units: the device's units held shared up to the horizon of
// the feed's sequence (conflicts and pairs are written by pushes that hold their units).
Result<QJsonObject> readFeed(Pg &pg, const Device &device, const char *sequence,
                             const std::function<Result<QJsonObject>(qint64 horizon)> &read)
{
    return writingUnits(pg, [&]() -> Result<QJsonObject> {
        auto tx = PgTransaction::begin(pg);
        if (!tx)
            return tx.error();
        auto held = holdScope(pg, device.scopes, sequence);
        if (!held)
            return held.error();
        auto page = read(held->horizon);
        if (!page)
            return page.error();
        HEARTH_TRY(tx->commit());
        return page;
    });
}

} // namespace

Result<QJsonObject> pullConflicts(Pg &pg, const Device &device, qint64 after)
{
    const auto [stations, areas] = scopeArrays(device.scopes);
    return readFeed(pg, device, "conflicts_id_seq", [&](qint64 horizon) -> Result<QJsonObject> {
        // In feed order: a conflict whose record moved here, or that a station here began to
        // follow, comes again, after the cursor. Where the record is, and the stations following it.
        auto r = pg.exec("SELECT coalesce(feed_id, id), id, entity, record_id, field, kept, lost, kept_device, lost_device,"
                         " (extract(epoch FROM at) * 1000)::bigint"
                         " FROM conflicts WHERE coalesce(feed_id, id) > $1 AND coalesce(feed_id, id) <= $4 AND"
                         " (" HEARTH_IN_SCOPE("scope", "$2", "$3") " OR extra_scopes && $2::text[])"
                         " ORDER BY coalesce(feed_id, id) LIMIT 1000",
                         {after, stations, areas, horizon});
        if (!r)
            return r.error();
        return feedPage(*r, "conflicts", {"entity", "record_id", "field", "kept", "lost", "kept_device", "lost_device", "at"},
                        after, horizon);
    });
}

Result<QJsonObject> pullDuplicates(Pg &pg, const Device &device, qint64 after)
{
    const auto [stations, areas] = scopeArrays(device.scopes);
    return readFeed(pg, device, "duplicates_id_seq", [&](qint64 horizon) -> Result<QJsonObject> {
        // Only pairs whose both records the device may see: a pair tells nothing of a record elsewhere.
        auto r = pg.exec("SELECT d.id, d.id, d.entity, d.first_id, d.second_id, d.reason, (extract(epoch FROM d.found_at) * 1000)::bigint"
                         " FROM duplicates d JOIN records r1 ON r1.entity = d.entity AND r1.id = d.first_id"
                         " JOIN records r2 ON r2.entity = d.entity AND r2.id = d.second_id"
                         " WHERE d.id > $1 AND d.id <= $4 AND" HEARTH_VISIBLE("r1.", "$2", "$3") " AND" HEARTH_VISIBLE("r2.", "$2", "$3")
                         " ORDER BY d.id LIMIT 1000",
                         {after, stations, areas, horizon});
        if (!r)
            return r.error();
        return feedPage(*r, "duplicates", {"entity", "first_id", "second_id", "reason", "at"}, after, horizon);
    });
}

namespace {

Result<PgResult> unitChanges(Pg &pg, const UnitView &v, qint64 after, qint64 upTo, int limit, qint64 budget)
{
    const Statement st = unitChangesStatement(v, after, upTo, limit, budget);
    return pg.exec(st.sql.constData(), st.params);
}

struct Row
{
    qint64 cursor = 0, hlc = 0, size = 0;
    QJsonObject change;
};

Row rowOf(const PgResult &r, int i)
{
    const qint64 cursor = r.integer(i, 0);
    const QJsonObject body = protocol::withoutBookkeeping(QJsonDocument::fromJson(r.bytes(i, 4)).object());
    return {cursor, r.integer(i, 5), r.integer(i, 6),
            QJsonObject{{u"cursor"_qs, cursor}, {u"entity"_qs, r.text(i, 1)}, {u"id"_qs, r.text(i, 2)},
                        {u"op"_qs, r.text(i, 3)}, {u"body"_qs, body}}};
}

QJsonObject pageAnswer(const Device &device, const QJsonArray &changes, const QJsonValue &next, bool more, qint64 hlc)
{
    // The highest clock on the page: the device's next changes are stamped past it.
    return QJsonObject{{u"changes"_qs, changes},
                       {u"scopes"_qs, QJsonArray::fromStringList(device.scopes)}, // left or gained: the device acts
                       {u"role"_qs, device.role},
                       {u"device"_qs, deviceOrders(device)}, // a wipe asked, the offline lease
                       {u"next"_qs, next},
                       {u"more"_qs, more},
                       {u"hlc"_qs, QString::number(hlc)}};
}

} // namespace

Result<QJsonObject> pull(Pg &pg, const Device &device, const UnitCursors &cursors, int limit)
{
    limit = std::clamp(limit, 1, kMaxPullLimit);
    if (device.wipeRequested) // a device to be wiped receives nothing more, only the order
        return pageAnswer(device, {}, cursors.text(), false, 0);
    auto views = unitViews(pg, device.scopes);
    if (!views)
        return views.error();
    // Unit by unit, each after its own cursor: a unit's cursors follow its commit order, so
    // nothing committed behind a cursor is ever skipped, whatever other units do meanwhile.
    UnitCursors next;
    next.otherwise = cursors.otherwise;
    for (const UnitView &v : *views)
        next.at.insert(v.unit, cursors.of(v.unit));
    QJsonArray changes;
    qint64 used = 0, hlc = 0;
    bool more = false;
    for (const UnitView &v : *views) {
        if (changes.size() >= limit || used >= kMaxPageBytes) {
            more = true;
            break;
        }
        auto r = unitChanges(pg, v, cursors.of(v.unit), 0, limit - int(changes.size()), kMaxPageBytes - used);
        if (!r)
            return r.error();
        const int n = std::min(r->rows(), limit - int(changes.size()));
        for (int i = 0; i < n; ++i) {
            Row row = rowOf(*r, i);
            used += row.size;
            hlc = std::max(hlc, row.hlc);
            next.at[v.unit] = row.cursor;
            changes.append(row.change);
        }
        if (n > 0 && r->integer(0, 7) > n) {
            more = true;
            break;
        }
    }
    return pageAnswer(device, changes, next.text(), more, hlc);
}

Result<QJsonObject> pull(Pg &pg, const Device &device, qint64 cursor, int limit)
{
    limit = std::clamp(limit, 1, kMaxPullLimit);
    if (device.wipeRequested)
        return pageAnswer(device, {}, cursor, false, 0);
    return writingUnits(pg, [&]() -> Result<QJsonObject> {
        // Version 1: one cursor over every unit. Its units are held shared while the page is
        // read, so no writer of them is half-way: everything up to the horizon is committed.
        auto tx = PgTransaction::begin(pg);
        if (!tx)
            return tx.error();
        auto held = holdScope(pg, device.scopes, "changes_cursor_seq");
        if (!held)
            return held.error();
        const auto &views = held->views;
        const qint64 upTo = std::max(cursor, held->horizon);
        QList<Row> rows;
        bool truncated = false;
        for (const UnitView &v : views) {
            auto r = unitChanges(pg, v, cursor, upTo, limit, kMaxPageBytes);
            if (!r)
                return r.error();
            const int n = std::min(r->rows(), limit);
            for (int i = 0; i < n; ++i)
                rows << rowOf(*r, i);
            truncated = truncated || (n > 0 && r->integer(0, 7) > n);
        }
        HEARTH_TRY(tx->commit());
        std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.cursor < b.cursor; });
        QJsonArray changes;
        qint64 used = 0, hlc = 0, next = cursor;
        for (const Row &row : rows) {
            if (changes.size() >= limit || (used >= kMaxPageBytes && !changes.isEmpty())) {
                truncated = true;
                break;
            }
            used += row.size;
            hlc = std::max(hlc, row.hlc);
            next = row.cursor;
            changes.append(row.change);
        }
        return pageAnswer(device, changes, truncated ? next : upTo, truncated, hlc);
    });
}

} // namespace hearth::server
