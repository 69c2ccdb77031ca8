// SPDX-License-Identifier: GPL-3.0-or-later
// The ledger's figures (issue 3), on a county-sized store. Run by hand; see docs/benchmarks.md.
//
//   build/dev/bench/bench_ledger [WORKDIR] [ROWS]
//
// 1. import: `hearthctl people import` of a ROWS-row synthetic ledger (default 200,000) into a
//    new store, as a child process: rows/s and the child's peak memory (getrusage).
// 2. search on that store: 300 queries each of a name part, a phone tail and an ID tail, the
//    first 50 results each; p50 and p95.
// 3. visit save without photos: 1,000 visits, each its own durable transaction; p50 and p95.
// 4. photo: a 12-megapixel JPEG (4000×3000, camera-like detail) oriented, scaled, encoded,
//    encrypted into the media store; 15 runs, median.
#include "core/domain/visit.h"
#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/search/searchindex.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "benchsupport.h"
#include "support/syntheticledger.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace hearth;
using namespace hearth::bench;

namespace {

// Camera-like content: gradients, edges and sensor noise, so the JPEG is as costly to
// decode as a real photo (a flat image would flatter the figure).
QByteArray twelveMegapixelJpeg()
{
    QImage img(4000, 3000, QImage::Format_RGB32);
    QRandomGenerator rng(7);
    for (int y = 0; y < img.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < img.width(); ++x) {
            const int n = int(rng.bounded(40u));
            line[x] = qRgb((x / 16 + n) & 255, (y / 12 + n) & 255, ((x + y) / 20 + n) & 255);
        }
    }
    QPainter p(&img);
    p.setPen(QPen(Qt::black, 9));
    for (int i = 0; i < 60; ++i)
        p.drawLine(int(rng.bounded(4000u)), int(rng.bounded(3000u)), int(rng.bounded(4000u)), int(rng.bounded(3000u)));
    p.end();
    QByteArray jpeg;
    QBuffer b(&jpeg);
    b.open(QIODevice::WriteOnly);
    img.save(&b, "JPEG", 92);
    return jpeg;
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QString work = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"build/bench-ledger"_qs;
    const int rows = argc > 2 ? std::atoi(argv[2]) : 200'000;
    QDir(work).removeRecursively();
    QDir().mkpath(work);
    const QString csv = work + u"/ledger.csv"_qs;
    const QString storeDir = work + u"/store"_qs;
    if (!test::writeSyntheticLedger(csv, rows, 1000))
        return 1;
    if (hearthctl(storeDir, {u"init"_qs}) != 0 ||
        hearthctl(storeDir, {u"areas"_qs, u"import"_qs, QStringLiteral(HEARTH_TEST_DATA "/areas")}) != 0)
        return 1;

    // 1. Import, in a child process so its peak memory is its own.
    QElapsedTimer t;
    t.start();
    QByteArray json;
    const int rc = hearthctl(storeDir, {u"people"_qs, u"import"_qs, csv, u"--quiet"_qs, u"--json"_qs}, &json);
    const double seconds = t.nsecsElapsed() / 1e9;
    const double importSeconds = QJsonDocument::fromJson(json).object().value(u"elapsed_ms"_qs).toDouble() / 1000;
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    std::printf("import %d rows, whole command: %.1f s, %.0f rows/s; the import itself: %.1f s, %.0f rows/s; "
                "peak RSS %.0f MB (exit %d: rows with bad check digits are rejected on purpose)\n",
                rows, seconds, rows / seconds, importSeconds, rows / std::max(importSeconds, 1e-9),
                usage.ru_maxrss / 1024.0, rc);

    auto key = [&]() -> std::unique_ptr<storage::Store> {
        platform::PinKeyStore keys;
        auto s = storage::Store::open(storeDir, SecretBytes::copyOf(QByteArrayView(kPin)), keys);
        return s ? std::move(*s) : nullptr;
    }();
    if (!key)
        return 1;
    auto &db = key->database();
    std::printf("store: %lld people, %lld households, %lld search terms\n",
                (long long)db.queryInt("SELECT count(*) FROM people").value_or(0),
                (long long)db.queryInt("SELECT count(*) FROM households").value_or(0),
                (long long)db.queryInt("SELECT count(*) FROM search_terms").value_or(0));

    // 2. Search. Queries are drawn from the ledger's own values.
    QRandomGenerator rng(11);
    const QStringList given = QStringLiteral("国 建 明 华 春 秀 英 小 志 军 平 红 丽 伟 芳 强 勇 敏 静 磊").split(u' ');
    QList<double> nameMs, phoneMs, idMs;
    qint64 results = 0;
    for (int i = 0; i < 300; ++i) {
        const int row = int(rng.bounded(quint32(rows)));
        const QString name = given[int(rng.bounded(quint32(given.size())))] + given[int(rng.bounded(quint32(given.size())))];
        const QString phoneTail = QStringLiteral("%1").arg(row, 9, 10, QLatin1Char('0')).right(4);
        const QString idTail = QStringLiteral("%1").arg(rng.bounded(1000000u), 6, 10, QLatin1Char('0'));
        for (auto [text, sink] : {std::pair{name, &nameMs}, {phoneTail, &phoneMs}, {idTail, &idMs}}) {
            t.restart();
            auto hits = search::searchPeople(db, {text});
            sink->append(t.nsecsElapsed() / 1e6);
            results += hits ? hits->size() : 0;
        }
    }
    report("search: name part (2 characters)", nameMs);
    report("search: phone tail (4 digits)", phoneMs);
    report("search: ID tail (6 characters)", idMs);
    std::printf("  (%.1f results per query on average; the first 50 are asked for)\n", results / 900.0);

    // 3. Visits without photos.
    QStringList people;
    auto some = db.prepare("SELECT id FROM people ORDER BY random() LIMIT 1000");
    while (some && some->step().value_or(false))
        people << some->columnText(0);
    domain::VisitRepository visits(db);
    QList<double> visitMs;
    for (const QString &person : people) {
        domain::Visit v;
        v.personId = person;
        v.kind = u"home"_qs;
        v.visitors = {u"驻村工作队"_qs};
        v.needs = {{u"jobs"_qs, u"希望就近就业"_qs}};
        v.goods = {{u"大米"_qs, 1}};
        v.cashFen = 50000;
        v.location.fix = location::Fix{29.45, 104.41, 12, QDateTime::currentMSecsSinceEpoch(), u"nmea"_qs, false};
        t.restart();
        auto id = visits.add(v);
        visitMs.append(t.nsecsElapsed() / 1e6);
        if (!id)
            return 1;
    }
    report("visit save (no photos, durable)", visitMs);

    // 4. A 12-megapixel photo.
    const QByteArray jpeg = twelveMegapixelJpeg();
    media::MediaStore mediaStore(key->mediaDirectory(), key->mediaKey());
    QList<double> photoMs;
    for (int i = 0; i < 15; ++i) {
        t.restart();
        auto photo = media::processPhoto(jpeg);
        if (!photo || !mediaStore.put(photo->jpeg) || !mediaStore.put(photo->thumbnail))
            return 1;
        photoMs.append(t.nsecsElapsed() / 1e6);
    }
    std::printf("photo input: %.1f MB JPEG, 4000x3000\n", jpeg.size() / 1e6);
    report("photo 12 MP: orient+scale+encode+encrypt", photoMs);
    return 0;
}
