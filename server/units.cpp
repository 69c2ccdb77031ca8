// SPDX-License-Identifier: GPL-3.0-or-later
#include "units.h"

#include <QSet>

namespace hearth::server {

QString unitOf(const QString &scope) { return sync::isAreaScope(scope) ? scope.left(6) : scope; }

namespace {

// Every unit where the people a station follows, or followed, have had change rows.
Result<QStringList> followedUnits(Pg &pg, const QStringList &stations)
{
    if (stations.isEmpty())
        return QStringList();
    auto r = pg.exec("SELECT DISTINCT unit FROM station_units WHERE station = ANY($1::text[])", {stations});
    if (!r)
        return r.error();
    return r->texts(0);
}

// The units a city's or the province's scope spans: every unit under its prefix (its own too).
Result<QStringList> unitsUnder(Pg &pg, const QStringList &shortPrefixes)
{
    if (shortPrefixes.isEmpty())
        return QStringList();
    QStringList patterns;
    for (const QString &p : shortPrefixes)
        patterns << p + u'%';
    auto r = pg.exec("SELECT unit FROM units WHERE unit ~ '^[0-9]+$' AND unit LIKE ANY($1::text[])", {patterns});
    if (!r)
        return r.error();
    return r->texts(0);
}

} // namespace

Result<QMap<QString, UnitView>> unitViews(Pg &pg, const QStringList &scopes)
{
    QMap<QString, UnitView> views;
    auto view = [&views](const QString &unit) -> UnitView & {
        UnitView &v = views[unit];
        v.unit = unit;
        return v;
    };
    QStringList shortPrefixes, stations, campaignCandidates;
    for (const QString &s : scopes) {
        if (!sync::isAreaScope(s)) {
            stations << s;
            view(s).whole = true; // a station's own records: its services, itself
            continue;
        }
        if (s.size() < 6)
            shortPrefixes << s;
        else if (s.size() == 6)
            view(s).whole = true;
        else if (s.size() == 9)
            view(s.left(6)).townships << s;
        else if (s.size() == 12)
            view(s.left(6)).villages << s;
        else
            view(s.left(6)).prefixes << s;
        // Campaigns of the areas above, visible from below: in this unit, or in a city's or the
        // province's own unit.
        for (int length = 1; length < s.size(); ++length) {
            const QString above = s.left(length);
            if (length >= 6)
                view(s.left(6)).campaignScopes << above;
            else
                campaignCandidates << above;
        }
    }
    auto under = unitsUnder(pg, shortPrefixes);
    if (!under)
        return under.error();
    for (const QString &u : *under)
        view(u).whole = true;
    if (!campaignCandidates.isEmpty()) {
        campaignCandidates.removeDuplicates();
        auto known = pg.exec("SELECT unit FROM units WHERE unit = ANY($1::text[])", {campaignCandidates});
        if (!known)
            return known.error();
        for (int i = 0; i < known->rows(); ++i)
            view(known->text(i, 0)).campaignScopes << known->text(i, 0);
    }
    auto followed = followedUnits(pg, stations);
    if (!followed)
        return followed.error();
    for (const QString &u : *followed)
        view(u).followers = stations;
    for (UnitView &v : views) {
        if (v.whole) { // everything of the unit: no narrower path is needed
            v.villages.clear();
            v.townships.clear();
            v.prefixes.clear();
            v.campaignScopes.clear();
            v.followers.clear();
        }
        for (QStringList *list : {&v.villages, &v.townships, &v.prefixes, &v.campaignScopes})
            list->removeDuplicates();
    }
    return views;
}

Result<QStringList> writableUnits(Pg &pg, const QStringList &scopes)
{
    QStringList units, shortPrefixes, stations;
    for (const QString &s : scopes) {
        if (!sync::isAreaScope(s))
            stations << s;
        if (sync::isAreaScope(s) && s.size() < 6)
            shortPrefixes << s;
        else
            units << unitOf(s);
    }
    auto under = unitsUnder(pg, shortPrefixes);
    if (!under)
        return under.error();
    units << *under;
    // The counties of the people its stations follow now (reading also covers those it followed
    // once: station_units; writing only where it can still change something).
    if (!stations.isEmpty()) {
        auto followed = pg.exec("SELECT DISTINCT county FROM records WHERE extra_scopes IS NOT NULL"
                                " AND extra_scopes && $1::text[]",
                                {stations});
        if (!followed)
            return followed.error();
        units << followed->texts(0);
    }
    units.removeDuplicates();
    return units;
}

Result<void> lockUnits(Pg &pg, QStringList units)
{
    if (units.isEmpty())
        return {};
    units.removeDuplicates();
    units.sort(); // one order for every writer: two of them never wait for each other in a circle
    // Row by row in the array's order (WITH ORDINALITY): the order of the locks is the sort's.
    auto r = pg.exec("SELECT count(hearth_take_unit(u)) FROM (SELECT u FROM unnest($1::text[]) WITH ORDINALITY AS t(u, i)"
                     " ORDER BY i) ordered",
                     {units});
    if (!r)
        return r.error();
    return {};
}

Statement unitChangesStatement(const UnitView &v, qint64 after, qint64 upTo, int limit, qint64 budget)
{
    QVariantList params{v.unit, after, upTo > 0 ? upTo : std::numeric_limits<qint64>::max(), limit + 1};
    auto param = [&params](const QVariant &value) {
        params << value;
        return "$" + QByteArray::number(params.size());
    };
    // One ordered index range per path; a few villages or townships each get their own.
    QList<QByteArray> paths;
    auto each = [&](const QStringList &values, const char *column) {
        if (values.size() <= 8) {
            for (const QString &value : values)
                paths << QByteArray(column) + " = " + param(value);
        } else if (!values.isEmpty()) {
            paths << QByteArray(column) + " = ANY(" + param(values) + "::text[]) AND " + column + " IS NOT NULL";
        }
    };
    if (!v.whole) {
        each(v.villages, "village");
        each(v.townships, "township");
        if (!v.prefixes.isEmpty()) {
            QStringList patterns;
            for (const QString &p : v.prefixes)
                patterns << p + u'%';
            paths << "scope LIKE ANY(" + param(patterns) + "::text[])";
        }
        if (!v.campaignScopes.isEmpty())
            paths << "entity = 'campaign' AND scope = ANY(" + param(v.campaignScopes) + "::text[])";
        if (!v.followers.isEmpty())
            paths << "extra_scopes IS NOT NULL AND extra_scopes && " + param(v.followers) + "::text[]";
    }
    params << budget;
    const QByteArray budgetParam = "$" + QByteArray::number(params.size());
    QByteArray page;
    if (v.whole) {
        // Rows without a scope of their own are for the stations that gain or lose a record only.
        page = "SELECT cursor, entity, id, op, body, hlc, octet_length(body::text) AS size FROM changes"
               " WHERE county = $1 AND cursor > $2 AND cursor <= $3 AND scope <> '' ORDER BY cursor LIMIT $4";
    } else {
        // The cursors of each path's range, merged; then each row by its key (a nested loop of
        // index lookups, never a join that reads the unit).
        QList<QByteArray> selects;
        for (const QByteArray &path : paths)
            selects << "(SELECT cursor FROM changes WHERE county = $1 AND cursor > $2 AND cursor <= $3 AND " + path
                    + " ORDER BY cursor LIMIT $4)";
        if (selects.isEmpty())
            selects << "(SELECT NULL::bigint AS cursor WHERE false)";
        page = "SELECT c.cursor, c.entity, c.id, c.op, c.body, c.hlc, octet_length(c.body::text) AS size FROM ("
               "SELECT cursor FROM (" + selects.join(" UNION ") + ") paths ORDER BY cursor LIMIT $4) pick"
               " CROSS JOIN LATERAL (SELECT * FROM changes WHERE county = $1 AND cursor = pick.cursor) c";
    }
    const QByteArray sql = "SELECT cursor, entity, id, op, body, hlc, size, fetched FROM ("
                           " SELECT *, sum(size) OVER (ORDER BY cursor) - size AS before, count(*) OVER () AS fetched FROM ("
                           + page + ") page) sized WHERE before < " + budgetParam + " ORDER BY cursor";
    return {sql, params};
}

Result<HeldScope> holdScope(Pg &pg, const QStringList &scopes, const char *sequence)
{
    HeldScope out;
    QStringList held;
    for (;;) {
        // Each row of the scope's units shared, in the one order writers take them (a writer holds
        // its units' rows for update until it commits).
        auto views = unitViews(pg, scopes);
        if (!views)
            return views.error();
        QStringList fresh;
        for (const QString &u : views->keys())
            if (!held.contains(u))
                fresh << u;
        if (!fresh.isEmpty()) {
            // A unit without a row yet gets it here, in this transaction: a writer making it waits.
            auto made = pg.exec("INSERT INTO units (unit) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", {fresh});
            if (!made)
                return made.error();
            auto lock = pg.exec("SELECT count(*) FROM (SELECT 1 FROM units WHERE unit = ANY($1::text[])"
                                " ORDER BY unit COLLATE \"C\" FOR SHARE) held",
                                {fresh});
            if (!lock)
                return lock.error();
            held << fresh;
            // A sequence nothing was drawn from yet stands at its first value, not yet given: 0.
            auto horizon = pg.exec(("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + QByteArray(sequence)).constData());
            if (!horizon)
                return horizon.error();
            out.horizon = horizon->integer(0, 0);
            out.views = *views;
            continue; // a unit made meanwhile (its row commits before its first cursor) is seen now
        }
        out.views = *views;
        return out;
    }
}

Result<void> ensureUnits(Pg &pg, const QStringList &units)
{
    if (units.isEmpty())
        return {};
    auto r = pg.exec("INSERT INTO units (unit) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", {units});
    if (!r)
        return r.error();
    return {};
}

QString newUnitOf(const Error &e)
{
    if (e.code() != ErrorCode::Database || !e.detail().contains(u"SQLSTATE HU001"))
        return {};
    const QString detail = e.detail();
    const qsizetype at = detail.indexOf(u"constraint ");
    if (at < 0)
        return {};
    const QString unit = detail.mid(at + 11).section(u' ', 0, 0).section(u',', 0, 0).trimmed();
    return sync::isAreaScope(unit) || sync::isStationId(unit) ? unit : QString();
}

bool isDeadlock(const Error &e) { return e.code() == ErrorCode::Database && e.detail().contains(u"SQLSTATE 40P01"); }

QString UnitCursors::text() const
{
    QStringList parts;
    for (auto it = at.begin(); it != at.end(); ++it)
        if (it.value() != otherwise)
            parts << it.key() + u':' + QString::number(it.value());
    if (otherwise > 0)
        parts.prepend(QString::number(otherwise));
    return parts.isEmpty() ? u"0"_qs : parts.join(u',');
}

std::optional<UnitCursors> UnitCursors::parse(const QString &text)
{
    UnitCursors c;
    if (text.size() > 64 * 1024)
        return std::nullopt;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype colon = part.lastIndexOf(u':');
        bool ok = false;
        const qint64 cursor = part.mid(colon + 1).toLongLong(&ok);
        if (!ok || cursor < 0)
            return std::nullopt;
        if (colon < 0) { // a bare number: every unit (a version-1 cursor kept by a device)
            c.otherwise = cursor;
            continue;
        }
        const QString unit = part.left(colon);
        if (!sync::isAreaScope(unit) && !sync::isStationId(unit))
            return std::nullopt;
        c.at.insert(unit, cursor);
    }
    return c;
}

} // namespace hearth::server
