// SPDX-License-Identifier: GPL-3.0-or-later
// The console's ledger import (docs/console.md, "Importing a ledger"), against a private
// PostgreSQL and the real hearth-server on loopback. Run by hand; see docs/benchmarks.md.
//
//   build/dev/bench/bench_import [ROWS=20000] [RUNS=3]
//
// Each run uploads a new CSV ledger of ROWS people (households of four, spread over the test
// county's villages, no ID numbers) as a signed-in supervisor, and times it from the upload to
// the import's "done": rows and records (people and households) per second, the median of RUNS.
// Those records go through the same push as a device's, so bench_sync's person creates, run in
// the same sitting, are the raw limit to compare with.
#include "benchsupport.h"
#include "server/console/totp.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
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

Reply http(const QString &url, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &post = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest req{QUrl(url)};
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    QNetworkReply *r = post.isNull() ? nam.get(req) : nam.post(req, post);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out{r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), r->readAll(), r->rawHeader("set-cookie")};
    r->deleteLater();
    return out;
}

QByteArray ledger(int rows, int run, const QStringList &villages)
{
    QByteArray csv = "姓名,性别,所在村,户主,外出状态\n";
    for (int i = 0; i < rows; ++i) {
        const QString name = u"测%1号%2"_qs.arg(run).arg(i), head = u"测%1号%2"_qs.arg(run).arg(i - i % 4);
        csv += u"%1,%2,%3,%4,外出\n"_qs.arg(name, i % 2 ? u"女"_qs : u"男"_qs, villages[(i / 4) % villages.size()], head).toUtf8();
    }
    return csv;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const QStringList a = app.arguments();
    const int rows = a.value(1, u"20000"_qs).toInt(), runs = a.value(2, u"3"_qs).toInt();
    QTemporaryDir tmp(qEnvironmentVariable("HEARTH_BENCH_DIR", QDir::tempPath()) + u"/bench_import-XXXXXX"_qs);
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
    struct StopCluster
    {
        QString dir;
        ~StopCluster() { run(u"bash"_qs, {QStringLiteral(HEARTH_SOURCE_DIR "/scripts/pg-cluster.sh"), u"stop"_qs, dir}); }
    } stopCluster{dir + u"/pg"_qs};
    if (run(serverBinary, {u"--database"_qs, database, u"admin"_qs, u"areas"_qs, u"import"_qs,
                           QStringLiteral(HEARTH_SOURCE_DIR "/tests/data/areas")})
            != 0
        || run(serverBinary, {u"--database"_qs, database, u"admin"_qs, u"user"_qs, u"add"_qs, u"county"_qs, u"--role"_qs,
                              u"supervisor"_qs, u"--scope"_qs, u"510321"_qs},
               kPassword)
            != 0)
        return 1;
    QProcess server;
    server.start(serverBinary, serverArgs(serverBinary, database, dir));
    server.waitForReadyRead(60000);
    const QByteArray line = server.readLine();
    if (!line.contains(':')) {
        std::fprintf(stderr, "the server did not start: %s\n", server.readAllStandardError().constData());
        return 1;
    }
    const QString base = u"http://127.0.0.1:"_qs + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());
    const QList<QPair<QByteArray, QByteArray>> json{{"Content-Type", "application/json"}};
    const QString secret = QJsonDocument::fromJson(http(base + u"/console/api/signin"_qs, json,
                                                        R"({"user": "county", "password": "bench-password"})")
                                                       .body)
                               .object()
                               .value(u"secret")
                               .toString();
    const QString code = server::console::totpCode(secret, QDateTime::currentSecsSinceEpoch());
    const Reply in = http(base + u"/console/api/signin"_qs, json,
                          R"({"user": "county", "password": "bench-password", "code": ")" + code.toLatin1() + "\"}");
    const QByteArray cookie = "hearth_console=" + in.cookie.mid(15, in.cookie.indexOf(';') - 15);
    const QByteArray csrf = QJsonDocument::fromJson(in.body).object().value(u"csrf").toString().toLatin1();
    if (csrf.isEmpty()) {
        std::fprintf(stderr, "sign-in failed: %s\n", in.body.constData());
        return 1;
    }
    QByteArray villageList;
    run(u"psql"_qs, {database, u"-Atc"_qs, u"SELECT string_agg(code, ',') FROM areas WHERE level = 5 AND code LIKE '510321%'"_qs}, {},
        &villageList);
    const QStringList villages = QString::fromUtf8(villageList).trimmed().split(u',');
    std::printf("%d runs of a %d-row ledger (%d households) into county 510321, %lld villages\n", runs, rows, (rows + 3) / 4,
                qint64(villages.size()));
    QList<double> seconds;
    for (int r = 0; r < runs; ++r) {
        const QByteArray file = ledger(rows, r, villages);
        QElapsedTimer t;
        t.start();
        const Reply started = http(base + u"/console/api/import?area=510321&name=bench.csv"_qs,
                                   {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/octet-stream"}}, file);
        const qint64 id = QJsonDocument::fromJson(started.body).object().value(u"import").toObject().value(u"id").toInteger();
        if (started.status != 200 || id <= 0) {
            std::fprintf(stderr, "upload refused: %d %s\n", started.status, started.body.left(300).constData());
            return 1;
        }
        QJsonObject import;
        do {
            QThread::msleep(100);
            import = QJsonDocument::fromJson(http(base + u"/console/api/imports?id=%1"_qs.arg(id), {{"Cookie", cookie}}).body)
                         .object()
                         .value(u"import")
                         .toObject();
        } while (import.value(u"state").toString() == u"running");
        const double s = t.nsecsElapsed() / 1e9;
        if (import.value(u"state").toString() != u"done" || import.value(u"imported").toInt() != rows) {
            std::fprintf(stderr, "import did not finish whole: %s\n", QJsonDocument(import).toJson().constData());
            return 1;
        }
        seconds << s;
        std::printf("  run %d: %.1f s, %.0f rows/s, %.0f records/s\n", r + 1, s, rows / s, (rows + (rows + 3) / 4) / s);
    }
    const double median = percentile(seconds, 0.5);
    std::printf("import: %d rows in %.1f s (median of %d): %.0f rows/s, %.0f records/s (people and households)\n", rows, median,
                runs, rows / median, (rows + (rows + 3) / 4) / median);
    server.terminate();
    server.waitForFinished(30000);
    return 0;
}
