// SPDX-License-Identifier: GPL-3.0-or-later
// The store's costs: unlock with a PIN (Argon2id), the same on a phone (the PIN wrap sealed by
// the device key store: here the iOS Keychain logic over an in-memory Keychain with an
// "enclave", so the figure is Hearth's own layer, not a phone's hardware), open with the key, one user save with
// synchronous=FULL, and one read/write workload on SQLCipher and on plain SQLite at equal
// cache size. Prints the median encrypted/plain ratio at the end (target: <= 1.3).
//   build/release/bench/bench_store --benchmark_repetitions=5
#include "core/crypto/kdf.h"
#include "core/domain/personrepository.h"
#include "core/storage/keyfile.h"
#include "core/storage/store.h"
#include "platform/fakekeychain.h"
#include "platforms/common/layeredkeystore.h"
#include "platforms/common/pinkeystore.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>
#include <map>
#include <random>

using namespace hearth;

namespace {

const SecretBytes &pin()
{
    static const SecretBytes p = SecretBytes::copyOf("258013");
    return p;
}

// One store with the shipping Argon2id cost, made once per run.
struct Fixture
{
    QTemporaryDir root;
    QString dir = root.filePath(QStringLiteral("store"));
    platform::PinKeyStore keys; // KdfParams::standard()
    SecretBytes key;
    Fixture()
    {
        auto created = storage::Store::create(dir, pin(), keys);
        if (!created) {
            std::fprintf(stderr, "%s\n", qPrintable(created.error().bilingual()));
            std::abort();
        }
        auto kf = storage::KeyFile::load(dir + QStringLiteral("/hearth.key"));
        key = std::move(keys.unwrap(kf->pinWrap, pin(), kf->context()).value());
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

void BM_OpenWithPin(benchmark::State &state)
{
    auto &f = fixture();
    for (auto _ : state) {
        auto store = storage::Store::open(f.dir, pin(), f.keys);
        if (!store)
            state.SkipWithError("open failed");
        benchmark::DoNotOptimize(store);
    }
}
BENCHMARK(BM_OpenWithPin)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();

// The phone's unlock: the same Argon2id cost under the device layer (seal opened, then the PIN
// tried, then the key file's older device keys pruned).
struct PhoneFixture
{
    QTemporaryDir root;
    QString dir = root.filePath(QStringLiteral("store"));
    std::shared_ptr<test::FakeKeychainState> keychain = [] {
        auto k = std::make_shared<test::FakeKeychainState>();
        k->enclave = true;
        return k;
    }();
    platform::LayeredKeyStore keys{std::make_unique<platform::KeychainKeyWrap>(
        std::make_unique<test::FakeKeychainBackend>(keychain))};
    PhoneFixture()
    {
        if (auto created = storage::Store::create(dir, pin(), keys); !created) {
            std::fprintf(stderr, "%s\n", qPrintable(created.error().bilingual()));
            std::abort();
        }
    }
};

void BM_OpenWithPinPhoneLayer(benchmark::State &state)
{
    static PhoneFixture f;
    for (auto _ : state) {
        auto store = storage::Store::open(f.dir, pin(), f.keys);
        if (!store)
            state.SkipWithError("open failed");
        benchmark::DoNotOptimize(store);
    }
}
BENCHMARK(BM_OpenWithPinPhoneLayer)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();

void BM_OpenWithKey(benchmark::State &state)
{
    auto &f = fixture();
    for (auto _ : state) {
        auto store = storage::Store::openWithKey(f.dir, f.key);
        if (!store)
            state.SkipWithError("open failed");
        benchmark::DoNotOptimize(store);
    }
}
BENCHMARK(BM_OpenWithKey)->Unit(benchmark::kMillisecond)->UseRealTime();

// One user save: a person row and its outbox entry in one durable transaction.
void BM_UserSave(benchmark::State &state)
{
    auto &f = fixture();
    auto store = storage::Store::openWithKey(f.dir, f.key);
    (void)(*store)->database().exec("INSERT OR IGNORE INTO areas(code, name, level) VALUES ('510321', '荣县', 3)");
    domain::PersonRepository people((*store)->database());
    for (auto _ : state) {
        auto id = people.add({.name = QStringLiteral("测试人员"), .gender = QStringLiteral("F"),
                              .phone = QStringLiteral("13800000000"), .areaCode = QStringLiteral("510321")});
        if (!id)
            state.SkipWithError("save failed");
    }
}
BENCHMARK(BM_UserSave)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same workload on an encrypted and a plain database: 20,000 people-like rows; each
// iteration does 200 point reads, one range scan and one durable write transaction of 10
// inserts and 10 updates. Both get a 64 MiB page cache, which holds the whole working set.
constexpr int kRows = 20000;

void setUpWorkload(storage::Database &db)
{
    (void)db.exec("PRAGMA cache_size = -65536");
    (void)db.exec("CREATE TABLE IF NOT EXISTS p(id INTEGER PRIMARY KEY, name TEXT, phone TEXT, area TEXT, notes TEXT)");
    (void)db.exec("CREATE INDEX IF NOT EXISTS p_area ON p(area)");
    if (db.queryInt("SELECT count(*) FROM p").value() >= kRows)
        return;
    auto tx = storage::Transaction::begin(db);
    auto ins = db.prepare("INSERT INTO p(name, phone, area, notes) VALUES (?, ?, ?, ?)");
    for (int i = 0; i < kRows; ++i) {
        ins->bind(1, QStringLiteral("姓名%1").arg(i)).bind(2, QStringLiteral("138%1").arg(i, 8, 10, QLatin1Char('0')));
        ins->bind(3, QStringLiteral("5103%1").arg(i % 100, 2, 10, QLatin1Char('0')));
        ins->bind(4, QString(120, QLatin1Char('x')));
        (void)ins->run();
    }
    (void)tx->commit();
}

void workload(benchmark::State &state, bool encrypted)
{
    QTemporaryDir root;
    const SecretBytes key = SecretBytes::random(32);
    auto db = storage::Database::open(root.filePath(QStringLiteral("w.db")), encrypted ? &key : nullptr,
                                      storage::Database::Mode::Create);
    setUpWorkload(*db);
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> pick(1, kRows);
    auto get = db->prepare("SELECT name, phone FROM p WHERE id = ?");
    auto scan = db->prepare("SELECT count(*), max(length(notes)) FROM p WHERE area = ?");
    auto ins = db->prepare("INSERT INTO p(name, phone, area, notes) VALUES ('新', '13900000000', '510300', 'n')");
    auto upd = db->prepare("UPDATE p SET notes = ? WHERE id = ?");
    for (auto _ : state) {
        for (int i = 0; i < 200; ++i) {
            get->bind(1, pick(rng));
            benchmark::DoNotOptimize(get->step().value());
            get->reset();
        }
        scan->bind(1, QStringLiteral("510342"));
        benchmark::DoNotOptimize(scan->step().value());
        scan->reset();
        auto tx = storage::Transaction::begin(*db);
        for (int i = 0; i < 10; ++i) {
            (void)ins->run();
            (void)upd->bind(1, QString(100, QLatin1Char('y'))).bind(2, pick(rng)).run();
        }
        (void)tx->commit();
    }
}
void BM_Workload_SQLCipher(benchmark::State &state) { workload(state, true); }
void BM_Workload_PlainSQLite(benchmark::State &state) { workload(state, false); }
BENCHMARK(BM_Workload_SQLCipher)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_Workload_PlainSQLite)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// Prints the usual table, then the encrypted/plain ratio of the medians (or of the means
// without repetitions).
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    RatioReporter() : ConsoleReporter(OO_Tabular) {}
    void ReportRuns(const std::vector<Run> &runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &r : runs) {
            const std::string name = r.run_name.function_name;
            const bool median = r.aggregate_name == "median";
            if (r.run_type == Run::RT_Iteration || median)
                m_times[name][median] = r.GetAdjustedRealTime();
        }
    }
    void Finalize() override
    {
        ConsoleReporter::Finalize();
        auto time = [&](const char *n) {
            auto &t = m_times[n];
            return t.count(true) ? t[true] : t[false];
        };
        const double enc = time("BM_Workload_SQLCipher"), plain = time("BM_Workload_PlainSQLite");
        if (enc > 0 && plain > 0)
            std::printf("\nSQLCipher / plain SQLite workload ratio: %.3f (target <= 1.3)\n", enc / plain);
    }

private:
    std::map<std::string, std::map<bool, double>> m_times;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter; // plain text, so the output can go straight into docs/benchmarks.md
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
