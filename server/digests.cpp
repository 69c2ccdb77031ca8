// SPDX-License-Identifier: GPL-3.0-or-later
#include "digests.h"

#include "core/model/recordcheck.h"
#include "core/protocol/digest.h"
#include "scopesql.h"
#include "units.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <array>

namespace hearth::server {
namespace {

// 32 little-endian bytes as decimal text: repeated division by 10^9 of base-2^32 limbs.
QString toDecimal(const QByteArray &le)
{
    std::array<quint32, 8> limbs{}; // most significant first
    for (int i = 0; i < 32; ++i)
        limbs[size_t(7 - i / 4)] |= quint32(quint8(le[i])) << (8 * (i % 4));
    QStringList chunks;
    for (;;) {
        quint64 rest = 0;
        bool zero = true;
        for (quint32 &limb : limbs) {
            const quint64 cur = (rest << 32) | limb;
            limb = quint32(cur / 1000000000u);
            rest = cur % 1000000000u;
            zero = zero && limb == 0;
        }
        chunks.prepend(QString::number(rest));
        if (zero)
            break;
    }
    for (int i = 1; i < chunks.size(); ++i)
        chunks[i] = chunks[i].rightJustified(9, u'0');
    return chunks.join(QString());
}

struct Clause
{
    QByteArray sql;
    QVariantList params;
};

// Which digest rows the views cover, as one condition: every row at most once.
Clause digestRows(const QMap<QString, UnitView> &views)
{
    Clause c;
    QStringList whole;
    QList<QByteArray> parts;
    for (const UnitView &v : views) {
        if (v.whole) {
            whole << v.unit;
            continue;
        }
        QStringList patterns;
        for (const QString &p : v.townships + v.prefixes)
            patterns << p + u'%';
        const int n = int(c.params.size());
        auto p = [n](int k) { return "$" + QByteArray::number(n + k); };
        parts << "(county = " + p(1) + " AND (scope = ANY(" + p(2) + "::text[]) OR scope LIKE ANY(" + p(3)
                + "::text[]) OR (entity = 'campaign' AND scope = ANY(" + p(4) + "::text[])) OR extras && " + p(5)
                + "::text[]))";
        c.params << v.unit << v.villages << patterns << v.campaignScopes << v.followers;
    }
    if (!whole.isEmpty()) {
        c.params << whole;
        parts << "county = ANY($" + QByteArray::number(c.params.size()) + "::text[])";
    }
    c.sql = parts.isEmpty() ? QByteArray("false") : "(" + parts.join(" OR ") + ")";
    return c;
}

} // namespace

QString sumToHex(const QString &decimal)
{
    std::array<quint8, 32> value{}; // little-endian; what passes 2^256 falls off
    for (QChar ch : decimal) {
        if (ch < u'0' || ch > u'9')
            continue;
        unsigned carry = unsigned(ch.unicode() - u'0');
        for (quint8 &byte : value) {
            const unsigned s = unsigned(byte) * 10 + carry;
            byte = quint8(s);
            carry = s >> 8;
        }
    }
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(value.data()), 32).toHex());
}

Result<void> declareHashingWriter(Pg &pg)
{
    return pg.keepSetting("hearth.hashing_writer", "on");
}

Result<void> beginDigestBatch(Pg &pg)
{
    // report_batch 'item': schema 19's records_digest writes one batch_delta row for each side
    // of a record (report/reportitemschema.h). The tables an older server's batch used
    // (digest_delta, report_delta) are that server's: the trigger writes them only in its mode,
    // 'on', and this server serves only at schema 19 and later (main.cpp).
    HEARTH_TRY(pg.execScript("CREATE TEMP TABLE IF NOT EXISTS batch_delta (county TEXT, scope TEXT, extras TEXT[],"
                             " entity TEXT, sign INTEGER, total NUMERIC, item hearth_report_item)"));
    auto r = pg.exec("SELECT set_config('hearth.digest_batch', 'on', true), set_config('hearth.report_batch', 'item', true)");
    if (!r)
        return r.error();
    return {};
}

Result<void> flushDigests(Pg &pg)
{
    // One statement a batch: each side of a record written (sign -1: what it was, 1: what it
    // is) adds its digest (total: its hash, signed) when it has a hash and is not deleted, and
    // appends what it counts in the report (its item, report/figuresschema.h) in its area and
    // at its station to the log, summed per key (no row another push writes: pushes of one
    // county never queue here). A key whose sides cancel (a record changed and put back within
    // one push) adds nothing.
    auto r = pg.exec("WITH b AS (DELETE FROM pg_temp.batch_delta RETURNING *),"
                     " s AS (INSERT INTO scope_digests AS s (county, scope, extras, entity, n, total)"
                     "  SELECT county, scope, coalesce(extras, '{}'), entity, sum(sign), sum(total) FROM b"
                     "  WHERE total IS NOT NULL GROUP BY 1, 2, 3, 4"
                     "  ON CONFLICT (county, scope, extras, entity) DO UPDATE SET n = s.n + excluded.n, total = s.total + excluded.total)"
                     " INSERT INTO report_deltas (county, month, area, thing, n, people, fen, goods)"
                     " SELECT left(a, 6), month, a, thing, sum(n), sum(people), sum(fen), sum(goods)"
                     " FROM (SELECT (item).month, (item).thing, sign * (item).n n, sign * (item).people people,"
                     "  sign * (item).fen fen, sign * (item).goods goods, (item).area, (item).station"
                     "  FROM b WHERE (item).month IS NOT NULL OFFSET 0) i," // OFFSET 0: each field read once a row
                     " LATERAL (VALUES (area), (station)) p(place), hearth_report_areas(p.place) a"
                     " WHERE p.place IS NOT NULL GROUP BY 1, 2, 3, 4"
                     " HAVING sum(n) <> 0 OR sum(people) <> 0 OR sum(fen) <> 0 OR sum(goods) <> 0");
    if (!r)
        return r.error();
    return {};
}

QString contentHash(const model::Kind &kind, const QString &id, const QJsonObject &body, bool voided)
{
    const QString line = model::canonicalRecord(kind, id, body, voided);
    return toDecimal(QCryptographicHash::hash(line.toUtf8(), QCryptographicHash::Sha256));
}

QString contentHash(const QString &entity, const QString &id, const QJsonObject &body, bool voided)
{
    const model::Kind *kind = model::kind(entity);
    return kind ? contentHash(*kind, id, body, voided) : QString();
}

Result<qint64> backfillContentHashes(Pg &pg)
{
    constexpr int kPage = 2000;
    qint64 done = 0;
    QString lastEntity, lastId; // along the key: a record that cannot be hashed (an unknown kind) is passed by
    for (;;) {
        auto r = pg.exec("SELECT entity, id, body, voided_at IS NOT NULL, body::text FROM records WHERE content_hash IS NULL"
                         " AND (entity, id) > ($2, $3) ORDER BY entity, id LIMIT $1",
                         {kPage, lastEntity, lastId});
        if (!r)
            return r.error();
        QStringList entities, ids, hashes, bodies;
        for (int i = 0; i < r->rows(); ++i) {
            lastEntity = r->text(i, 0);
            lastId = r->text(i, 1);
            const QString hash = contentHash(lastEntity, lastId, QJsonDocument::fromJson(r->bytes(i, 2)).object(),
                                             r->text(i, 3) == u"t");
            if (hash.isEmpty())
                continue;
            entities << lastEntity;
            ids << lastId;
            hashes << hash;
            bodies << r->text(i, 4);
        }
        // Only where the record is still as it was read: a write since then set its own hash.
        if (!entities.isEmpty()) {
            auto set = pg.exec("UPDATE records r SET content_hash = t.h::numeric"
                               " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(e, i, h, b)"
                               " WHERE r.entity = t.e AND r.id = t.i AND r.content_hash IS NULL AND r.body::text = t.b",
                               {entities, ids, hashes, bodies});
            if (!set)
                return set.error();
            done += set->affected();
        }
        if (r->rows() < kPage)
            return done;
    }
}

Statement digestStatement(const QMap<QString, UnitView> &views, const QString &byScopeOf)
{
    Clause rows = digestRows(views);
    const bool byScope = !byScopeOf.isEmpty();
    QByteArray sql = "SELECT " + QByteArray(byScope ? "scope" : "entity")
        + ", sum(n)::bigint, sum(total)::text FROM scope_digests WHERE " + rows.sql;
    if (byScope) {
        rows.params << byScopeOf;
        sql += " AND entity = $" + QByteArray::number(rows.params.size());
    }
    sql += " GROUP BY 1 HAVING sum(n) > 0";
    return {sql, rows.params};
}

Result<QJsonObject> scopeChecksum(Pg &pg, const QStringList &scopes, const QString &byScopeOf)
{
    auto views = unitViews(pg, scopes);
    if (!views)
        return views.error();
    const bool byScope = !byScopeOf.isEmpty();
    const Statement st = digestStatement(*views, byScopeOf);
    auto r = pg.exec(st.sql.constData(), st.params);
    if (!r)
        return r.error();
    QJsonObject out;
    for (int i = 0; i < r->rows(); ++i)
        out.insert(r->text(i, 0), QJsonObject{{u"count"_qs, r->integer(i, 1)}, {u"sha256"_qs, sumToHex(r->text(i, 2))}});
    if (byScope)
        return QJsonObject{{u"entity"_qs, byScopeOf}, {u"scopes"_qs, out},
                           {u"algorithm"_qs, QLatin1String(protocol::kDigestAlgorithm)}};
    return QJsonObject{{u"entities"_qs, out}, {u"algorithm"_qs, QLatin1String(protocol::kDigestAlgorithm)}};
}

Result<QJsonObject> recomputedChecksum(Pg &pg, const QStringList &scopes)
{
    const auto [stations, areas] = scopeArrays(scopes);
    // A page at a time along the primary key: never more than kChecksumPage records in memory.
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

Result<QStringList> verifyDigests(Pg &pg)
{
    auto users = pg.exec("SELECT array_to_json(s) FROM (SELECT DISTINCT scopes AS s FROM users WHERE removed_at IS NULL) u");
    if (!users)
        return users.error();
    QList<QStringList> scopeSets;
    for (int i = 0; i < users->rows(); ++i) {
        const QStringList scopes = users->textList(i, 0);
        scopeSets << scopes;
        for (const QString &s : scopes)
            scopeSets << QStringList{s};
    }
    QStringList differ;
    for (const QStringList &scopes : scopeSets) {
        auto kept = scopeChecksum(pg, scopes);
        if (!kept)
            return kept.error();
        auto counted = recomputedChecksum(pg, scopes);
        if (!counted)
            return counted.error();
        const QJsonObject a = kept->value(u"entities").toObject(), b = counted->value(u"entities").toObject();
        for (const QString &entity : protocol::checkedEntities()) {
            const QJsonObject x = a.value(entity).toObject(), y = b.value(entity).toObject();
            if (x.value(u"count").toInteger() == y.value(u"count").toInteger() && x.value(u"sha256") == y.value(u"sha256"))
                continue;
            differ << u"%1: %2 maintained %3/%4, recounted %5/%6"_qs.arg(scopes.join(u','), entity)
                          .arg(x.value(u"count").toInteger())
                          .arg(x.value(u"sha256").toString().left(12))
                          .arg(y.value(u"count").toInteger())
                          .arg(y.value(u"sha256").toString().left(12));
        }
    }
    differ.removeDuplicates();
    // A record without its hash is outside every digest: written by hand, or by a path that
    // forgot to hash (until the next start hashes it).
    auto unhashed = pg.exec("SELECT entity, count(*) FROM records WHERE content_hash IS NULL AND entity = ANY($1::text[])"
                            " GROUP BY entity ORDER BY 1",
                            {protocol::checkedEntities()});
    if (!unhashed)
        return unhashed.error();
    for (int i = 0; i < unhashed->rows(); ++i)
        differ << u"%1: %2 records without a content hash"_qs.arg(unhashed->text(i, 0)).arg(unhashed->integer(i, 1));
    return differ;
}

} // namespace hearth::server
