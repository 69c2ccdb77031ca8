// SPDX-License-Identifier: GPL-3.0-or-later
#include "consoleapi.h"

#include "assets.h"
#include "core/sync/scope.h"
#include "dashboard.h"
#include "monthreport.h"
#include "core/model/rights.h"
#include "coverage.h"
#include "fleet.h"
#include "ledgerupload.h"
#include "recordlist.h"
#include "reviews.h"
#include "server/audit.h"
#include "server/httpapi.h"
#include "server/report/xlsx.h"
#include "sessions.h"
#include "totp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringEncoder>

#include <sodium.h>

namespace hearth::server::console {
namespace {

const QByteArray kCookie = "hearth_console";
constexpr qint64 kMaxSignInBytes = 4096;
constexpr qint64 kMaxActionBytes = 16 * 1024; // a review's comment and note, with room
constexpr int kMaxExportRows = 100'000;

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Every console answer: never cached, never framed, no guessing of types, scripts only ours.
Headers secured(Headers h = {})
{
    const auto add = [&h](const char *name, const char *value) {
        for (const auto &[key, v] : h)
            if (key == name)
                return; // the caller's own (a photo's cache time)
        h.append(qMakePair(QByteArray(name), QByteArray(value)));
    };
    add("cache-control", "no-store");
    add("x-content-type-options", "nosniff");
    add("x-frame-options", "DENY");
    add("referrer-policy", "no-referrer");
    add("content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                   " script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    return h;
}

HttpResponse json(const QJsonObject &body, int status = 200, Headers headers = {})
{
    return {status, "application/json; charset=utf-8", QJsonDocument(body).toJson(QJsonDocument::Compact), secured(headers)};
}

HttpResponse refusal(int status, const char *code, const QString &zh, const QString &en)
{
    return json({{u"error"_qs, QString::fromLatin1(code)}, {u"reason_zh"_qs, zh}, {u"reason_en"_qs, en}}, status);
}

// The sync API's answer to an error, with the console's headers.
HttpResponse refusal(const Error &e)
{
    HttpResponse r = errorResponse(e);
    r.headers = secured(r.headers);
    return r;
}

QByteArray cookie(const HttpRequest &r)
{
    for (QByteArray part : r.header("cookie").split(';')) {
        part = part.trimmed();
        if (part.startsWith(kCookie) && part.size() > kCookie.size() && part[kCookie.size()] == '=')
            return part.mid(kCookie.size() + 1);
    }
    return {};
}

QByteArray sessionCookie(const QByteArray &token, bool end = false)
{
    return kCookie + '=' + token + "; Path=/console; HttpOnly; Secure; SameSite=Strict"
        + (end ? "; Max-Age=0" : "");
}

// A change must come from our own page: its CSRF token, and no other site's origin.
bool sameSite(const HttpRequest &r, const ConsoleUser *user)
{
    if (r.header("sec-fetch-site") == "cross-site")
        return false;
    const QByteArray origin = r.header("origin");
    if (!origin.isEmpty()) {
        const QByteArray host = r.header("host");
        const qsizetype scheme = origin.indexOf("://");
        if (host.isEmpty() || scheme < 0 || origin.mid(scheme + 3) != host)
            return false;
    }
    if (!user)
        return true;
    const QByteArray sent = r.header("x-csrf-token");
    return sent.size() == user->csrf.size() && !sent.isEmpty()
        && sodium_memcmp(sent.constData(), user->csrf.constData(), size_t(sent.size())) == 0;
}

QString param(const HttpRequest &r, const char *name)
{
    return r.query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
}

} // namespace

class Console
{
public:
    Console(QString url, PhotoStore photos, ConsoleOptions options)
        : m_url(url), m_photos(std::move(photos)), m_options(options), m_imports(std::move(url))
    {
    }

    Result<Pg *> pg() { return workerDatabase(m_url); }

    // The signed-in user of a request.
    Result<ConsoleUser> user(const HttpRequest &r)
    {
        auto db = pg();
        if (!db)
            return db.error();
        return sessionUser(**db, cookie(r), m_options.idleMinutes);
    }

    // The area a request asks about (its `area`, else the user's first scope), inside the scope.
    static Result<QString> areaFor(const ConsoleUser &u, const HttpRequest &r)
    {
        const QString area = param(r, "area").isEmpty() ? u.scopes.value(0) : param(r, "area");
        if (!sync::isAreaScope(area) && !sync::isStationId(area))
            return Error::withReason(ErrorCode::InvalidArgument, u"区划代码或站点编号不对"_qs, u"not an area code or station id"_qs);
        if (!sync::insideScopes(u.scopes, area))
            return outsideScope();
        return area;
    }

    static Result<MonthRange> rangeFor(const HttpRequest &r)
    {
        const MonthRange range = monthRange(param(r, "from"), param(r, "to"));
        if (!range.valid())
            return Error::withReason(ErrorCode::InvalidArgument, u"月份不对（格式 2026-01）"_qs, u"bad month (as 2026-01)"_qs);
        return range;
    }

    HttpResponse signIn(const HttpRequest &r)
    {
        if (!sameSite(r, nullptr))
            return refusal(403, "forbidden", u"请求来自其他网站，已拒绝"_qs, u"a request from another site: refused"_qs);
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        const QString name = body.value(u"user").toString().trimmed();
        const QByteArray password = body.value(u"password").toString().toUtf8();
        if (name.isEmpty() || password.isEmpty())
            return refusal(400, "bad_request", u"请输入用户名和密码"_qs, u"enter your user name and password"_qs);
        auto db = pg();
        if (!db)
            return refusal(db.error());
        auto in = console::signIn(**db, name, password, body.value(u"code").toString(), r.peer,
                                  QDateTime::currentSecsSinceEpoch(), m_options.sealer);
        if (!in)
            return refusal(in.error());
        if (!in->enrolSecret.isEmpty())
            return json({{u"enrol"_qs, true},
                         {u"secret"_qs, in->enrolSecret},
                         {u"uri"_qs, in->enrolUri},
                         {u"qr_svg"_qs, QString::fromUtf8(qrSvg(in->enrolUri))}});
        return json({{u"signed_in"_qs, true}, {u"csrf"_qs, QString::fromLatin1(in->csrf)}}, 200,
                    {{"set-cookie", sessionCookie(in->token)}});
    }

    HttpResponse signOut(const HttpRequest &r)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        if (!sameSite(r, &*u))
            return refusal(403, "csrf", u"页面已过期，请刷新后再试"_qs, u"the page is out of date: reload it and try again"_qs);
        auto db = pg();
        if (!db)
            return refusal(db.error());
        if (auto out = console::signOut(**db, cookie(r)); !out)
            return refusal(out.error());
        return json({{u"signed_out"_qs, true}}, 200, {{"set-cookie", sessionCookie({}, true)}});
    }

    HttpResponse me(const HttpRequest &r)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        auto db = pg();
        if (!db)
            return refusal(db.error());
        QJsonArray scopes;
        for (const QString &s : u->scopes) {
            auto info = areaInfo(**db, s);
            if (!info)
                return refusal(info.error());
            scopes.append(*info);
        }
        return json({{u"name"_qs, u->name}, {u"role"_qs, u->role}, {u"scopes"_qs, scopes},
                     {u"csrf"_qs, QString::fromLatin1(u->csrf)}, {u"idle_minutes"_qs, m_options.idleMinutes}});
    }

    // Reads for a signed-in user about an area of their scope and a range of months.
    template <typename F>
    HttpResponse scoped(const HttpRequest &r, F &&answer)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        auto area = areaFor(*u, r);
        if (!area)
            return refusal(area.error());
        auto range = rangeFor(r);
        if (!range)
            return refusal(range.error());
        auto db = pg();
        if (!db)
            return refusal(db.error());
        return answer(**db, *u, *area, *range);
    }

    HttpResponse dashboard(const HttpRequest &r)
    {
        return scoped(r, [](Pg &db, const ConsoleUser &, const QString &area, const MonthRange &range) {
            auto d = console::dashboard(db, area, range);
            return d ? json(*d) : refusal(d.error());
        });
    }

    // A change a signed-in user asks for: from our own page (its CSRF token), with a JSON body.
    template <typename F>
    HttpResponse acting(const HttpRequest &r, F &&act)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        if (!sameSite(r, &*u))
            return refusal(403, "csrf", u"页面已过期，请刷新后再试"_qs, u"the page is out of date: reload it and try again"_qs);
        QJsonParseError parsed;
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &parsed);
        if (parsed.error != QJsonParseError::NoError || !doc.isObject())
            return refusal(400, "bad_request", u"请求格式不对"_qs, u"malformed request"_qs);
        auto db = pg();
        if (!db)
            return refusal(db.error());
        return act(**db, *u, doc.object());
    }

    HttpResponse reviewQueue(const HttpRequest &r)
    {
        return scoped(r, [](Pg &db, const ConsoleUser &u, const QString &area, const MonthRange &range) {
            if (!model::has(u.role, model::Power::Review))
                return refusal(403, "forbidden", u"您的角色不能审核"_qs, u"your role does not review"_qs);
            auto q = console::reviewQueue(db, area, range, 50);
            return q ? json(*q) : refusal(q.error());
        });
    }

    HttpResponse review(const HttpRequest &r, const QString &what)
    {
        return acting(r, [&](Pg &db, const ConsoleUser &u, const QJsonObject &b) {
            const QString note = b.value(u"note").toString().left(2000);
            Result<void> done;
            QJsonObject answer{{u"done"_qs, true}};
            if (what == u"visit") {
                auto id = reviewVisit(db, u, b.value(u"visit").toString(), b.value(u"decision").toString(),
                                      b.value(u"comment").toString().left(2000));
                if (id)
                    answer[u"review"_qs] = *id;
                else
                    done = id.error();
            } else if (what == u"conflict") {
                done = resolveConflict(db, u, b.value(u"id").toInteger(), note);
            } else if (what == u"refused") {
                done = resolveRefusal(db, u, b.value(u"device").toString(), b.value(u"seq").toInteger(), note);
            } else if (what == u"merge") {
                done = mergePair(db, u, b.value(u"keep").toString(), b.value(u"other").toString(),
                                 b.value(u"take").toVariant().toStringList(), b.value(u"reason").toString().left(500));
            } else {
                done = keepApart(db, u, b.value(u"id").toInteger(), b.value(u"reason").toString().left(500));
            }
            return done ? json(answer) : refusal(done.error());
        });
    }

    HttpResponse coverage(const HttpRequest &r)
    {
        return scoped(r, [&](Pg &db, const ConsoleUser &, const QString &area, const MonthRange &) {
            if (!sync::isAreaScope(area))
                return refusal(400, "bad_request", u"走访覆盖按区划查看"_qs, u"coverage is by area"_qs);
            const QString campaign = param(r, "campaign");
            static const QRegularExpression kId(u"^[0-9A-Za-z_-]{1,64}$"_qs);
            if (!campaign.isEmpty() && !kId.match(campaign).hasMatch())
                return refusal(400, "bad_request", u"活动编号不对"_qs, u"not a campaign id"_qs);
            auto c = console::coverage(db, area, campaign, QDate::currentDate(), 200);
            return c ? json(*c) : refusal(c.error());
        });
    }

    HttpResponse fleet(const HttpRequest &r)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        if (!model::has(u->role, model::Power::ManageDevices))
            return refusal(403, "forbidden", u"只有管理员能查看设备和用户"_qs, u"devices and users are for administrators"_qs);
        auto db = pg();
        if (!db)
            return refusal(db.error());
        auto f = console::fleet(**db, *u);
        return f ? json(*f) : refusal(f.error());
    }

    HttpResponse fleetAction(const HttpRequest &r, const QString &what)
    {
        return acting(r, [&](Pg &db, const ConsoleUser &u, const QJsonObject &b) {
            auto done = console::fleetAction(db, u, what, b);
            return done ? json({{u"done"_qs, true}}) : refusal(done.error());
        });
    }

    // A ledger file, as the request's body (never written to disk), into the area `area`.
    HttpResponse importLedger(const HttpRequest &r)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        if (!sameSite(r, &*u))
            return refusal(403, "csrf", u"页面已过期，请刷新后再试"_qs, u"the page is out of date: reload it and try again"_qs);
        if (r.body.isEmpty())
            return refusal(400, "bad_request", u"请选择台账文件"_qs, u"choose a ledger file"_qs);
        auto db = pg();
        if (!db)
            return refusal(db.error());
        auto started = m_imports.start(**db, *u, param(r, "area"), param(r, "name"), r.body);
        return started ? json(*started) : refusal(started.error());
    }

    // Whether a request may make the server hold a ledger's body: a signed-in user who may
    // import, from our own page (asked from the header alone, before a byte is read).
    bool mayUpload(const HttpRequest &r)
    {
        auto u = user(r);
        return u && sameSite(r, &*u) && model::has(u->role, model::Power::ImportLedger);
    }

    HttpResponse imports(const HttpRequest &r)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        auto db = pg();
        if (!db)
            return refusal(db.error());
        if (param(r, "id").isEmpty()) {
            // The user's imports, and the area the page is at: above a county, the areas below to choose from.
            auto area = areaFor(*u, r);
            if (!area)
                return refusal(area.error());
            auto list = importList(**db, *u);
            auto info = list ? areaInfo(**db, *area) : Result<QJsonObject>(list.error());
            if (!info)
                return refusal(info.error());
            (*list)[u"area"_qs] = *info;
            if (area->size() < 6) {
                auto below = (*db)->exec("SELECT code, name FROM areas WHERE parent_code = $1 ORDER BY code", {*area});
                if (!below)
                    return refusal(below.error());
                QJsonArray areas;
                for (int i = 0; i < below->rows(); ++i)
                    areas.append(QJsonObject{{u"code"_qs, below->text(i, 0)}, {u"name"_qs, below->text(i, 1)}});
                (*list)[u"below"_qs] = areas;
            }
            return json(*list);
        }
        auto one = importStatus(**db, *u, param(r, "id").toLongLong());
        return one ? json(*one) : refusal(one.error());
    }

    Result<RecordQuery> recordQuery(const HttpRequest &r, const QString &area, const MonthRange &range, int limit)
    {
        const QString thing = param(r, "thing");
        if (!isThing(thing))
            return Error::withReason(ErrorCode::InvalidArgument, u"没有这类记录"_qs, u"no such kind of record"_qs);
        bool ok = true;
        const int offset = param(r, "offset").isEmpty() ? 0 : param(r, "offset").toInt(&ok);
        if (!ok || offset < 0)
            return Error::withReason(ErrorCode::InvalidArgument, u"offset 不对"_qs, u"bad offset"_qs);
        return RecordQuery{thing, area, range, offset, limit};
    }

    HttpResponse records(const HttpRequest &r)
    {
        return scoped(r, [&](Pg &db, const ConsoleUser &, const QString &area, const MonthRange &range) {
            auto q = recordQuery(r, area, range, 50);
            if (!q)
                return refusal(q.error());
            auto list = recordList(db, *q);
            return list ? json(*list) : refusal(list.error());
        });
    }

    // A photo of a record in the user's scope; every look is audited.
    HttpResponse photo(const HttpRequest &r, const QString &hash)
    {
        auto u = user(r);
        if (!u)
            return refusal(u.error());
        if (!PhotoStore::isHash(hash))
            return refusal(400, "bad_request", u"照片编号不对"_qs, u"not a photo's name"_qs);
        auto db = pg();
        if (!db)
            return refusal(db.error());
        auto refs = (*db)->exec("SELECT scope FROM photo_refs WHERE hash = $1", {hash});
        if (!refs)
            return refusal(refs.error());
        bool inside = false;
        for (int i = 0; i < refs->rows() && !inside; ++i)
            inside = sync::insideScopes(u->scopes, refs->text(i, 0));
        if (!inside)
            return refusal(outsideScope());
        auto bytes = m_photos.read(hash, 0, -1);
        if (!bytes)
            return refusal(bytes.error().code() == ErrorCode::NotFound ? bytes.error()
                                                                       : Error(ErrorCode::NotFound, u"photo"_qs));
        if (auto a = appendAudit(**db, {u->name, u"console.photo"_qs, hash, {}, {}}); !a)
            return refusal(a.error());
        return {200, "image/jpeg", *bytes, secured({{"cache-control", "private, max-age=3600"}})};
    }

    HttpResponse monthExport(const HttpRequest &r, bool xlsx)
    {
        return scoped(r, [&](Pg &db, const ConsoleUser &u, const QString &area, const MonthRange &range) {
            auto d = console::dashboard(db, area, range);
            if (!d)
                return refusal(d.error());
            if (auto a = appendAudit(db, {u.name, u"console.export"_qs, area, u"month %1"_qs.arg(d->value(u"from").toString()), {}}); !a)
                return refusal(a.error());
            if (!xlsx)
                return HttpResponse{200, "text/html; charset=utf-8", monthHtml(*d), secured()};
            auto book = monthXlsx(*d);
            if (!book)
                return refusal(book.error());
            const QByteArray file = "hearth-" + area.toLatin1() + '-' + d->value(u"from").toString().toLatin1() + ".xlsx";
            return HttpResponse{200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *book,
                                secured({{"content-disposition", "attachment; filename=\"" + file + '"'}})};
        });
    }

    // Any list as CSV (UTF-8 with a byte-order mark, or GB18030 for Excel on Chinese Windows) or XLSX.
    HttpResponse listExport(const HttpRequest &r, const QByteArray &format)
    {
        return scoped(r, [&](Pg &db, const ConsoleUser &u, const QString &area, const MonthRange &range) {
            auto q = recordQuery(r, area, range, kMaxExportRows);
            if (!q)
                return refusal(q.error());
            auto list = recordList(db, *q);
            if (!list)
                return refusal(list.error());
            if (auto a = appendAudit(db, {u.name, u"console.export"_qs, area, q->thing, {}}); !a)
                return refusal(a.error());
            const bool english = param(r, "lang") == u"en";
            const QByteArray name = "hearth-" + q->thing.toLatin1() + '-' + area.toLatin1();
            QList<QVariantList> rows;
            for (const QJsonValue &v : list->value(u"records").toArray())
                rows.append(cellsOf(q->thing, v.toObject()));
            if (format == "xlsx") {
                auto book = report::writeXlsx({{thingName(q->thing), {}, columnsOf(q->thing, english), rows, true}});
                if (!book)
                    return refusal(book.error());
                return HttpResponse{200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *book,
                                    secured({{"content-disposition", "attachment; filename=\"" + name + ".xlsx\""}})};
            }
            QString text;
            const auto field = [](QString s) {
                // Text from the field never runs as a formula when Excel or WPS opens the file.
                if (!s.isEmpty() && QStringView(u"=+-@\t\r").contains(s.front()))
                    s.prepend(u'\'');
                if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n') || s.contains(u'\r'))
                    s = u'"' + s.replace(u"\""_qs, u"\"\""_qs) + u'"';
                return s;
            };
            QStringList cells;
            for (const QString &c : columnsOf(q->thing, english))
                cells << field(c);
            text += cells.join(u',') + u"\r\n"_qs;
            for (const QVariantList &row : rows) {
                cells.clear();
                for (const QVariant &c : row)
                    cells << field(c.toString());
                text += cells.join(u',') + u"\r\n"_qs;
            }
            const bool gb = param(r, "encoding").compare(u"gb18030", Qt::CaseInsensitive) == 0;
            QByteArray bytes;
            if (gb) {
                QStringEncoder encode("GB18030");
                bytes = encode.encode(text);
            } else {
                bytes = "\xEF\xBB\xBF" + text.toUtf8();
            }
            return HttpResponse{200, gb ? "text/csv; charset=GB18030" : "text/csv; charset=utf-8", bytes,
                                secured({{"content-disposition", "attachment; filename=\"" + name + ".csv\""}})};
        });
    }

private:
    QString m_url;
    PhotoStore m_photos;
    ConsoleOptions m_options;
    LedgerImports m_imports;
};

ConsoleRoutes::ConsoleRoutes(QString databaseUrl, PhotoStore photos, ConsoleOptions options)
    : d(std::make_shared<Console>(std::move(databaseUrl), std::move(photos), options))
{
}

ConsoleRoutes::~ConsoleRoutes() = default;

bool ConsoleRoutes::isConsolePath(const QString &path) { return path == u"/console" || path.startsWith(u"/console/"); }

Route ConsoleRoutes::route(const QByteArray &method, const QString &path) const
{
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    auto c = d;
    const auto work = [](Handler h) { return Route{0, Lane::Work, std::move(h), {}}; };
    const bool get = method == "GET", post = method == "POST";
    if (get && (path == u"/console" || path == u"/console/"))
        return Route{0, Lane::Inline, [](const HttpRequest &r) { return asset(u"index.html"_qs, r); }, {}};
    if (get && path.startsWith(u"/console/assets/"))
        return Route{0, Lane::Inline, [name = path.mid(16)](const HttpRequest &r) { return asset(name, r); }, {}};
    if (post && path == u"/console/api/signin")
        return Route{kMaxSignInBytes, Lane::Auth, [c](const HttpRequest &r) { return c->signIn(r); }, {}};
    if (post && path == u"/console/api/signout")
        return work([c](const HttpRequest &r) { return c->signOut(r); });
    if (get && path == u"/console/api/me")
        return work([c](const HttpRequest &r) { return c->me(r); });
    if (get && path == u"/console/api/dashboard")
        return work([c](const HttpRequest &r) { return c->dashboard(r); });
    if (get && path == u"/console/api/records")
        return work([c](const HttpRequest &r) { return c->records(r); });
    if (get && path == u"/console/api/review")
        return work([c](const HttpRequest &r) { return c->reviewQueue(r); });
    static const QStringList kReviewActions{u"visit"_qs, u"conflict"_qs, u"refused"_qs, u"merge"_qs, u"apart"_qs};
    if (post && path.startsWith(u"/console/api/review/") && kReviewActions.contains(path.mid(20)))
        return Route{kMaxActionBytes, Lane::Work, [c, what = path.mid(20)](const HttpRequest &r) { return c->review(r, what); }, {}};
    if (get && path == u"/console/api/coverage")
        return work([c](const HttpRequest &r) { return c->coverage(r); });
    if (get && path == u"/console/api/fleet")
        return work([c](const HttpRequest &r) { return c->fleet(r); });
    static const QStringList kFleetActions{u"revoke"_qs, u"wipe"_qs, u"scopes"_qs, u"lease"_qs, u"totp_reset"_qs};
    if (post && path.startsWith(u"/console/api/fleet/") && kFleetActions.contains(path.mid(19)))
        return Route{kMaxActionBytes, Lane::Work, [c, what = path.mid(19)](const HttpRequest &r) { return c->fleetAction(r, what); }, {}};
    if (post && path == u"/console/api/import")
        return Route{kMaxLedgerBytes, Lane::Work, [c](const HttpRequest &r) { return c->importLedger(r); },
                     [c](const HttpRequest &r) { return c->mayUpload(r); }};
    if (get && path == u"/console/api/imports")
        return work([c](const HttpRequest &r) { return c->imports(r); });
    if (get && path.startsWith(u"/console/api/photo/"))
        return work([c, hash = path.mid(19)](const HttpRequest &r) { return c->photo(r, hash); });
    if (get && path == u"/console/export/month.xlsx")
        return work([c](const HttpRequest &r) { return c->monthExport(r, true); });
    if (get && path == u"/console/export/month.html")
        return work([c](const HttpRequest &r) { return c->monthExport(r, false); });
    if (get && path == u"/console/export/records.csv")
        return work([c](const HttpRequest &r) { return c->listExport(r, "csv"); });
    if (get && path == u"/console/export/records.xlsx")
        return work([c](const HttpRequest &r) { return c->listExport(r, "xlsx"); });
    return {};
}

} // namespace hearth::server::console
