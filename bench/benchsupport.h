// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the plain-program benchmarks share: percentiles, one report line, peak memory, and
// running hearthctl (with the benchmark PIN) as a child process.

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace hearth::bench {

inline const char *const kPin = "246813";

inline double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[std::min<qsizetype>(v.size() - 1, qsizetype(p * (v.size() - 1) + 0.5))];
}

inline void report(const char *what, const QList<double> &ms)
{
    std::printf("%-44s n=%-5lld p50 %8.3f ms   p95 %8.3f ms   max %8.3f ms\n", what, (long long)ms.size(),
                percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0));
    std::fflush(stdout);
}

inline long peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

// Resident memory now (not the peak), from /proc.
inline long currentRssMb()
{
    long pages = 0, resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

// CPU time spent so far, in ms: by this machine (every process of it, from /proc/stat: user,
// nice, system, irq and softirq; not idle, I/O wait or time stolen by the host) and by this
// process. Their difference over a phase is what the server and PostgreSQL spent (and anything
// else running then). Still a time: a neighbour on the host slows each instruction, so it
// varies too, if less than a rate that also waits on the disk (bench/pgcost counts
// instructions instead).
struct CpuClock
{
    double machineMs = 0;
    double selfMs = 0;

    static CpuClock now()
    {
        CpuClock c;
        unsigned long long v[7] = {};
        if (FILE *f = std::fopen("/proc/stat", "r")) {
            if (std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]) == 7)
                c.machineMs = double(v[0] + v[1] + v[2] + v[5] + v[6]) * 1000.0 / double(sysconf(_SC_CLK_TCK));
            std::fclose(f);
        }
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        c.selfMs = (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
        return c;
    }

    // What every other process spent since `start` (the servers and the database, here).
    double othersMsSince(const CpuClock &start) const { return (machineMs - start.machineMs) - (selfMs - start.selfMs); }
};

// The arguments that start `server` on `database` at a free port, its photo store in `dir`. A
// server from before the photo store (a before-figure's build) takes no --photos.
inline QStringList serverArgs(const QString &server, const QString &database, const QString &dir)
{
    QProcess help;
    help.start(server, {QStringLiteral("--help")});
    help.waitForFinished(10000);
    QStringList args{QStringLiteral("--database"), database, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    if (help.readAllStandardOutput().contains("--photos"))
        args << QStringLiteral("--photos") << dir + QStringLiteral("/photos");
    return args;
}

// A program run to its end with HEARTH_PASSWORD set; its exit code, its output in *out. A
// failure says why on stderr: a benchmark that stops must not stop silently.
inline int run(const QString &program, const QStringList &args, const QByteArray &password = {}, QByteArray *out = nullptr)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HEARTH_PASSWORD"), QString::fromUtf8(password));
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.closeWriteChannel();
    p.waitForFinished(-1);
    if (out)
        *out = p.readAllStandardOutput();
    if (p.exitCode() != 0)
        std::fprintf(stderr, "%s %s: exit %d: %s\n", qPrintable(program), qPrintable(args.mid(2, 4).join(u' ')), p.exitCode(),
                     p.readAllStandardError().constData());
    return p.exitCode();
}

inline int hearthctl(const QString &store, const QStringList &args, QByteArray *output = nullptr)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HEARTH_PIN"), QLatin1String(kPin));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // HEARTH_BENCH_HEARTHCTL: another build (an older one, beside an older server, to compare).
    p.start(qEnvironmentVariable("HEARTH_BENCH_HEARTHCTL", QStringLiteral(HEARTHCTL_PATH)), QStringList{QStringLiteral("--store"), store} + args);
    p.closeWriteChannel();
    p.waitForFinished(-1);
    if (output)
        *output = p.readAllStandardOutput();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace hearth::bench
