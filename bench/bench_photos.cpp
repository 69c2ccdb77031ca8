// SPDX-License-Identifier: GPL-3.0-or-later
// Photos at the server (issue 15, §4): what a photo costs PostgreSQL, and how fast photos go up
// and come down, for this build's server (the content-addressed store on disk) against another
// build's (HEARTH_BENCH_BEFORE, e.g. one that kept photo bytes in PostgreSQL), alternating, in
// one run. Each run: a private PostgreSQL, the server, one device store (hearthctl) that
// uploads PHOTOS real JPEGs of about 400 KB in one round, and a second device of the same
// village that fetches them all (photo fetch --person --full). Medians over RUNS runs.
//
//   bench_photos [PHOTOS=48] [RUNS=3]
//   HEARTH_BENCH_BEFORE=/path/to/older/hearth-server bench_photos 48 3
#include "benchsupport.h"
#include "support/noisejpeg.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTcpServer>

using namespace hearth;
using namespace hearth::bench;

namespace {

const QByteArray kPassword = "bench-photo-pass";
const QString kVillage = QStringLiteral("510321100027");

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

struct Figures
{
    double uploadS = 0, fetchS = 0;
    qint64 databaseGrowth = 0, photoBytes = 0;
};

QString ctl() { return QStringLiteral(HEARTHCTL_PATH); }

int ctlRun(const QString &store, const QStringList &args, QByteArray *out = nullptr, const QByteArray &password = {})
{
    qputenv("HEARTH_PIN", kPin);
    return run(ctl(), QStringList{QStringLiteral("--store"), store} + args, password, out);
}

qint64 databaseSize(const QString &database)
{
    QByteArray out;
    run(QStringLiteral("psql"), {database, QStringLiteral("-Atc"), QStringLiteral("SELECT pg_database_size(current_database())")},
        {}, &out);
    return out.trimmed().toLongLong();
}

bool oneRun(const QString &server, int photos, int seed, Figures &f)
{
    QTemporaryDir dir;
    const QString port = QString::number(freePort());
    QByteArray url;
    if (run(QStringLiteral("bash"), {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), QStringLiteral("start"),
                                     dir.filePath(QStringLiteral("pg")), port},
            {}, &url) != 0)
        return false;
    const QString database = QString::fromUtf8(url).trimmed();
    const auto stopCluster = qScopeGuard([&] {
        run(QStringLiteral("bash"), {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), QStringLiteral("stop"),
                                     dir.filePath(QStringLiteral("pg"))});
    });
    run(server, {QStringLiteral("--database"), database, QStringLiteral("admin"), QStringLiteral("areas"), QStringLiteral("import"),
                 QStringLiteral(HEARTH_SOURCE_DIR "/tests/data/areas")});
    for (const char *user : {"taker", "viewer"})
        if (run(server, {QStringLiteral("--database"), database, QStringLiteral("admin"), QStringLiteral("user"), QStringLiteral("add"),
                         QLatin1String(user), QStringLiteral("--role"), QStringLiteral("cadre"), QStringLiteral("--scope"), kVillage},
                kPassword)
            != 0)
            return false;
    QProcess serverProcess;
    serverProcess.start(server, serverArgs(server, database, dir.path()));
    serverProcess.waitForReadyRead(30000);
    const QByteArray line = serverProcess.readLine();
    const QString base = QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());
    const auto stopServer = qScopeGuard([&] {
        serverProcess.terminate();
        serverProcess.waitForFinished(5000);
    });

    const QString taker = dir.filePath(QStringLiteral("taker")), viewer = dir.filePath(QStringLiteral("viewer"));
    for (const auto &[store, user] : {std::pair{taker, "taker"}, std::pair{viewer, "viewer"}}) {
        if (ctlRun(store, {QStringLiteral("init")}) != 0
            || ctlRun(store, {QStringLiteral("areas"), QStringLiteral("import"), QStringLiteral(HEARTH_SOURCE_DIR "/tests/data/areas")}) != 0
            || ctlRun(store, {QStringLiteral("enroll"), QStringLiteral("--server"), base, QStringLiteral("--user"), QLatin1String(user)},
                      nullptr, kPassword)
                   != 0)
            return false;
    }
    QByteArray personOut;
    if (ctlRun(taker, {QStringLiteral("person"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("照片"),
                       QStringLiteral("--area"), kVillage},
               &personOut)
        != 0)
        return false;
    const QString person = QString::fromLatin1(personOut.trimmed());
    // Visits of 12 photos each, from real JPEG files (the app scales them to at most 1600 px).
    f.photoBytes = 0;
    for (int v = 0; v * 12 < photos; ++v) {
        QStringList args{QStringLiteral("visit"), QStringLiteral("add"), QStringLiteral("--person"), person,
                         QStringLiteral("--kind"), QStringLiteral("home")};
        for (int i = v * 12; i < std::min(photos, v * 12 + 12); ++i) {
            const QString file = dir.filePath(QStringLiteral("p%1.jpg").arg(i));
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly))
                return false;
            out.write(test::noiseJpeg(400 * 1024, quint32(seed * 1000 + i)));
            args << QStringLiteral("--photo") << file;
        }
        if (ctlRun(taker, args) != 0)
            return false;
    }
    const qint64 before = databaseSize(database);
    QElapsedTimer t;
    t.start();
    QByteArray report;
    if (ctlRun(taker, {QStringLiteral("sync"), QStringLiteral("--json")}, &report) != 0)
        return false;
    f.uploadS = t.nsecsElapsed() / 1e9;
    const QJsonObject r = QJsonDocument::fromJson(report).object();
    if (r.value(QStringLiteral("photos_uploaded")).toInt() != 2 * photos) {
        std::fprintf(stderr, "uploaded %d of %d\n", r.value(QStringLiteral("photos_uploaded")).toInt(), 2 * photos);
        return false;
    }
    run(QStringLiteral("psql"), {database, QStringLiteral("-Atc"), QStringLiteral("CHECKPOINT")});
    f.databaseGrowth = databaseSize(database) - before;
    if (ctlRun(viewer, {QStringLiteral("sync")}) != 0)
        return false;
    t.restart();
    QByteArray fetched;
    if (ctlRun(viewer, {QStringLiteral("photo"), QStringLiteral("fetch"), QStringLiteral("--person"), person,
                        QStringLiteral("--full"), QStringLiteral("--json")},
               &fetched)
        != 0)
        return false;
    f.fetchS = t.nsecsElapsed() / 1e9;
    if (QJsonDocument::fromJson(fetched).object().value(QStringLiteral("fetched")).toInt() != 2 * photos)
        return false;
    return true;
}

double median(QList<double> v) { return percentile(std::move(v), 0.5); }

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int photos = argc > 1 ? std::max(1, atoi(argv[1])) : 48;
    const int runs = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    const QString after = QStringLiteral(HEARTH_SERVER_PATH), before = qEnvironmentVariable("HEARTH_BENCH_BEFORE");
    QList<std::pair<const char *, QString>> servers{{"this build", after}};
    if (!before.isEmpty())
        servers.prepend({"before", before});
    std::printf("bench_photos: %d photos of ~400 KB (and their thumbnails) per run, %d runs, alternating servers\n", photos, runs);
    QMap<QString, QList<Figures>> results;
    for (int r = 0; r < runs; ++r)
        for (const auto &[name, server] : servers) {
            Figures f;
            if (!oneRun(server, photos, r + 1, f)) {
                std::fprintf(stderr, "bench_photos: a run against %s failed\n", name);
                return 1;
            }
            std::printf("  run %d %-10s upload %.2f s, fetch %.2f s, database +%lld bytes\n", r + 1, name, f.uploadS, f.fetchS,
                        (long long)f.databaseGrowth);
            std::fflush(stdout);
            results[QLatin1String(name)] << f;
        }
    for (const auto &[name, server] : servers) {
        QList<double> up, down, growth;
        for (const Figures &f : results[QLatin1String(name)]) {
            up << f.uploadS;
            down << f.fetchS;
            growth << double(f.databaseGrowth);
        }
        std::printf("%-10s median: upload round %.2f s (%.1f ms a photo), fetch %.2f s (%.1f ms a photo), "
                    "database grows %.0f KB a photo\n",
                    name, median(up), median(up) * 1000 / photos, median(down), median(down) * 1000 / photos,
                    median(growth) / 1024 / photos);
    }
    return 0;
}
