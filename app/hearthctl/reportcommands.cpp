// SPDX-License-Identifier: GPL-3.0-or-later
// The records the monthly report counts beside visits and services: fair add/list/void,
// certificate add/list/void.
#include "cli.h"
#include "core/domain/reportrecords.h"
#include "core/storage/store.h"

#include <QDateTime>
#include <QJsonArray>

namespace hearth::cli {
namespace {

// A whole number option, 0 when absent.
std::optional<qint64> count(Context &ctx, const char *name)
{
    const QString key = QLatin1String(name);
    if (!ctx.args.isSet(key))
        return 0;
    bool ok = false;
    const qint64 v = ctx.args.value(key).toLongLong(&ok);
    return ok && v >= 0 ? std::optional(v) : std::nullopt;
}

int printId(Context &ctx, Result<QString> id)
{
    if (!id)
        return fail(id.error());
    out(ctx.json ? toJson({{u"id"_qs, *id}}) : *id);
    return Ok;
}

int fairAdd(Context &ctx)
{
    domain::JobFair f;
    f.areaCode = ctx.args.value(u"area"_qs);
    f.stationId = ctx.args.value(u"station"_qs);
    f.organiser = ctx.args.value(u"organiser"_qs);
    f.place = ctx.args.value(u"place"_qs);
    f.heldOn = ctx.args.value(u"date"_qs);
    f.people = ctx.args.values(u"person"_qs);
    f.notes = ctx.args.value(u"note"_qs);
    struct Figure { const char *option; qint64 *into; };
    for (const Figure &fig : {Figure{"employers", &f.employers}, Figure{"positions", &f.positions},
                              Figure{"attendees", &f.attendees}, Figure{"contracts", &f.contracts},
                              Figure{"placed", &f.placed}}) {
        auto v = count(ctx, fig.option);
        if (!v)
            return fail(usage(u"人数、岗位数等应为非负整数", u"counts must be whole numbers, 0 or more"));
        *fig.into = *v;
    }
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    return printId(ctx, domain::ReportRecords((*store)->database()).addJobFair(f));
}

int certificateAdd(Context &ctx)
{
    domain::CertificateService c;
    c.utcOffsetMin = QDateTime::currentDateTime().offsetFromUtc() / 60;
    c.areaCode = ctx.args.value(u"area"_qs);
    c.stationId = ctx.args.value(u"station"_qs);
    c.place = ctx.args.value(u"place"_qs);
    c.kind = ctx.args.value(u"kind"_qs);
    c.outcome = ctx.args.isSet(u"outcome"_qs) ? ctx.args.value(u"outcome"_qs) : u"done"_qs;
    c.personId = ctx.args.value(u"person"_qs);
    c.handler = ctx.args.value(u"handler"_qs);
    c.notes = ctx.args.value(u"note"_qs);
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    return printId(ctx, domain::ReportRecords((*store)->database()).addCertificate(c));
}

int fairList(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto fairs = domain::ReportRecords((*store)->database()).jobFairs(10'000);
    if (!fairs)
        return fail(fairs.error());
    QJsonArray list;
    for (const domain::JobFair &f : *fairs) {
        if (!ctx.json) {
            out(u"%1  %2  %3  %4  %5 / %6 / %7%8"_qs.arg(f.id, f.heldOn, f.areaCode, f.place)
                    .arg(f.attendees).arg(f.contracts).arg(f.placed)
                    .arg(f.voided ? u"  (已撤销 / voided)"_qs : QString()));
            continue;
        }
        list.append(QJsonObject{{u"id"_qs, f.id}, {u"area_code"_qs, f.areaCode}, {u"station_id"_qs, f.stationId},
                                {u"organiser"_qs, f.organiser}, {u"place"_qs, f.place}, {u"held_on"_qs, f.heldOn},
                                {u"employers"_qs, f.employers}, {u"positions"_qs, f.positions},
                                {u"attendees"_qs, f.attendees}, {u"contracts"_qs, f.contracts},
                                {u"placed"_qs, f.placed}, {u"people"_qs, QJsonArray::fromStringList(f.people)},
                                {u"voided"_qs, f.voided}});
    }
    if (ctx.json)
        out(toJson({{u"count"_qs, list.size()}, {u"job_fairs"_qs, list}}));
    return Ok;
}

int certificateList(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto all = domain::ReportRecords((*store)->database()).certificates(10'000);
    if (!all)
        return fail(all.error());
    QJsonArray list;
    for (const domain::CertificateService &c : *all) {
        const QString at = QDateTime::fromMSecsSinceEpoch(c.at, Qt::UTC).toOffsetFromUtc(c.utcOffsetMin * 60).toString(Qt::ISODate);
        if (!ctx.json) {
            out(u"%1  %2  %3  %4  %5%6"_qs.arg(c.id, at, c.kind, c.outcome, c.areaCode)
                    .arg(c.voided ? u"  (已撤销 / voided)"_qs : QString()));
            continue;
        }
        list.append(QJsonObject{{u"id"_qs, c.id},           {u"area_code"_qs, c.areaCode}, {u"station_id"_qs, c.stationId},
                                {u"place"_qs, c.place},     {u"kind"_qs, c.kind},         {u"outcome"_qs, c.outcome},
                                {u"person_id"_qs, c.personId}, {u"at"_qs, at},            {u"voided"_qs, c.voided}});
    }
    if (ctx.json)
        out(toJson({{u"count"_qs, list.size()}, {u"certificates"_qs, list}}));
    return Ok;
}

int voidOne(Context &ctx, const QString &entity)
{
    const QString id = ctx.args.value(u"id"_qs);
    if (id.isEmpty())
        return fail(usage(u"请用 --id 指定要撤销的记录", u"name the record to void with --id"));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    if (auto r = domain::voidRecord((*store)->database(), entity, id, QDateTime::currentMSecsSinceEpoch()); !r)
        return fail(r.error());
    out(ctx.json ? toJson({{u"id"_qs, id}, {u"voided"_qs, true}}) : id);
    return Ok;
}

} // namespace

std::vector<Command> reportCommands()
{
    const auto voidOptions = [](QCommandLineParser &p) {
        p.addOption(option("id", "the record's id", "ID"));
        p.addOption(jsonOption());
    };
    return {
        {"fair add", "记录招聘会 / Log a job fair once it is over; prints the new id",
         [](QCommandLineParser &p) {
             p.addOption(option("area", "county or township code it counts in (a station's: its home county)", "CODE"));
             p.addOption(option("station", "the station that held it", "ID"));
             p.addOption(option("organiser", "who organised it", "NAME"));
             p.addOption(option("place", "where", "PLACE"));
             p.addOption(option("date", "the day held, YYYY-MM-DD", "DATE"));
             p.addOption(option("employers", "employers attending", "N"));
             p.addOption(option("positions", "positions offered", "N"));
             p.addOption(option("attendees", "people attending", "N"));
             p.addOption(option("contracts", "intention contracts signed", "N"));
             p.addOption(option("placed", "people placed in work", "N"));
             p.addOption(option("person", "a person linked to it (repeatable)", "ID"));
             p.addOption(option("note", "notes", "T"));
             p.addOption(jsonOption());
         },
         fairAdd},
        {"fair list", "招聘会列表 / List job fairs, newest first", [](QCommandLineParser &p) { p.addOption(jsonOption()); },
         fairList},
        {"fair void", "撤销招聘会记录 / Void a job fair logged in error", voidOptions,
         [](Context &ctx) { return voidOne(ctx, u"job_fair"_qs); }},
        {"certificate add", "记录证照办理 / Log a certificate handled for one person; prints the new id",
         [](QCommandLineParser &p) {
             p.addOption(option("kind", "id_card, social_security, residence_permit, household_register, driving_licence, other", "K"));
             p.addOption(option("place", "station, township or travel_point (default: township, or station with --station)", "P"));
             p.addOption(option("outcome", "done (default), accepted, referred, not_possible", "O"));
             p.addOption(option("area", "the township or county it counts in (a station's: its home county)", "CODE"));
             p.addOption(option("station", "the station or travel point where it was handled", "ID"));
             p.addOption(option("person", "the person, if known", "ID"));
             p.addOption(option("handler", "who handled it", "NAME"));
             p.addOption(option("note", "notes", "T"));
             p.addOption(jsonOption());
         },
         certificateAdd},
        {"certificate list", "证照办理列表 / List certificate services, newest first",
         [](QCommandLineParser &p) { p.addOption(jsonOption()); }, certificateList},
        {"certificate void", "撤销证照办理记录 / Void a certificate service logged in error", voidOptions,
         [](Context &ctx) { return voidOne(ctx, u"certificate"_qs); }},
    };
}

} // namespace hearth::cli
