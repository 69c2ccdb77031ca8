// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-server: the sync server on PostgreSQL. Stateless: several processes may share one
// database. Usage:
//   hearth-server --database URL --photos DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE] [limits]
//   hearth-server --database URL --photos DIR admin photos verify
//   hearth-server --database URL admin areas import DIR [--prefix CODE]
//   hearth-server --database URL admin user add NAME --role ROLE --scope CODE[,CODE...]
//   hearth-server --database URL admin user passwd NAME [--keep-devices]
//   hearth-server --database URL admin user remove NAME
//   hearth-server --database URL admin user scope NAME --scope CODE[,CODE...]
//   hearth-server --database URL admin audit verify
//   hearth-server --database URL admin wipe DEVICE | admin unlock-code DEVICE
//   hearth-server --database URL admin user lease NAME --days N
//   hearth-server --database URL admin devices | admin revoke DEVICE | admin conflicts
//   hearth-server --database URL admin conflicts resolve ID
//   hearth-server --database URL admin duplicates
//   hearth-server --database URL admin duplicates merge KEEP OTHER [--take FIELD,...] --reason TEXT [--by NAME]
// Passwords come from HEARTH_PASSWORD or the first line of standard input.
#include "accounts.h"
#include "areas.h"
#include "audit.h"
#include "console/sessions.h"
#include "devices.h"
#include "duplicates.h"
#include "http/httpserver.h"
#include "httpapi.h"
#include "photoservice.h"
#include "schema.h"
#include "digests.h"
#include "report/figures.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QTextStream>
#include <sodium.h>

#include <cstdio>

using namespace hearth;
using namespace hearth::server;

namespace {

int fail(const Error &e)
{
    std::fprintf(stderr, "hearth-server: %s / %s\n", qPrintable(e.localized(u"zh_CN"_qs)), qPrintable(e.localized(u"en"_qs)));
    return e.code() == ErrorCode::InvalidArgument ? 2 : 1;
}

QByteArray password()
{
    QByteArray p = qgetenv("HEARTH_PASSWORD");
    if (p.isEmpty()) {
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly))
            p = in.readLine().trimmed();
    }
    return p;
}

void print(const PgResult &r)
{
    for (int i = 0; i < r.rows(); ++i) {
        QStringList cells;
        for (int c = 0; c < r.columns(); ++c)
            cells << (r.isNull(i, c) ? u"-"_qs : r.text(i, c));
        std::printf("%s\n", qPrintable(cells.join(u'\t')));
    }
}

int admin(Pg &pg, const QStringList &args, const QCommandLineParser &parser)
{
    const QString what = args.value(1);
    if (what == u"user" && args.value(2) == u"add" && args.size() == 4) {
        auto r = addUser(pg, args[3], parser.value(u"role"_qs), parser.value(u"scope"_qs).split(u',', Qt::SkipEmptyParts),
                         password());
        return r ? 0 : fail(r.error());
    }
    if (what == u"user" && args.value(2) == u"passwd" && args.size() == 4) {
        auto r = setPassword(pg, args[3], password(), parser.isSet(u"keep-devices"_qs));
        if (r)
            std::printf("password changed; %d devices revoked\n", *r);
        return r ? 0 : fail(r.error());
    }
    if (what == u"user" && args.value(2) == u"remove" && args.size() == 4) {
        auto r = removeUser(pg, args[3]);
        if (r)
            std::printf("user removed; %d devices revoked\n", *r);
        return r ? 0 : fail(r.error());
    }
    if (what == u"areas" && args.value(2) == u"import" && args.size() == 4) {
        auto r = importAreas(pg, args[3], parser.value(u"prefix"_qs));
        if (r)
            std::printf("areas: %d provinces, %d cities, %d counties, %d townships, %d villages\n", (*r)[0], (*r)[1],
                        (*r)[2], (*r)[3], (*r)[4]);
        return r ? 0 : fail(r.error());
    }
    if (what == u"audit" && args.value(2) == u"verify" && args.size() == 3) {
        auto r = verifyAudit(pg);
        if (!r)
            return fail(r.error());
        if (r->firstBroken) {
            std::printf("audit: %lld entries; the chain breaks at entry %lld\n", r->entries, r->firstBroken);
            return 3;
        }
        std::printf("audit: %lld entries; the chain holds\n", r->entries);
        return 0;
    }
    if (what == u"user" && args.value(2) == u"scope" && args.size() == 4) {
        auto r = setScopes(pg, args[3], parser.value(u"scope"_qs).split(u',', Qt::SkipEmptyParts));
        return r ? 0 : fail(r.error());
    }
    if (what == u"digests" && args.value(2) == u"backfill" && args.size() == 3) {
        auto r = backfillContentHashes(pg);
        if (r)
            std::printf("digests: %lld records hashed\n", *r);
        return r ? 0 : fail(r.error());
    }
    if (what == u"digests" && args.value(2) == u"verify" && args.size() == 3) {
        auto r = verifyDigests(pg);
        if (!r)
            return fail(r.error());
        auto figures = report::verify(pg); // the report's figures are kept the same way
        if (!figures)
            return fail(figures.error());
        *r += *figures;
        for (const QString &line : *r)
            std::printf("%s\n", qPrintable(line));
        std::printf("digests: %s\n", r->isEmpty() ? "every scope's maintained checksum and the report's figures equal their recount" : "DIFFER");
        return r->isEmpty() ? 0 : 3;
    }
    if (what == u"photos" && args.value(2) == u"verify" && args.size() == 3) {
        const PhotoStore store(parser.value(u"photos"_qs));
        if (auto prepared = store.prepare(); !prepared)
            return fail(prepared.error());
        auto r = verifyPhotoStore(pg, store);
        if (!r)
            return fail(r.error());
        for (const QString &hash : *r)
            std::printf("damaged or missing, its upload starts again: %s\n", qPrintable(hash));
        std::printf("photos: %s\n", r->isEmpty() ? "every file matches its name" : "SOME WERE FORGOTTEN");
        return r->isEmpty() ? 0 : 3;
    }
    if (what == u"devices" && args.size() == 2) {
        auto r = listDevices(pg);
        if (!r)
            return fail(r.error());
        std::printf("# device\tuser\tname\tversion\tlast contact (UTC)\trecords waiting\tphotos waiting\tlease\twipe\trevoked\n");
        print(*r);
        return 0;
    }
    if (what == u"wipe" && args.size() == 3) {
        auto r = requestWipe(pg, args[2]);
        if (r)
            std::printf("the device pushes what it holds, then erases its store, at its next contact\n");
        return r ? 0 : fail(r.error());
    }
    if (what == u"unlock-code" && args.size() == 3) {
        auto r = unlockCode(pg, args[2], QDateTime::currentMSecsSinceEpoch());
        if (r)
            std::printf("%s\n", qPrintable(*r));
        return r ? 0 : fail(r.error());
    }
    if (what == u"user" && args.value(2) == u"totp-reset" && args.size() == 4) {
        // A lost phone: the console's second factor is enrolled again at the next sign-in.
        if (auto r = console::resetSecondFactor(pg, args[3]); !r)
            return fail(r.error());
        if (auto a = appendAudit(pg, {qEnvironmentVariable("USER", u"admin"_qs), u"user.totp_reset"_qs, args[3], {}, {}}); !a)
            return fail(a.error());
        std::printf("the console's second factor is enrolled again at the next sign-in\n");
        return 0;
    }
    if (what == u"user" && args.value(2) == u"lease" && args.size() == 4) {
        auto r = setLeaseDays(pg, args[3], parser.value(u"days"_qs).toInt());
        return r ? 0 : fail(r.error());
    }
    if (what == u"revoke" && args.size() == 3) {
        auto r = revoke(pg, args[2]);
        return r ? 0 : fail(r.error());
    }
    if (what == u"conflicts" && args.value(2) == u"resolve" && args.size() == 4) {
        // Reviewed by a supervisor: it leaves the open list (the row stays, with the time).
        const QString actor = parser.value(u"by"_qs).isEmpty() ? qEnvironmentVariable("USER", u"admin"_qs) : parser.value(u"by"_qs);
        auto r = pg.exec("UPDATE conflicts SET resolved_at = now(), resolved_by = $2 WHERE id = $1 AND resolved_at IS NULL",
                         {args[3].toLongLong(), actor.left(100)});
        if (!r)
            return fail(r.error());
        return r->affected() == 1 ? 0 : fail(Error(ErrorCode::NotFound, args[3]));
    }
    if (what == u"duplicates" && args.value(2) == u"merge" && args.size() == 5) {
        const QString actor = parser.value(u"by"_qs).isEmpty() ? qEnvironmentVariable("USER", u"admin"_qs) : parser.value(u"by"_qs);
        auto r = mergeDuplicates(pg, {args[3], args[4], parser.value(u"take"_qs).split(u',', Qt::SkipEmptyParts), actor,
                                      parser.value(u"reason"_qs)});
        return r ? 0 : fail(r.error());
    }
    if (what == u"duplicates" && args.size() == 2) {
        // Records that are one person, both kept until merged: the pair, with each one's name
        // and village for the reviewer (this is an administrator's terminal, not a log).
        auto r = pg.exec("SELECT d.id, d.entity, d.first_id, a.body->>'name', a.scope, d.second_id, b.body->>'name',"
                         " b.scope, d.reason, d.found_at FROM duplicates d"
                         " JOIN records a ON a.entity = d.entity AND a.id = d.first_id"
                         " JOIN records b ON b.entity = d.entity AND b.id = d.second_id"
                         " WHERE d.resolved_at IS NULL ORDER BY d.id");
        if (!r)
            return fail(r.error());
        print(*r);
        return 0;
    }
    if (what == u"conflicts" && args.size() == 2) {
        auto r = pg.exec("SELECT id, entity, record_id, scope, field, kept, lost, kept_device, lost_device, at"
                         " FROM conflicts WHERE resolved_at IS NULL ORDER BY id");
        if (!r)
            return fail(r.error());
        print(*r);
        return 0;
    }
    return fail(Error::withReason(ErrorCode::InvalidArgument, u"未知的管理命令"_qs,
                                  u"unknown admin command (user add|user passwd|user scope|user totp-reset|devices|revoke|conflicts [resolve ID]|duplicates [merge KEEP OTHER]|digests backfill|digests verify|photos verify)"_qs));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hearth-server"_qs);
    if (sodium_init() < 0)
        return 1;
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Hearth sync server"_qs);
    parser.addHelpOption();
    parser.addOptions({{u"database"_qs, u"PostgreSQL connection URL."_qs, u"URL"_qs},
                       {u"listen"_qs, u"Address and port to serve on."_qs, u"HOST:PORT"_qs},
                       {u"photos"_qs, u"The photo store: a folder for photo files, shared by every server process."_qs, u"DIR"_qs},
                       {u"migrate-to"_qs, u"Bring the schema only up to this version (tests of an upgrade)."_qs, u"N"_qs},
                       {u"replica"_qs, u"A streaming replica's connection URL: protocol-2 pulls are read there."_qs, u"URL"_qs},
                       {u"tls-cert"_qs, u"PEM certificate chain: the server's, then its intermediates (serve HTTPS)."_qs, u"FILE"_qs},
                       {u"tls-key"_qs, u"PEM private key (RSA or EC) of that certificate."_qs, u"FILE"_qs},
                       {u"header-timeout"_qs, u"Seconds a request's header may take (default 15)."_qs, u"S"_qs},
                       {u"body-timeout"_qs, u"Seconds a request's body may take (default 120)."_qs, u"S"_qs},
                       {u"inflight-mib"_qs, u"MiB of request bodies held at once, all connections (default 256)."_qs, u"MIB"_qs},
                       {u"workers"_qs, u"Worker threads, each with its own database connection (default 4)."_qs, u"N"_qs},
                       {u"console-idle-minutes"_qs, u"Minutes a console session may stay idle (default 30)."_qs, u"M"_qs},
                       {u"prefix"_qs, u"admin areas import: only these codes and their parents."_qs, u"CODE"_qs},
                       {u"keep-devices"_qs, u"admin user passwd: leave the user's devices enrolled."_qs},
                       {u"days"_qs, u"admin user lease: days a device may go without contact before it locks."_qs, u"N"_qs},
                       {u"role"_qs, u"admin user add: the role."_qs, u"ROLE"_qs},
                       {u"scope"_qs, u"admin user add|scope: area codes and station ids."_qs, u"CODES"_qs},
                       {u"take"_qs, u"admin duplicates merge: fields whose value comes from the merged record."_qs, u"FIELDS"_qs},
                       {u"reason"_qs, u"admin duplicates merge: why (audited)."_qs, u"TEXT"_qs},
                       {u"by"_qs, u"admin duplicates merge: who decided (audited)."_qs, u"NAME"_qs}});
    parser.addPositionalArgument(u"admin"_qs, u"admin COMMAND ..."_qs);
    parser.process(app);
    if (!parser.isSet(u"database"_qs))
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"缺少 --database"_qs, u"--database is required"_qs));

    // A server serves devices only at its own schema or a newer one (a push's batch writes the
    // newest step's table in its trigger's mode): stopping an upgrade short is for admin
    // commands, and is refused before anything is written.
    const int upTo = parser.value(u"migrate-to"_qs).toInt();
    if (upTo > 0 && upTo < servedSchema() && parser.positionalArguments().value(0) != u"admin")
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"--migrate-to 只用于 admin 命令：服务器只在第 %1 版及以后的数据库结构上服务"_qs.arg(servedSchema()),
                                      u"--migrate-to is for admin commands: the server serves only at schema %1 or later"_qs.arg(servedSchema())));

    auto pg = Pg::connect(parser.value(u"database"_qs));
    if (!pg)
        return fail(pg.error());
    if (auto declared = declareHashingWriter(*pg); !declared) // its writes set content hashes
        return fail(declared.error());
    auto version = migrate(*pg, upTo);
    if (!version)
        return fail(version.error());
    const QStringList args = parser.positionalArguments();
    if (args.value(0) == u"admin")
        return admin(*pg, args, parser);
    // Records written before the digests were maintained (schema 9), or changed by hand since,
    // get their content hash before devices are served.
    if (auto hashed = backfillContentHashes(*pg); !hashed)
        return fail(hashed.error());
    if (!args.isEmpty() || !parser.isSet(u"listen"_qs))
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"用法：--listen 地址:端口 或 admin 命令"_qs,
                                      u"usage: --listen HOST:PORT, or an admin command"_qs));
    // Photos an older server kept in PostgreSQL move to the store before devices are served.
    const PhotoStore photos(parser.value(u"photos"_qs));
    if (auto prepared = photos.prepare(); !prepared)
        return fail(prepared.error());
    if (auto moved = movePhotosToStore(*pg, photos); !moved)
        return fail(moved.error());
    if (auto swept = sweepUploads(*pg, photos); !swept)
        return fail(swept.error());

    const QString listen = parser.value(u"listen"_qs);
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    const QHostAddress host(colon > 0 ? listen.left(colon) : u"127.0.0.1"_qs);
    if (colon < 0 || !portOk || host.isNull())
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"--listen 应为 地址:端口"_qs, u"--listen takes HOST:PORT"_qs));

    // TLS takes both files or neither: a key alone must not mean plain HTTP.
    if (parser.isSet(u"tls-cert"_qs) != parser.isSet(u"tls-key"_qs))
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"--tls-cert 与 --tls-key 必须同时给出"_qs,
                                      u"--tls-cert and --tls-key go together"_qs));
    HttpLimits limits;
    const auto number = [&parser](const char *name, int fallback) {
        bool ok = false;
        const int v = parser.value(QLatin1String(name)).toInt(&ok);
        return ok && v > 0 ? v : fallback;
    };
    limits.headerTimeoutS = number("header-timeout", limits.headerTimeoutS);
    limits.bodyTimeoutS = number("body-timeout", limits.bodyTimeoutS);
    limits.inflightBytes = qint64(number("inflight-mib", int(limits.inflightBytes >> 20))) << 20;
    limits.workThreads = number("workers", limits.workThreads);
    prepareAccounts(); // the decoy password hash, made before the first sign-in is timed
    console::ConsoleOptions consoleOptions;
    consoleOptions.idleMinutes = number("console-idle-minutes", consoleOptions.idleMinutes);
    // The console's TOTP secrets are sealed with a key beside the photos, outside the database.
    auto sealer = console::SecretSealer::inFolder(parser.value(u"photos"_qs));
    if (!sealer)
        return fail(sealer.error());
    if (auto sealed = sealer->sealStored(*pg); !sealed)
        return fail(sealed.error());
    consoleOptions.sealer = *sealer;
    HttpServer server(makeRouter(parser.value(u"database"_qs), parser.value(u"replica"_qs), photos, consoleOptions), limits);
    QString problem;
    if (parser.isSet(u"tls-cert"_qs) && !server.useTls({parser.value(u"tls-cert"_qs), parser.value(u"tls-key"_qs)}, &problem))
        return fail(Error::withReason(ErrorCode::BadFile, u"TLS 证书或私钥不可用：%1"_qs.arg(problem), problem));
    const quint16 bound = server.listen(host.toString(), quint16(port), &problem);
    if (!bound)
        return fail(Error::withReason(ErrorCode::Io, u"无法监听 %1：%2"_qs.arg(listen, problem),
                                      u"cannot listen on %1: %2"_qs.arg(listen, problem)));
    std::printf("hearth-server: schema %d, %s on %s:%u\n", *version, parser.isSet(u"tls-cert"_qs) ? "https" : "http",
                qPrintable(host.toString()), bound);
    std::fflush(stdout);
    server.run(2);
    return 0;
}
