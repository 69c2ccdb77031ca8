// SPDX-License-Identifier: GPL-3.0-or-later
// Records: visit add/list, station add, service add.
#include "cli.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/visit.h"
#include "core/location/nmea.h"
#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/storage/store.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>

namespace hearth::cli {
namespace {

// "CATEGORY:TEXT" / "ITEM:QTY" → the two parts; the text may hold more colons.
bool splitPair(const QString &s, QString &a, QString &b)
{
    const qsizetype colon = s.indexOf(u':');
    if (colon <= 0)
        return false;
    a = s.left(colon).trimmed();
    b = s.mid(colon + 1).trimmed();
    return !a.isEmpty();
}

Result<location::Location> locationFrom(Context &ctx)
{
    location::FixPolicy policy;
    if (ctx.args.isSet(u"accuracy-limit"_qs)) {
        bool ok = false;
        policy.accuracyLimitM = ctx.args.value(u"accuracy-limit"_qs).toDouble(&ok);
        if (!ok || policy.accuracyLimitM <= 0)
            return usage(u"--accuracy-limit 应为正数（米）", u"--accuracy-limit must be a positive number of metres");
    }
    if (!ctx.args.isSet(u"nmea"_qs))
        return location::Location{std::nullopt, u"no_source"_qs};
    QFile log(ctx.args.value(u"nmea"_qs));
    if (!log.open(QIODevice::ReadOnly))
        return Error::withReason(ErrorCode::BadFile, u"无法打开 NMEA 文件"_qs, u"cannot open the NMEA file"_qs,
                                 log.errorString());
    // Replayed as fast as it can be read; "now" is the time of the log's last sentence.
    qint64 now = 0;
    const QList<location::Fix> fixes = location::NmeaReader::readAll(log, location::kDefaultUereM, &now);
    return location::chooseFix(fixes, policy, now);
}

// The core's form, made for people: the reason in both languages, the fix time in ISO 8601.
QJsonObject locationJson(const location::Location &l)
{
    QJsonObject o = domain::locationJson(l);
    if (!l.fix) {
        o.insert(u"reason_zh"_qs, l.reasonChinese());
        o.insert(u"reason_en"_qs, l.reasonEnglish());
    } else {
        o.insert(u"fix_at"_qs, QDateTime::fromMSecsSinceEpoch(l.fix->timeMs, Qt::UTC).toString(Qt::ISODateWithMs));
    }
    return o;
}

int visitAdd(Context &ctx)
{
    domain::Visit v;
    v.utcOffsetMin = QDateTime::currentDateTime().offsetFromUtc() / 60; // kept for display
    v.personId = ctx.args.value(u"person"_qs);
    v.householdId = ctx.args.value(u"household"_qs);
    v.campaignId = ctx.args.value(u"campaign"_qs);
    v.kind = ctx.args.value(u"kind"_qs);
    v.notes = ctx.args.value(u"note"_qs);
    v.visitors = ctx.args.values(u"visitor"_qs);
    v.letterDelivered = ctx.args.isSet(u"letter"_qs);
    if (ctx.args.isSet(u"cash-fen"_qs)) {
        bool ok = false;
        v.cashFen = ctx.args.value(u"cash-fen"_qs).toLongLong(&ok);
        if (!ok)
            return fail(usage(u"--cash-fen 应为整数（分）", u"--cash-fen must be a whole number of fen"));
    }
    for (const QString &need : ctx.args.values(u"need"_qs)) {
        domain::Need n;
        if (!splitPair(need, n.category, n.text))
            return fail(usage(u"--need 的格式是 类别:内容", u"--need takes CATEGORY:TEXT"));
        v.needs.append(n);
    }
    for (const QString &goods : ctx.args.values(u"goods"_qs)) {
        domain::Goods g;
        QString qty;
        bool ok = false;
        if (!splitPair(goods, g.item, qty) || (g.quantity = qty.toLongLong(&ok), !ok))
            return fail(usage(u"--goods 的格式是 物品:数量", u"--goods takes ITEM:QUANTITY"));
        v.goods.append(g);
    }
    auto location = locationFrom(ctx);
    if (!location)
        return fail(location.error());
    v.location = *location;
    // Photos are processed before the store is opened: a bad file stops here, nothing saved.
    QList<media::ProcessedPhoto> photos;
    for (const QString &file : ctx.args.values(u"photo"_qs)) {
        auto photo = media::processPhoto(file);
        if (!photo)
            return fail(photo.error());
        photos.append(*photo);
    }
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    media::MediaStore mediaStore((*store)->mediaDirectory(), (*store)->mediaKey());
    for (const auto &p : photos) {
        auto ref = domain::putPhoto(mediaStore, p);
        if (!ref)
            return fail(ref.error());
        v.photos.append(*ref);
    }
    auto id = domain::VisitRepository((*store)->database()).add(v);
    if (!id)
        return fail(id.error());
    if (ctx.json) {
        QJsonArray hashes;
        for (const auto &p : v.photos)
            hashes.append(p.hash);
        out(toJson({{u"id"_qs, *id}, {u"location"_qs, locationJson(v.location)}, {u"photos"_qs, hashes}}));
    } else {
        out(*id);
    }
    return Ok;
}

int visitList(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto visits = domain::VisitRepository((*store)->database()).list(ctx.args.value(u"person"_qs));
    if (!visits)
        return fail(visits.error());
    QJsonArray list;
    for (const auto &v : *visits) {
        const QString at = QDateTime::fromMSecsSinceEpoch(v.visitedAt, Qt::UTC)
                               .toOffsetFromUtc(v.utcOffsetMin * 60)
                               .toString(Qt::ISODate);
        if (!ctx.json) {
            out(QStringLiteral("%1  %2  %3  %4  %5 元  %6").arg(v.id, at, v.kind, v.personId)
                    .arg(double(v.cashFen) / 100, 0, 'f', 2)
                    .arg(v.location.fix ? QStringLiteral("±%1 m").arg(v.location.fix->accuracyM, 0, 'f', 0)
                                        : u"无定位 / no fix ("_qs + v.location.reasonCode + u')'));
            continue;
        }
        // The protocol's form of a visit (core/model), with its time and location made for people.
        QJsonObject o = domain::visitJson(v);
        o.insert(u"id"_qs, v.id);
        o.insert(u"visited_at"_qs, at);
        o.insert(u"location"_qs, locationJson(v.location));
        if (v.voidedAt > 0)
            o.insert(u"voided_at"_qs, v.voidedAt);
        list.append(o);
    }
    if (ctx.json)
        out(toJson({{u"count"_qs, list.size()}, {u"visits"_qs, list}}));
    return Ok;
}

int stationAdd(Context &ctx)
{
    domain::Station s{{}, ctx.args.value(u"kind"_qs), ctx.args.value(u"name"_qs), ctx.args.value(u"county"_qs),
                      ctx.args.value(u"city"_qs), ctx.args.value(u"address"_qs)};
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto id = domain::RecordRepository((*store)->database()).addStation(s);
    if (!id)
        return fail(id.error());
    out(ctx.json ? toJson({{u"id"_qs, *id}}) : *id);
    return Ok;
}

int serviceAdd(Context &ctx)
{
    domain::ServiceLog e;
    e.utcOffsetMin = QDateTime::currentDateTime().offsetFromUtc() / 60;
    e.stationId = ctx.args.value(u"station"_qs);
    e.category = ctx.args.value(u"category"_qs);
    e.notes = ctx.args.value(u"note"_qs);
    e.personId = ctx.args.value(u"person"_qs);
    e.volunteer = ctx.args.value(u"volunteer"_qs);
    bool ok = true;
    if (ctx.args.isSet(u"count"_qs))
        e.count = ctx.args.value(u"count"_qs).toInt(&ok);
    if (!ok)
        return fail(usage(u"--count 应为整数", u"--count must be a whole number"));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto id = domain::RecordRepository((*store)->database()).addService(e);
    if (!id)
        return fail(id.error());
    out(ctx.json ? toJson({{u"id"_qs, *id}}) : *id);
    return Ok;
}

} // namespace

std::vector<Command> recordCommands()
{
    return {
        {"visit add", "记录走访 / Record a visit; prints the new id",
         [](QCommandLineParser &p) {
             p.addOption(option("person", "person id", "ID"));
             p.addOption(option("household", "household id", "ID"));
             p.addOption(option("campaign", "campaign id", "ID"));
             p.addOption(option("kind", "home, worksite, phone or group", "K"));
             p.addOption(option("visitor", "who visited (repeatable)", "NAME"));
             p.addOption(option("letter", "a condolence letter was delivered"));
             p.addOption(option("note", "notes", "T"));
             p.addOption(option("need", "a need raised, CATEGORY:TEXT (repeatable)", "N"));
             p.addOption(option("goods", "goods given, ITEM:QTY (repeatable)", "G"));
             p.addOption(option("cash-fen", "cash given, in fen", "N"));
             p.addOption(option("photo", "a photo file (repeatable)", "FILE"));
             p.addOption(option("nmea", "take the fix from replaying this NMEA log", "FILE"));
             p.addOption(option("accuracy-limit", "metres (default 50)", "M"));
             p.addOption(jsonOption());
         },
         visitAdd},
        {"visit list", "走访列表 / List visits, newest first",
         [](QCommandLineParser &p) {
             p.addOption(option("person", "only this person's", "ID"));
             p.addOption(jsonOption());
         },
         visitList},
        {"station add", "新增站点 / Add a branch station or travel point; prints its id",
         [](QCommandLineParser &p) {
             p.addOption(option("kind", "branch or travel_point", "K"));
             p.addOption(option("name", "name", "N"));
             p.addOption(option("county", "home county code", "CODE"));
             p.addOption(option("city", "city", "C"));
             p.addOption(option("address", "address", "A"));
             p.addOption(jsonOption());
         },
         stationAdd},
        {"service add", "驿站服务 / Log help given at a travel point; prints the new id",
         [](QCommandLineParser &p) {
             p.addOption(option("station", "station id", "ID"));
             p.addOption(option("category", "ticket, guidance, hardship_aid, health, ...", "C"));
             p.addOption(option("count", "people served (default 1)", "N"));
             p.addOption(option("person", "person id, if known", "ID"));
             p.addOption(option("volunteer", "volunteer", "NAME"));
             p.addOption(option("note", "notes", "T"));
             p.addOption(jsonOption());
         },
         serviceAdd},
    };
}

} // namespace hearth::cli
