// SPDX-License-Identifier: GPL-3.0-or-later
#include "visit.h"

#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/model/recordmodel.h"
#include "core/storage/database.h"
#include "recordrows.h"
#include "outbox.h"
#include "uuid.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::domain {
namespace {

constexpr qint64 kMaxCashFen = 100'000'000; // 1,000,000 yuan: beyond any visit, a typo
constexpr int kMaxText = 2000;

Result<bool> exists(storage::Database &db, const char *sql, const QString &key)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, key);
    return (*stmt)->step();
}

std::optional<FieldProblem> check(storage::Database &db, const Visit &v)
{
    if (v.personId.isEmpty() && v.householdId.isEmpty())
        return FieldProblem{u"person_id"_qs, Problem::Required};
    if (!v.personId.isEmpty() && !exists(db, "SELECT 1 FROM people WHERE id = ?", v.personId).value_or(false))
        return FieldProblem{u"person_id"_qs, Problem::UnknownRecord};
    if (!v.householdId.isEmpty() &&
        !exists(db, "SELECT 1 FROM households WHERE id = ?", v.householdId).value_or(false))
        return FieldProblem{u"household_id"_qs, Problem::UnknownRecord};
    if (!v.campaignId.isEmpty() && !exists(db, "SELECT 1 FROM campaigns WHERE id = ?", v.campaignId).value_or(false))
        return FieldProblem{u"campaign_id"_qs, Problem::UnknownRecord};
    if (!isVisitKind(v.kind))
        return FieldProblem{u"kind"_qs, Problem::BadChoice};
    if (v.cashFen < 0 || v.cashFen > kMaxCashFen)
        return FieldProblem{u"cash_fen"_qs, Problem::BadNumber};
    if (v.notes.size() > kMaxText)
        return FieldProblem{u"notes"_qs, Problem::TooLong};
    for (const Need &n : v.needs)
        if (n.category.trimmed().isEmpty() || n.text.size() > kMaxText)
            return FieldProblem{u"needs"_qs, n.category.trimmed().isEmpty() ? Problem::Required : Problem::TooLong};
    for (const Goods &g : v.goods)
        if (g.item.trimmed().isEmpty() || g.quantity <= 0)
            return FieldProblem{u"goods"_qs, g.item.trimmed().isEmpty() ? Problem::Required : Problem::BadNumber};
    if (!v.supersedes.isEmpty() && !exists(db, "SELECT 1 FROM visits WHERE id = ?", v.supersedes).value_or(false))
        return FieldProblem{u"supersedes"_qs, Problem::UnknownRecord};
    return std::nullopt;
}

QString orNull(const QString &s) { return s.isEmpty() ? QString() : s; }

} // namespace

QJsonObject visitJson(const Visit &v)
{
    QJsonObject o{{u"person_id"_qs, v.personId},   {u"household_id"_qs, v.householdId},
                  {u"campaign_id"_qs, v.campaignId}, {u"visited_at"_qs, v.visitedAt},
                  {u"utc_offset_min"_qs, v.utcOffsetMin}, {u"kind"_qs, v.kind},
                  {u"visitors"_qs, QJsonArray::fromStringList(v.visitors)},
                  {u"letter_delivered"_qs, v.letterDelivered}, {u"cash_fen"_qs, v.cashFen},
                  {u"notes"_qs, v.notes},          {u"needs"_qs, needsJson(v.needs)},
                  {u"goods"_qs, goodsJson(v.goods)},            {u"photos"_qs, photosJson(v.photos)},
                  {u"location"_qs, locationJson(v.location)}, {u"supersedes"_qs, v.supersedes}};
    if (v.createdAt > 0)
        o.insert(u"created_at"_qs, v.createdAt);
    return o;
}

Visit visitFromJson(const QString &id, const QJsonObject &p)
{
    Visit v;
    v.id = id;
    v.personId = p.value(u"person_id").toString();
    v.householdId = p.value(u"household_id").toString();
    v.campaignId = p.value(u"campaign_id").toString();
    v.visitedAt = p.value(u"visited_at").toInteger();
    v.utcOffsetMin = p.value(u"utc_offset_min").toInt(480);
    v.kind = p.value(u"kind").toString();
    for (const QJsonValue &name : p.value(u"visitors").toArray())
        v.visitors.append(name.toString());
    v.letterDelivered = p.value(u"letter_delivered").toBool();
    v.cashFen = p.value(u"cash_fen").toInteger();
    v.notes = p.value(u"notes").toString();
    for (const QJsonValue &n : p.value(u"needs").toArray())
        v.needs.append({n[u"category"].toString(), n[u"text"].toString()});
    for (const QJsonValue &g : p.value(u"goods").toArray())
        v.goods.append({g[u"item"].toString(), g[u"quantity"].toInteger()});
    v.photos = photosFromJson(p.value(u"photos").toArray());
    const QJsonObject l = p.value(u"location").toObject();
    if (l.value(u"status").toString() == u"fix")
        v.location.fix = location::Fix{l.value(u"latitude").toDouble(), l.value(u"longitude").toDouble(),
                                       l.value(u"accuracy_m").toDouble(), l.value(u"fix_at").toInteger(),
                                       l.value(u"source").toString(), l.value(u"mock").toBool()};
    else
        v.location.reasonCode = l.value(u"reason").toString(u"no_fix"_qs);
    v.supersedes = p.value(u"supersedes").toString();
    v.createdAt = p.value(u"created_at").toInteger();
    v.voidedAt = p.value(u"voided_at").toInteger();
    return v;
}

QJsonObject locationJson(const location::Location &l)
{
    if (!l.fix)
        return {{u"status"_qs, u"none"_qs}, {u"reason"_qs, l.reasonCode}};
    return {{u"status"_qs, u"fix"_qs},         {u"latitude"_qs, l.fix->latitude},
            {u"longitude"_qs, l.fix->longitude}, {u"accuracy_m"_qs, l.fix->accuracyM},
            {u"fix_at"_qs, l.fix->timeMs},       {u"source"_qs, l.fix->source},
            {u"mock"_qs, l.fix->mock}};
}

QJsonArray needsJson(const QList<Need> &needs)
{
    QJsonArray out;
    for (const Need &n : needs)
        out.append(QJsonObject{{u"category"_qs, n.category}, {u"text"_qs, n.text}});
    return out;
}

QJsonArray goodsJson(const QList<Goods> &goods)
{
    QJsonArray out;
    for (const Goods &g : goods)
        out.append(QJsonObject{{u"item"_qs, g.item}, {u"quantity"_qs, g.quantity}});
    return out;
}

QJsonArray photosJson(const QList<PhotoRef> &photos)
{
    QJsonArray out;
    for (const PhotoRef &p : photos)
        out.append(QJsonObject{{u"hash"_qs, p.hash}, {u"thumb_hash"_qs, p.thumbHash}, {u"width"_qs, p.width},
                               {u"height"_qs, p.height}, {u"bytes"_qs, p.bytes}, {u"thumb_bytes"_qs, p.thumbBytes}});
    return out;
}

QList<PhotoRef> photosFromJson(const QJsonArray &array)
{
    QList<PhotoRef> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        out.append({o[u"hash"].toString(), o[u"thumb_hash"].toString(), o[u"width"].toInt(), o[u"height"].toInt(),
                    o[u"bytes"].toInteger(), o[u"thumb_bytes"].toInteger()});
    }
    return out;
}

QStringList needCategories()
{
    return {u"wage_arrears"_qs, u"jobs"_qs,  u"certificates"_qs, u"children"_qs, u"health"_qs,
            u"housing"_qs,      u"legal"_qs, u"business"_qs,     u"other"_qs};
}

QStringList visitKinds() { return {u"home"_qs, u"worksite"_qs, u"phone"_qs, u"group"_qs}; }

bool isVisitKind(const QString &k) { return visitKinds().contains(k); }

VisitRepository::VisitRepository(storage::Database &db, Clock clock) : m_db(db), m_clock(orSystemClock(clock)) {}

Result<QString> VisitRepository::add(Visit v)
{
    auto tx = storage::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    // Stored as sent: what a pulled copy holds must read back the same (the checksum).
    for (Need &n : v.needs)
        n.category = n.category.trimmed();
    for (Goods &g : v.goods)
        g.item = g.item.trimmed();
    if (auto problem = check(m_db, v))
        return problem->toError();
    const qint64 now = m_clock();
    if (v.visitedAt == 0)
        v.visitedAt = now;
    if (v.id.isEmpty())
        v.id = makeUuidV7(now);
    v.createdAt = now;
    if (!v.location.fix && v.location.reasonCode.isEmpty())
        v.location.reasonCode = u"no_fix"_qs;
    HEARTH_TRY(insertRows(v, now));
    auto appended = Outbox::append(m_db, u"visit"_qs, v.id, Outbox::Op::Create, visitJson(v), now);
    if (!appended)
        return appended.error();
    HEARTH_TRY(tx->commit());
    return v.id;
}

Result<void> VisitRepository::insertRows(const Visit &v, qint64 now)
{
    const QString visitors =
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(v.visitors)).toJson(QJsonDocument::Compact));
    auto stmt = m_db.cached(
        "INSERT INTO visits(id, person_id, household_id, campaign_id, visited_at, utc_offset_min, kind, visitors,"
        " letter_delivered, cash_fen, notes, location_status, location_reason, latitude, longitude, accuracy_m,"
        " fix_at, fix_source, mock_location, supersedes, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    storage::Statement &s = **stmt;
    s.bind(1, v.id).bind(2, orNull(v.personId)).bind(3, orNull(v.householdId)).bind(4, orNull(v.campaignId));
    s.bind(5, v.visitedAt).bind(6, v.utcOffsetMin).bind(7, v.kind).bind(8, visitors);
    s.bind(9, int(v.letterDelivered)).bind(10, v.cashFen).bind(11, orNull(v.notes));
    if (const auto &fix = v.location.fix) {
        s.bind(12, u"fix"_qs).bindNull(13).bind(14, fix->latitude).bind(15, fix->longitude);
        s.bind(16, fix->accuracyM).bind(17, fix->timeMs).bind(18, fix->source).bind(19, int(fix->mock));
    } else {
        s.bind(12, u"none"_qs).bind(13, v.location.reasonCode);
        for (int i = 14; i <= 19; ++i)
            s.bindNull(i);
    }
    s.bind(20, orNull(v.supersedes)).bind(21, now);
    HEARTH_TRY(s.run());
    for (int i = 0; i < v.needs.size(); ++i) {
        auto n = m_db.cached("INSERT INTO visit_needs(visit_id, position, category, text) VALUES (?, ?, ?, ?)");
        if (!n)
            return n.error();
        (*n)->bind(1, v.id).bind(2, i).bind(3, v.needs[i].category).bind(4, v.needs[i].text);
        HEARTH_TRY((*n)->run());
    }
    for (int i = 0; i < v.goods.size(); ++i) {
        auto g = m_db.cached("INSERT INTO visit_goods(visit_id, position, item, quantity) VALUES (?, ?, ?, ?)");
        if (!g)
            return g.error();
        (*g)->bind(1, v.id).bind(2, i).bind(3, v.goods[i].item).bind(4, v.goods[i].quantity);
        HEARTH_TRY((*g)->run());
    }
    for (int i = 0; i < v.photos.size(); ++i) {
        const PhotoRef &p = v.photos[i];
        auto ph = m_db.cached("INSERT OR IGNORE INTO photos(hash, width, height, bytes, thumb_hash, thumb_bytes,"
                              " taken_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!ph)
            return ph.error();
        (*ph)->bind(1, p.hash).bind(2, p.width).bind(3, p.height).bind(4, p.bytes).bind(5, p.thumbHash);
        (*ph)->bind(6, p.thumbBytes).bind(7, v.visitedAt).bind(8, now);
        HEARTH_TRY((*ph)->run());
        auto ref = m_db.cached("INSERT INTO photo_refs(owner_kind, owner_id, position, photo_hash)"
                               " VALUES ('visit', ?, ?, ?)");
        if (!ref)
            return ref.error();
        (*ref)->bind(1, v.id).bind(2, i).bind(3, p.hash);
        HEARTH_TRY((*ref)->run());
    }
    return {};
}

Result<void> VisitRepository::applyRemote(const QString &id, const QJsonObject &p)
{
    const Visit v = visitFromJson(id, p);
    auto known = m_db.cached("SELECT 1 FROM visits WHERE id = ?");
    if (!known)
        return known.error();
    (*known)->bind(1, id);
    auto exists = (*known)->step();
    if (!exists)
        return exists.error();
    if (*exists) // what was recorded never changes; its references follow a merge of duplicates
        HEARTH_TRY(updateReferences(m_db, *model::kind(u"visit"), id, p));
    if (!*exists) {
        HEARTH_TRY(insertRows(v, v.createdAt > 0 ? v.createdAt : m_clock()));
        // Its photos are the server's, not ours to send (sync/photoupload.h): not "waiting".
        for (const PhotoRef &photo : v.photos)
            for (const QString &hash : {photo.hash, photo.thumbHash}) {
                auto mark = m_db.cached("INSERT OR IGNORE INTO photo_uploads(hash, state, at) VALUES (?, 'absent', ?)");
                if (!mark)
                    return mark.error();
                (*mark)->bind(1, hash).bind(2, m_clock());
                HEARTH_TRY((*mark)->run());
            }
    }
    // Append-only: what was recorded never changes; only a void arrives later.
    if (v.voidedAt > 0) {
        auto voided = m_db.cached("UPDATE visits SET voided_at = ? WHERE id = ? AND voided_at IS NULL");
        if (!voided)
            return voided.error();
        (*voided)->bind(1, v.voidedAt).bind(2, id);
        HEARTH_TRY((*voided)->run());
    }
    return {};
}

Result<Visit> VisitRepository::find(const QString &id)
{
    auto all = list({}, true);
    if (!all)
        return all.error();
    for (const Visit &v : *all)
        if (v.id == id)
            return v;
    return Error(ErrorCode::NotFound, u"visit "_qs + id);
}

Result<QList<Visit>> VisitRepository::list(const QString &personId, bool includeSuperseded)
{
    return query(personId, {}, includeSuperseded);
}

Result<QList<Visit>> VisitRepository::listForHousehold(const QString &householdId)
{
    if (householdId.isEmpty())
        return QList<Visit>();
    return query({}, householdId, false);
}

Result<QList<Visit>> VisitRepository::query(const QString &personId, const QString &householdId, bool includeSuperseded)
{
    auto stmt = m_db.prepare(
        "SELECT v.id, v.person_id, v.household_id, v.campaign_id, v.visited_at, v.utc_offset_min, v.kind, v.visitors,"
        " v.letter_delivered, v.cash_fen, v.notes, v.location_status, v.location_reason, v.latitude, v.longitude,"
        " v.accuracy_m, v.fix_at, v.fix_source, v.mock_location, v.supersedes, v.created_at, v.voided_at FROM visits v"
        " WHERE (IFNULL(?1, '') = '' OR v.person_id = ?1)"
        " AND (IFNULL(?3, '') = '' OR v.household_id = ?3"
        "      OR v.person_id IN (SELECT id FROM people WHERE household_id = ?3))"
        " AND (?2 OR NOT EXISTS (SELECT 1 FROM visits n WHERE n.supersedes = v.id))"
        " ORDER BY v.visited_at DESC, v.id DESC");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, personId).bind(2, int(includeSuperseded)).bind(3, householdId);
    QList<Visit> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        Visit v;
        v.id = stmt->columnText(0);
        v.personId = stmt->columnText(1);
        v.householdId = stmt->columnText(2);
        v.campaignId = stmt->columnText(3);
        v.visitedAt = stmt->columnInt(4);
        v.utcOffsetMin = int(stmt->columnInt(5));
        v.kind = stmt->columnText(6);
        for (const QJsonValue &name : QJsonDocument::fromJson(stmt->columnText(7).toUtf8()).array())
            v.visitors.append(name.toString());
        v.letterDelivered = stmt->columnInt(8) != 0;
        v.cashFen = stmt->columnInt(9);
        v.notes = stmt->columnText(10);
        if (stmt->columnText(11) == u"fix")
            v.location.fix = location::Fix{stmt->columnDouble(13), stmt->columnDouble(14), stmt->columnDouble(15),
                                           stmt->columnInt(16), stmt->columnText(17), stmt->columnInt(18) != 0};
        else
            v.location.reasonCode = stmt->columnText(12);
        v.supersedes = stmt->columnText(19);
        v.createdAt = stmt->columnInt(20);
        v.voidedAt = stmt->columnInt(21);
        out.append(v);
    }
    for (Visit &v : out) {
        auto needs = m_db.cached("SELECT category, text FROM visit_needs WHERE visit_id = ? ORDER BY position");
        if (!needs)
            return needs.error();
        (*needs)->bind(1, v.id);
        while ((*needs)->step().value_or(false))
            v.needs.append({(*needs)->columnText(0), (*needs)->columnText(1)});
        auto goods = m_db.cached("SELECT item, quantity FROM visit_goods WHERE visit_id = ? ORDER BY position");
        if (!goods)
            return goods.error();
        (*goods)->bind(1, v.id);
        while ((*goods)->step().value_or(false))
            v.goods.append({(*goods)->columnText(0), (*goods)->columnInt(1)});
        auto photos = m_db.cached("SELECT p.hash, p.thumb_hash, p.width, p.height, p.bytes, p.thumb_bytes"
                                  " FROM photo_refs r JOIN photos p ON p.hash = r.photo_hash"
                                  " WHERE r.owner_kind = 'visit' AND r.owner_id = ? ORDER BY r.position");
        if (!photos)
            return photos.error();
        (*photos)->bind(1, v.id);
        while ((*photos)->step().value_or(false))
            v.photos.append({(*photos)->columnText(0), (*photos)->columnText(1), int((*photos)->columnInt(2)),
                             int((*photos)->columnInt(3)), (*photos)->columnInt(4), (*photos)->columnInt(5)});
    }
    for (Visit &v : out) {
        auto review = m_db.cached("SELECT decision, coalesce(comment, ''), reviewer, at FROM reviews"
                                  " WHERE visit_id = ? AND voided_at IS NULL ORDER BY at DESC, id DESC LIMIT 1");
        if (!review)
            return review.error();
        (*review)->bind(1, v.id);
        if ((*review)->step().value_or(false))
            v.review = Visit::Review{(*review)->columnText(0), (*review)->columnText(1), (*review)->columnText(2),
                                     (*review)->columnInt(3)};
    }
    return out;
}

Result<PhotoRef> putPhoto(media::MediaStore &media, const media::ProcessedPhoto &photo)
{
    auto hash = media.put(photo.jpeg);
    if (!hash)
        return hash.error();
    auto thumb = media.put(photo.thumbnail);
    if (!thumb)
        return thumb.error();
    return PhotoRef{*hash, *thumb, photo.width, photo.height, photo.jpeg.size(), photo.thumbnail.size()};
}

} // namespace hearth::domain
