// SPDX-License-Identifier: GPL-3.0-or-later
#include "syncservice.h"

#include "core/domain/personfields.h"
#include "core/sync/checksum.h"

#include <QDateTime>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>

namespace hearth::server {
namespace {

constexpr qint64 kPushLock = 0x4865617274680002; // serialises writers: cursors follow commit order
constexpr qint64 kFutureSlackMs = 5 * 60 * 1000;  // a device clock this far ahead is clamped

const QStringList kAppendOnly = {u"visit"_qs, u"service"_qs, u"followup_note"_qs};
const QStringList kMergedByField = {u"person"_qs, u"household"_qs};
const QStringList kEntities = {u"person"_qs,  u"household"_qs, u"visit"_qs,    u"service"_qs,
                               u"station"_qs, u"campaign"_qs,  u"followup"_qs, u"followup_note"_qs};

// The device's scopes as the two array parameters of HEARTH_IN_SCOPE: station ids, area prefixes.
std::pair<QString, QString> scopeArrays(const Device &device)
{
    QStringList areas, stations;
    for (const QString &s : device.scopes)
        (s.front().isDigit() ? areas : stations) << s;
    return {u"{"_qs + stations.join(u',') + u"}"_qs, u"{"_qs + areas.join(u',') + u"}"_qs};
}

// SQL: whether column `col` lies in the scope given as the two array parameters.
#define HEARTH_IN_SCOPE(col, stations, areas)                                                                          \
    " (" col " = ANY(" stations "::text[]) OR EXISTS (SELECT 1 FROM unnest(" areas "::text[]) a WHERE " col            \
    " LIKE a || '%'))"

struct Outcome
{
    QString status; // applied, duplicate, rejected
    QString reasonZh, reasonEn;
    bool changeWritten = false; // the changes row is already in (the one-statement create)
};

Outcome rejected(const char *zh, const char *en)
{
    return {u"rejected"_qs, QString::fromUtf8(zh), QString::fromUtf8(en)};
}

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

struct Current
{
    QJsonObject body; // empty when there is no such record
    QString scope;
    bool deleted = false;
};

// The record's current state.
Result<Current> current(Pg &pg, const QString &entity, const QString &id)
{
    auto r = pg.exec("SELECT body, scope, deleted FROM records WHERE entity = $1 AND id = $2", {entity, id});
    if (!r)
        return r.error();
    if (r->rows() == 0)
        return Current{};
    return Current{QJsonDocument::fromJson(r->bytes(0, 0)).object(), r->text(0, 1), r->text(0, 2) == u"t"};
}

// Where a new record belongs: its area, its station, or the record it hangs from.
// `parentDeleted` is set when that record is a tombstone.
Result<QString> scopeOf(Pg &pg, const QString &entity, const QString &id, const QJsonObject &p,
                        bool *parentDeleted = nullptr)
{
    auto parentScope = [&](const QString &parentEntity, const QString &parentId) -> Result<QString> {
        if (parentId.isEmpty())
            return QString();
        auto r = pg.exec("SELECT scope, deleted FROM records WHERE entity = $1 AND id = $2", {parentEntity, parentId});
        if (!r)
            return r.error();
        if (parentDeleted && r->rows() && r->text(0, 1) == u"t")
            *parentDeleted = true;
        return r->rows() ? r->text(0, 0) : QString();
    };
    if (entity == u"person" || entity == u"household")
        return p[u"area_code"].toString();
    if (entity == u"station")
        return id;
    if (entity == u"service")
        return p[u"station_id"].toString();
    if (entity == u"campaign")
        return p[u"target_areas"].toArray().first().toString();
    if (entity == u"visit") {
        auto s = parentScope(u"person"_qs, p[u"person_id"].toString());
        if (!s || !s->isEmpty())
            return s;
        return parentScope(u"household"_qs, p[u"household_id"].toString());
    }
    if (entity == u"followup") {
        auto s = parentScope(u"person"_qs, p[u"person_id"].toString());
        if (!s || !s->isEmpty())
            return s;
        return p[u"station_id"].toString();
    }
    if (entity == u"followup_note")
        return parentScope(u"followup"_qs, p[u"followup_id"].toString());
    return QString();
}

Result<void> writeRecord(Pg &pg, const QString &entity, const QString &id, const QString &scope,
                         const QJsonObject &body, bool deleted)
{
    auto r = pg.exec("INSERT INTO records (entity, id, scope, body, deleted) VALUES ($1, $2, $3, $4, $5)"
                     " ON CONFLICT (entity, id) DO UPDATE SET body = excluded.body, deleted = excluded.deleted,"
                     " updated_at = now()",
                     {entity, id, scope, json(body), deleted ? u"true"_qs : u"false"_qs});
    if (!r)
        return r.error();
    return {};
}

// Per-field merge of an update {"fields": {k: {old, new}}, "tags": {add, remove}}. A field is
// taken when its value is still the editor's base; otherwise the later hybrid logical clock
// (`at`) wins and the other value goes to `conflicts`.
Result<QJsonObject> mergeFields(Pg &pg, const Device &device, const QString &entity, const QString &id,
                                const QString &scope, QJsonObject body, const QJsonObject &update, qint64 at)
{
    // Reads go through value(): operator[] on a non-const object would insert nulls.
    QJsonObject clocks = body.value(u"_clocks").toObject();
    QJsonObject devices = body.value(u"_devices").toObject();
    const QJsonObject fields = update[u"fields"].toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString base = it->toObject()[u"old"].toString();
        const QString wanted = it->toObject()[u"new"].toString();
        const QString now = body.value(it.key()).toVariant().toString();
        bool take = now == base || now == wanted;
        if (!take) {
            // The later hybrid logical clock wins; equal clocks go to the higher device id, so
            // the outcome never depends on which device reached the server first.
            const qint64 theirs = clocks.value(it.key()).toString().toLongLong();
            const bool later = at > theirs || (at == theirs && device.id > devices.value(it.key()).toString());
            auto r = pg.exec("INSERT INTO conflicts (entity, record_id, scope, field, kept, lost, kept_device, lost_device)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                             {entity, id, scope, it.key(), later ? wanted : now, later ? now : wanted,
                              later ? device.id : devices.value(it.key()).toString(),
                              later ? devices.value(it.key()).toString() : device.id});
            if (!r)
                return r.error();
            take = later;
        }
        if (take) {
            body[it.key()] = wanted;
            clocks[it.key()] = QString::number(at); // 64-bit: a JSON double would round it
            devices[it.key()] = device.id;
        }
    }
    QStringList tags = body.value(u"tags").toVariant().toStringList();
    for (const QJsonValue &t : update[u"tags"].toObject()[u"add"].toArray())
        if (!tags.contains(t.toString()))
            tags << t.toString();
    for (const QJsonValue &t : update[u"tags"].toObject()[u"remove"].toArray())
        tags.removeAll(t.toString());
    if (update.contains(u"tags"))
        body[u"tags"] = QJsonArray::fromStringList(tags);
    body[u"_clocks"] = clocks;
    body[u"_devices"] = devices;
    return body;
}

// The photos a record names may now be uploaded by devices of its scope.
Result<void> notePhotos(Pg &pg, const QString &scope, const QJsonObject &payload)
{
    for (const QJsonValue &p : payload.value(u"photos").toArray())
        for (const char *key : {"hash", "thumb_hash"}) {
            const QString hash = p[QLatin1String(key)].toString();
            if (hash.isEmpty())
                continue;
            auto r = pg.exec("INSERT INTO photo_refs (hash, scope) VALUES ($1, $2) ON CONFLICT DO NOTHING", {hash, scope});
            if (!r)
                return r.error();
        }
    return {};
}

// The first field of a person or household this protocol does not know, or empty. Entries of
// other kinds are checked by the devices that read them (append-only records keep what came).
QString unknownField(const QString &entity, const QString &op, const QJsonObject &payload)
{
    static const QSet<QString> person = [] {
        QSet<QString> keys{u"tags"_qs};
        for (const domain::PersonField &f : domain::personFields())
            keys.insert(QLatin1String(f.key));
        return keys;
    }();
    static const QSet<QString> household = {u"area_code"_qs, u"head_name"_qs, u"address"_qs, u"registered_area"_qs,
                                            u"hardship"_qs};
    const QSet<QString> *known = entity == u"person" ? &person : entity == u"household" ? &household : nullptr;
    if (!known || op == u"delete")
        return {};
    const QJsonObject fields = op == u"update" ? payload.value(u"fields").toObject() : payload;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (!known->contains(it.key()))
            return it.key();
    return {};
}

Result<Outcome> apply(Pg &pg, Device &device, const QJsonObject &e, qint64 at, QString &scopeOut,
                      QJsonObject &bodyOut)
{
    const QString entity = e[u"entity"].toString(), id = e[u"entity_id"].toString(), op = e[u"op"].toString();
    const QJsonObject payload = e[u"payload"].toObject();
    if (!kEntities.contains(entity) || id.isEmpty() || id.size() > 64)
        return rejected("未知的记录类型或编号", "unknown record type or id");
    if (const QString field = unknownField(entity, op, payload); !field.isEmpty())
        return Outcome{u"rejected"_qs, u"未知字段：%1"_qs.arg(field), u"unknown field: %1"_qs.arg(field)};
    if (op == u"create" && entity == u"visit" && !payload.value(u"person_id").toString().isEmpty()) {
        // A visit to a person, the commonest create after people: the parent's scope, the scope
        // check, the record and its change row in one statement. Anything unusual (no such
        // person, deleted, out of scope, the id seen before) falls through to the full path.
        const auto [stations, areas] = scopeArrays(device);
        auto created = pg.exec("WITH parent AS (SELECT scope FROM records WHERE entity = 'person' AND id = $7"
                               " AND NOT deleted AND" HEARTH_IN_SCOPE("scope", "$8", "$9") "),"
                               " ins AS (INSERT INTO records (entity, id, scope, body) SELECT $1, $2, parent.scope, $3"
                               " FROM parent ON CONFLICT (entity, id) DO NOTHING RETURNING scope)"
                               " INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                               " SELECT $1, $2, ins.scope, 'create', $3, $4, $5, $6 FROM ins RETURNING scope",
                               {entity, id, json(payload), device.id, e[u"seq"].toInteger(), at,
                                payload.value(u"person_id").toString(), stations, areas});
        if (!created)
            return created.error();
        if (created->rows() == 1) {
            HEARTH_TRY(notePhotos(pg, created->text(0, 0), payload));
            return Outcome{u"applied"_qs, {}, {}, true};
        }
    }
    if (op == u"create") {
        bool parentDeleted = false;
        auto scope = scopeOf(pg, entity, id, payload, &parentDeleted);
        if (!scope)
            return scope.error();
        if (parentDeleted)
            return rejected("这条记录所属的档案已被删除，已留待审核", "the record it belongs to was deleted: kept for review");
        if (scope->isEmpty())
            return rejected("记录缺少所在区划或站点", "the record names no area or station");
        const bool ownStation = entity == u"station";
        if (!ownStation && !inScope(device.scopes, *scope))
            return rejected("超出您的负责范围", "outside your scope");
        if (!ownStation) {
            // The common case in one round trip: a new record and its change row together.
            auto created = pg.exec("WITH ins AS (INSERT INTO records (entity, id, scope, body) VALUES ($1, $2, $3, $4)"
                                   " ON CONFLICT (entity, id) DO NOTHING RETURNING 1)"
                                   " INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                                   " SELECT $1, $2, $3, 'create', $4, $5, $6, $7 FROM ins",
                                   {entity, id, *scope, json(payload), device.id, e[u"seq"].toInteger(), at});
            if (!created)
                return created.error();
            if (created->affected() == 1) {
                HEARTH_TRY(notePhotos(pg, *scope, payload));
                return Outcome{u"applied"_qs, {}, {}, true};
            }
        }
    }
    auto existing = current(pg, entity, id);
    if (!existing)
        return existing.error();
    const auto &[body, knownScope, deleted] = *existing;

    if (op == u"create") {
        auto scope = scopeOf(pg, entity, id, payload);
        if (!scope)
            return scope.error();
        const bool ownStation = entity == u"station";
        if (!body.isEmpty()) {
            QJsonObject same = body;
            same.remove(u"_clocks");
            same.remove(u"_devices");
            if (same == payload)
                return Outcome{u"duplicate"_qs, {}, {}};
            return rejected("同一编号的记录内容不同，已留待审核", "the same id with other content: kept for review");
        }
        if (ownStation) { // whoever names a station follows it, from the next entry of this batch on
            auto r = pg.exec("UPDATE users SET scopes = array_append(scopes, $2) WHERE id = $1 AND NOT $2 = ANY(scopes)",
                             {device.userId, id});
            if (!r)
                return r.error();
            if (!device.scopes.contains(id))
                device.scopes << id;
        }
        HEARTH_TRY(writeRecord(pg, entity, id, *scope, payload, false));
        scopeOut = *scope;
        bodyOut = payload;
        return Outcome{u"applied"_qs, {}, {}};
    }
    if (body.isEmpty())
        return rejected("服务器上没有这条记录", "the server has no such record");
    if (!inScope(device.scopes, knownScope))
        return rejected("超出您的负责范围", "outside your scope");
    if (deleted && op == u"delete")
        return Outcome{u"duplicate"_qs, {}, {}}; // deleted already, by this device or another
    if (deleted) // an edit made offline while another device deleted the record: kept for review
        return rejected("这条记录已被删除，修改已留待审核", "the record was deleted: the change is kept for review");
    if (op == u"update" && kMergedByField.contains(entity)) {
        auto merged = mergeFields(pg, device, entity, id, knownScope, body, payload, at);
        if (!merged)
            return merged.error();
        // The merged record and its change row in one round trip (what devices pull is the
        // state without the merge bookkeeping).
        QJsonObject pulled = *merged;
        pulled.remove(u"_clocks");
        pulled.remove(u"_devices");
        auto r = pg.exec("WITH upd AS (UPDATE records SET body = $4, updated_at = now() WHERE entity = $1 AND id = $2"
                         " RETURNING 1)"
                         " INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                         " SELECT $1, $2, $3, 'update', $5, $6, $7, $8 FROM upd",
                         {entity, id, knownScope, json(*merged), json(pulled), device.id, e[u"seq"].toInteger(), at});
        if (!r)
            return r.error();
        return Outcome{u"applied"_qs, {}, {}, true};
    }
    if (op == u"delete" && (entity == u"person" || entity == u"household")) {
        // Only a person nothing was recorded about (entered by mistake), only a household nobody
        // belongs to or was visited in: visits, follow-ups, services and members never orphan.
        auto used = entity == u"person"
                        ? pg.exec("SELECT 1 FROM records WHERE entity IN ('visit', 'followup', 'service')"
                                  " AND body->>'person_id' = $1 LIMIT 1",
                                  {id})
                        : pg.exec("SELECT 1 FROM records WHERE entity IN ('person', 'visit') AND NOT deleted"
                                  " AND body->>'household_id' = $1 LIMIT 1",
                                  {id});
        if (!used)
            return used.error();
        if (used->rows() > 0)
            return rejected("已有相关记录，不能删除", "records about this exist: not deleted");
    }
    if (op == u"delete") {
        // A tombstone: the record stays (kept for devices offline for months), marked deleted.
        QJsonObject tomb = body;
        for (auto it = payload.begin(); it != payload.end(); ++it)
            tomb[it.key()] = *it;
        HEARTH_TRY(writeRecord(pg, entity, id, knownScope, tomb, !kAppendOnly.contains(entity)));
        scopeOut = knownScope;
        bodyOut = tomb;
        return Outcome{u"applied"_qs, {}, {}};
    }
    return rejected("这类记录不能这样修改", "this record cannot be changed this way");
}

} // namespace

Result<QJsonObject> push(Pg &pg, const Device &device, const QJsonObject &request)
{
    static const QSet<QString> kEntryKeys = {u"seq"_qs,     u"entity"_qs,     u"entity_id"_qs, u"op"_qs,
                                             u"payload"_qs, u"created_at"_qs, u"hlc"_qs};
    for (auto it = request.begin(); it != request.end(); ++it)
        if (it.key() != u"entries")
            return Error::withReason(ErrorCode::InvalidArgument, u"未知字段：%1"_qs.arg(it.key()),
                                     u"unknown field: %1"_qs.arg(it.key()));
    const QJsonArray entries = request[u"entries"].toArray();
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        for (auto it = e.begin(); it != e.end(); ++it)
            if (!kEntryKeys.contains(it.key()))
                return Error::withReason(ErrorCode::InvalidArgument, u"条目中有未知字段：%1"_qs.arg(it.key()),
                                         u"unknown field in an entry: %1"_qs.arg(it.key()));
    }
    if (entries.size() > kMaxPushEntries)
        return Error::withReason(ErrorCode::InvalidArgument, u"一次最多上传 1000 条"_qs,
                                 u"at most 1000 entries per push"_qs);
    Device dev = device; // its scopes grow when the batch creates a station
    auto tx = PgTransaction::begin(pg);
    if (!tx)
        return tx.error();
    if (auto lock = pg.exec("SELECT pg_advisory_xact_lock($1)", {kPushLock}); !lock)
        return lock.error();
    auto seqRow = pg.exec("SELECT last_seq FROM devices WHERE id = $1 FOR UPDATE", {device.id});
    if (!seqRow)
        return seqRow.error();
    qint64 last = seqRow->integer(0, 0);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonArray results;
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        const qint64 seq = e[u"seq"].toInteger(-1);
        if (seq <= 0 || !e[u"payload"].isObject())
            return Error::withReason(ErrorCode::InvalidArgument, u"条目格式不对"_qs, u"malformed entry"_qs);
        if (seq <= last) { // applied before: the device did not hear our answer
            results.append(QJsonObject{{u"seq"_qs, seq}, {u"status"_qs, u"duplicate"_qs}});
            continue;
        }
        if (seq != last + 1)
            return Error::withReason(ErrorCode::Conflict, u"序号不连续：应为 %1"_qs.arg(last + 1),
                                     u"sequence gap: expected %1"_qs.arg(last + 1), QString::number(last + 1));
        // The entry's hybrid logical clock (older clients: its wall time). A clock running
        // ahead of ours by more than the slack is clamped and flagged.
        const qint64 limit = (now + kFutureSlackMs) << 16;
        qint64 at = e[u"hlc"].isString() ? e[u"hlc"].toString().toLongLong() : e[u"created_at"].toInteger(now) << 16;
        const bool clamped = at > limit;
        at = std::min(at, limit);
        QString scope;
        QJsonObject body;
        auto outcome = apply(pg, dev, e, at, scope, body);
        if (!outcome)
            return outcome.error();
        if (outcome->status == u"applied" && !outcome->changeWritten) {
            auto r = pg.exec("INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                             {e[u"entity"].toString(), e[u"entity_id"].toString(), scope, e[u"op"].toString(),
                              json(body), device.id, seq, at});
            if (!r)
                return r.error();
        } else if (outcome->status == u"rejected") {
            auto r = pg.exec("INSERT INTO rejections (device_id, seq, entity, id, reason, payload)"
                             " VALUES ($1, $2, $3, $4, $5, $6)",
                             {device.id, seq, e[u"entity"].toString(), e[u"entity_id"].toString(), outcome->reasonEn,
                              json(e[u"payload"].toObject())});
            if (!r)
                return r.error();
        }
        QJsonObject result{{u"seq"_qs, seq}, {u"status"_qs, outcome->status}};
        if (!outcome->reasonZh.isEmpty()) {
            result[u"reason_zh"_qs] = outcome->reasonZh;
            result[u"reason_en"_qs] = outcome->reasonEn;
        }
        if (clamped)
            result[u"clock_clamped"_qs] = true;
        results.append(result);
        last = seq;
    }
    if (auto r = pg.exec("UPDATE devices SET last_seq = $2 WHERE id = $1", {device.id, last}); !r)
        return r.error();
    HEARTH_TRY(tx->commit());
    return QJsonObject{{u"applied_through"_qs, last}, {u"results"_qs, results}};
}

Result<QJsonObject> scopeChecksum(Pg &pg, const Device &device)
{
    const auto [stations, areas] = scopeArrays(device);
    auto r = pg.exec("SELECT entity, id, body FROM records WHERE NOT deleted AND entity = ANY($3::text[]) AND"
                     HEARTH_IN_SCOPE("scope", "$1", "$2"),
                     {stations, areas, u"{"_qs + sync::checkedEntities().join(u',') + u"}"_qs});
    if (!r)
        return r.error();
    QList<std::pair<QString, QString>> lines;
    lines.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i) {
        const QString entity = r->text(i, 0);
        // Only people's lines need their body; the rest are their ids.
        const QJsonObject body = entity == u"person" ? QJsonDocument::fromJson(r->bytes(i, 2)).object() : QJsonObject();
        lines.append({entity, sync::canonicalLine(entity, r->text(i, 1), body)});
    }
    return QJsonObject{{u"entities"_qs, sync::toJson(sync::digestOf(std::move(lines)))}};
}

Result<QJsonObject> pullConflicts(Pg &pg, const Device &device, qint64 after)
{
    const auto [stations, areas] = scopeArrays(device);
    auto r = pg.exec("SELECT id, entity, record_id, field, kept, lost, kept_device, lost_device,"
                     " (extract(epoch FROM at) * 1000)::bigint"
                     " FROM conflicts WHERE id > $1 AND" HEARTH_IN_SCOPE("scope", "$2", "$3") " ORDER BY id LIMIT 1000",
                     {after, stations, areas});
    if (!r)
        return r.error();
    QJsonArray out;
    qint64 next = after;
    for (int i = 0; i < r->rows(); ++i) {
        next = r->integer(i, 0);
        QJsonObject c{{u"id"_qs, next},
                      {u"entity"_qs, r->text(i, 1)},
                      {u"record_id"_qs, r->text(i, 2)},
                      {u"field"_qs, r->text(i, 3)},
                      {u"kept"_qs, r->text(i, 4)},
                      {u"lost"_qs, r->text(i, 5)},
                      {u"kept_device"_qs, r->text(i, 6)},
                      {u"lost_device"_qs, r->text(i, 7)},
                      {u"at"_qs, r->integer(i, 8)}};
        out.append(c);
    }
    return QJsonObject{{u"conflicts"_qs, out}, {u"next"_qs, next}, {u"more"_qs, r->rows() == 1000}};
}

Result<QJsonObject> pull(Pg &pg, const Device &device, qint64 cursor, int limit)
{
    limit = std::clamp(limit, 1, kMaxPullLimit);
    const auto [stations, areas] = scopeArrays(device);
    auto r = pg.exec("SELECT cursor, entity, id, op, body, hlc FROM changes c WHERE cursor > $1 AND"
                     HEARTH_IN_SCOPE("c.scope", "$2", "$3") " ORDER BY cursor LIMIT $4",
                     {cursor, stations, areas, limit + 1});
    if (!r)
        return r.error();
    QJsonArray changes;
    qint64 next = cursor, hlc = 0;
    const int n = std::min(r->rows(), limit);
    for (int i = 0; i < n; ++i) {
        next = r->integer(i, 0);
        hlc = std::max(hlc, r->integer(i, 5));
        QJsonObject body = QJsonDocument::fromJson(r->bytes(i, 4)).object();
        body.remove(u"_clocks");
        body.remove(u"_devices");
        changes.append(QJsonObject{{u"cursor"_qs, next}, {u"entity"_qs, r->text(i, 1)}, {u"id"_qs, r->text(i, 2)},
                                   {u"op"_qs, r->text(i, 3)}, {u"body"_qs, body}});
    }
    // The highest clock on the page: the device's next changes are stamped past it.
    return QJsonObject{{u"changes"_qs, changes},
                       {u"scopes"_qs, QJsonArray::fromStringList(device.scopes)}, // left or gained: the device acts
                       {u"next"_qs, next},
                       {u"more"_qs, r->rows() > limit},
                       {u"hlc"_qs, QString::number(hlc)}};
}

} // namespace hearth::server
