// SPDX-License-Identifier: GPL-3.0-or-later
// The Android shell's C++ and Java halves meeting in a desktop JVM (openjdk-17) started in this
// process with -Xcheck:jni: every JNI misuse the checker reports fails the test. The Java is the
// production code of platforms/android/src; android.* comes from small stand-ins and the
// Android Keystore from a JCA provider registered under its name (tests/platform/android).

#include "core/location/fix.h"
#include "keywrapsuite.h"
#include "platforms/android/jni/backgroundjob.h"
#include "platforms/android/jni/jnisupport.h"
#include "platforms/android/jni/keystorewrap.h"
#include "platforms/android/jni/locationfeed.h"
#include "platforms/common/layeredkeystore.h"
#include "support/testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdarg>
#include <mutex>
#include <thread>

using namespace hearth;
using namespace std::chrono_literals;

namespace {

JavaVM *g_vm = nullptr;
JNIEnv *g_env = nullptr;
std::mutex g_messagesMutex;
QStringList g_messages;

// Everything the JVM prints, -Xcheck:jni's warnings included.
jint JNICALL captureOutput(FILE *stream, const char *format, va_list args)
{
    char buffer[2048];
    va_list copy;
    va_copy(copy, args);
    const int n = vsnprintf(buffer, sizeof buffer, format, copy);
    va_end(copy);
    {
        std::lock_guard lock(g_messagesMutex);
        g_messages << QString::fromLocal8Bit(buffer);
    }
    fputs(buffer, stream);
    return n;
}

jclass driver()
{
    static jclass cls = [] {
        jclass local = g_env->FindClass("org/hearth/fake/Driver");
        auto global = static_cast<jclass>(g_env->NewGlobalRef(local));
        g_env->DeleteLocalRef(local);
        return global;
    }();
    return cls;
}

jmethodID driverMethod(const char *name, const char *signature)
{
    jmethodID id = g_env->GetStaticMethodID(driver(), name, signature);
    if (!id) {
        g_env->ExceptionDescribe();
        qFatal("Driver.%s%s missing", name, signature);
    }
    return id;
}

void checkNoException()
{
    if (g_env->ExceptionCheck()) {
        g_env->ExceptionDescribe();
        qFatal("unexpected Java exception");
    }
}

QString driverString(const char *name)
{
    auto s = static_cast<jstring>(g_env->CallStaticObjectMethod(driver(), driverMethod(name, "()Ljava/lang/String;")));
    checkNoException();
    const QString out = android::toQString(g_env, s);
    g_env->DeleteLocalRef(s);
    return out;
}

QString contextString(const char *name, jobject context)
{
    auto s = static_cast<jstring>(g_env->CallStaticObjectMethod(
        driver(), driverMethod(name, "(Landroid/content/Context;)Ljava/lang/String;"), context));
    checkNoException();
    const QString out = android::toQString(g_env, s);
    g_env->DeleteLocalRef(s);
    return out;
}

void callAlias(const char *name, const QString &alias)
{
    jstring s = android::newString(g_env, alias);
    g_env->CallStaticVoidMethod(driver(), driverMethod(name, "(Ljava/lang/String;)V"), s);
    checkNoException();
    g_env->DeleteLocalRef(s);
}

void setSdk(int level)
{
    g_env->CallStaticVoidMethod(driver(), driverMethod("setSdk", "(I)V"), jint(level));
    checkNoException();
}

void resetKeyStore(bool strongBox)
{
    g_env->CallStaticVoidMethod(driver(), driverMethod("resetKeyStore", "(Z)V"), jboolean(strongBox));
    checkNoException();
}

void emitFix(jobject context, double lat, double lon, float accuracy, qint64 timeMs, const char *provider, bool mock)
{
    jstring p = g_env->NewStringUTF(provider);
    g_env->CallStaticVoidMethod(driver(), driverMethod("emitFix", "(Landroid/content/Context;DDFJLjava/lang/String;Z)V"),
                                context, lat, lon, accuracy, jlong(timeMs), p, jboolean(mock));
    checkNoException();
    g_env->DeleteLocalRef(p);
}

int locationListeners(jobject context)
{
    const jint n = g_env->CallStaticIntMethod(driver(), driverMethod("locationListeners", "(Landroid/content/Context;)I"),
                                              context);
    checkNoException();
    return n;
}

int lastJobOutcome()
{
    const jint n = g_env->CallStaticIntMethod(driver(), driverMethod("lastJobOutcome", "()I"));
    checkNoException();
    return n;
}

int runJob(bool stopMidway)
{
    const jint n = g_env->CallStaticIntMethod(driver(), driverMethod("runJob", "(Z)I"), jboolean(stopMidway));
    checkNoException();
    return n;
}

// Fixes and satellites as the feed's sinks receive them (on the Java caller's thread).
struct Received
{
    std::mutex mutex;
    QList<location::Fix> fixes;
    QList<platform::SatelliteCounts> satellites;
    qsizetype fixCount()
    {
        std::lock_guard lock(mutex);
        return fixes.size();
    }
};

} // namespace

class TestAndroidJvm : public QObject
{
    Q_OBJECT

    test::KeyWrapHooks m_hooks;
    jobject m_context = nullptr;

    std::unique_ptr<android::AndroidLocationFeed> startedFeed(Received &into)
    {
        auto feed = std::make_unique<android::AndroidLocationFeed>(m_context);
        const bool started = feed->start(
            [&into](const location::Fix &f) {
                std::lock_guard lock(into.mutex);
                into.fixes << f;
            },
            [&into](const platform::SatelliteCounts &c) {
                std::lock_guard lock(into.mutex);
                into.satellites << c;
            });
        return started ? std::move(feed) : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray classPath = "-Djava.class.path=" HEARTH_JVM_CLASSPATH;
        JavaVMOption options[] = {
            {const_cast<char *>(classPath.constData()), nullptr},
            {const_cast<char *>("-Xcheck:jni"), nullptr},
            {const_cast<char *>("-Xrs"), nullptr},
            {const_cast<char *>("vfprintf"), reinterpret_cast<void *>(&captureOutput)},
        };
        JavaVMInitArgs args{JNI_VERSION_10, jint(std::size(options)), options, JNI_FALSE};
        QCOMPARE(JNI_CreateJavaVM(&g_vm, reinterpret_cast<void **>(&g_env), &args), JNI_OK);

        // JobScheduler may start the process without the app's library (after a reboot): the
        // job ends quietly instead of crashing on an unlinked native method.
        QCOMPARE(runJob(false), 0);
        QCOMPARE(lastJobOutcome(), 3); // NOT_LOADED
        // The library as the app's is linked (the glue's static archive): loading it must run
        // its JNI_OnLoad, which finds the classes and registers the native methods.
        jstring probe = g_env->NewStringUTF(HEARTH_JNI_PROBE);
        g_env->CallStaticVoidMethod(driver(), driverMethod("loadNative", "(Ljava/lang/String;)V"), probe);
        checkNoException();
        g_env->DeleteLocalRef(probe);
        QCOMPARE(runJob(false), 0);
        QCOMPARE(lastJobOutcome(), 2); // LOCKED: the library's own round registry is empty
        // From here on the natives point at this executable's copy of the glue.
        QVERIFY(android::initialise(g_vm, g_env));

        jobject local = g_env->CallStaticObjectMethod(driver(), driverMethod("newContext", "()Landroid/content/Context;"));
        checkNoException();
        m_context = g_env->NewGlobalRef(local);
        g_env->DeleteLocalRef(local);

        m_hooks.make = [] { return std::make_unique<android::KeystoreDeviceWrap>(); };
        m_hooks.forget = [](const QString &prefix) { callAlias("forgetKey", prefix); };
        m_hooks.invalidate = [](const QString &prefix) { callAlias("invalidateKey", prefix); };
        m_hooks.count = [](const QString &prefix) {
            jstring p = android::newString(g_env, prefix);
            const jint n = g_env->CallStaticIntMethod(driver(), driverMethod("keyCount", "(Ljava/lang/String;)I"), p);
            checkNoException();
            g_env->DeleteLocalRef(p);
            return int(n);
        };
    }

    void init()
    {
        setSdk(29);
        resetKeyStore(false);
    }

    // The shared suite, against the real KeystoreWrap.java through JNI.
    void keystoreRoundTrip() { test::keyWrapRoundTrip(m_hooks); }
    void keystoreWrongPin() { test::keyWrapWrongPin(m_hooks); }
    void keystoreTampered() { test::keyWrapTampered(m_hooks); }
    void keystoreWrongContext() { test::keyWrapWrongContext(m_hooks); }
    void keystoreLostKey() { test::keyWrapLostKey(m_hooks); }
    void keystoreInvalidatedKey() { test::keyWrapInvalidatedKey(m_hooks); }
    void keystoreUnlayeredRecord() { test::keyWrapUnlayeredRecord(m_hooks); }
    void keystoreWeakInnerParameters() { test::keyWrapWeakInnerParameters(m_hooks); }
    void keystoreCrashBeforeTheKeyFileIsSaved() { test::keyWrapCrashBeforeTheKeyFileIsSaved(m_hooks); }

    // Some phones fail getKey now and then ("Failed to obtain information about key"): the
    // store asks for the recovery code, but the key is not deleted, and works again later.
    void keystorePassingFailureDeletesNothing()
    {
        android::KeystoreDeviceWrap wrap;
        auto sealed = wrap.seal(u"hearth-db-x-1"_qs, SecretBytes::copyOf("inner"), "ctx");
        QVERIFY(sealed);
        jstring prefix = android::newString(g_env, u"hearth-db-x-"_qs);
        g_env->CallStaticVoidMethod(driver(), driverMethod("breakKeys", "(Ljava/lang/String;Z)V"), prefix, JNI_TRUE);
        checkNoException();
        HEARTH_VERIFY_ERROR(wrap.open(u"hearth-db-x-1"_qs, *sealed, "ctx"), ErrorCode::DeviceKeyLost);
        HEARTH_VERIFY_ERROR(wrap.seal(u"hearth-db-x-1"_qs, SecretBytes::copyOf("other"), "ctx"), ErrorCode::DeviceKeyLost);
        QCOMPARE(m_hooks.count(u"hearth-db-x-"_qs), 1);
        g_env->CallStaticVoidMethod(driver(), driverMethod("breakKeys", "(Ljava/lang/String;Z)V"), prefix, JNI_FALSE);
        checkNoException();
        g_env->DeleteLocalRef(prefix);
        auto opened = wrap.open(u"hearth-db-x-1"_qs, *sealed, "ctx");
        QVERIFY(opened);
        QCOMPARE(opened->view(), QByteArrayView("inner"));
    }
    void keystoreStoreRecovery()
    {
        QTemporaryDir dir;
        test::keyWrapStoreRecovery(m_hooks, dir.filePath(u"store"_qs));
    }

    // What the Keystore is asked for: AES-256-GCM, both purposes, Keystore-chosen IVs, StrongBox
    // where the phone has it (and the TEE where not), usable only while the phone is unlocked.
    void keystoreKeySpec_data()
    {
        QTest::addColumn<int>("sdk");
        QTest::addColumn<bool>("strongBox");
        QTest::addColumn<QString>("expected");
        const QString base = u"purposes=3 modes=GCM paddings=NoPadding size=256 randomized=true "_qs;
        QTest::newRow("StrongBox") << 29 << true << base + u"strongBox=true unlockedDeviceRequired=true"_qs;
        QTest::newRow("TEE only") << 29 << false << base + u"strongBox=false unlockedDeviceRequired=true"_qs;
        QTest::newRow("API 34, TEE only") << 34 << false << base + u"strongBox=false unlockedDeviceRequired=true"_qs;
    }
    void keystoreKeySpec()
    {
        QFETCH(int, sdk);
        QFETCH(bool, strongBox);
        QFETCH(QString, expected);
        setSdk(sdk);
        resetKeyStore(strongBox);
        android::KeystoreDeviceWrap wrap;
        auto sealed = wrap.seal(u"hearth-db-spec"_qs, SecretBytes::copyOf("inner"), "ctx");
        QVERIFY(sealed);
        QCOMPARE(driverString("lastKeySpec"), expected);
        QCOMPARE(sealed->size(), 12 + 5 + 16); // IV, ciphertext, tag
    }

    // A thread the JVM has never seen (a QtConcurrent worker, say) seals and opens: it is
    // attached for the call and detached after, and finds the classes through the cache.
    void keystoreFromAnotherThread()
    {
        QByteArray sealed;
        QString error;
        std::thread worker([&] {
            android::KeystoreDeviceWrap wrap;
            auto s = wrap.seal(u"hearth-db-thread"_qs, SecretBytes::copyOf("from a worker"), "ctx");
            if (!s) {
                error = s.error().english();
                return;
            }
            sealed = *s;
            auto o = wrap.open(u"hearth-db-thread"_qs, sealed, "ctx");
            if (!o || o->view() != QByteArrayView("from a worker"))
                error = u"open failed"_qs;
        });
        worker.join();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        android::KeystoreDeviceWrap wrap;
        auto opened = wrap.open(u"hearth-db-thread"_qs, sealed, "ctx");
        QVERIFY(opened);
        QCOMPARE(opened->view(), QByteArrayView("from a worker"));
        HEARTH_VERIFY_ERROR(wrap.open(u"hearth-db-thread"_qs, sealed.left(20), "ctx"), ErrorCode::KeyFileDamaged);
    }

    // A fix from a mock-location app arrives flagged, on every API level, and the fix policy
    // refuses it with its reason; a true fix next to it is accepted.
    void mockFixRefused_data()
    {
        QTest::addColumn<int>("sdk");
        QTest::newRow("API 29: isFromMockProvider") << 29;
        QTest::newRow("API 31: isMock") << 31;
    }
    void mockFixRefused()
    {
        QFETCH(int, sdk);
        setSdk(sdk);
        Received received;
        auto feed = startedFeed(received);
        QVERIFY(feed);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        emitFix(m_context, 30.6586, 104.0647, 12.5f, now, "gps", true);
        QCOMPARE(received.fixCount(), 1);
        const location::Fix mock = received.fixes.at(0);
        QVERIFY(mock.mock);
        QCOMPARE(mock.source, u"gps"_qs);
        QCOMPARE(mock.accuracyM, 12.5);
        QCOMPARE(mock.timeMs, now);
        QCOMPARE(mock.latitude, 30.6586);
        const location::Location refused = location::chooseFix({mock}, {}, now + 1000);
        QVERIFY(!refused.fix);
        QCOMPARE(refused.reasonCode, u"mock"_qs);
        QVERIFY(refused.reasonChinese().contains(u"模拟"));

        emitFix(m_context, 30.6587, 104.0648, 8.0f, now + 500, "gps", false);
        QCOMPARE(received.fixCount(), 2);
        const location::Location chosen = location::chooseFix(received.fixes, {}, now + 1000);
        QVERIFY(chosen.fix);
        QVERIFY(!chosen.fix->mock);

        emitFix(m_context, 30.6, 104.0, -1.0f, now + 600, "network", false); // no accuracy reported
        QCOMPARE(received.fixes.last().accuracyM, -1.0);
        QCOMPARE(location::chooseFix({received.fixes.last()}, {}, now + 1000).reasonCode, u"accuracy_unknown"_qs);
    }

    void satellitesBySystem()
    {
        Received received;
        auto feed = startedFeed(received);
        QVERIFY(feed);
        const jint types[] = {5, 5, 5, 1, 1, 3, 6, 42};
        const jboolean used[] = {1, 1, 0, 1, 0, 0, 1, 1};
        jintArray t = g_env->NewIntArray(8);
        g_env->SetIntArrayRegion(t, 0, 8, types);
        jbooleanArray u = g_env->NewBooleanArray(8);
        g_env->SetBooleanArrayRegion(u, 0, 8, used);
        g_env->CallStaticVoidMethod(driver(), driverMethod("emitSatellites", "(Landroid/content/Context;[I[Z)V"),
                                    m_context, t, u);
        checkNoException();
        g_env->DeleteLocalRef(t);
        g_env->DeleteLocalRef(u);
        QCOMPARE(received.satellites.size(), 1);
        const auto &c = received.satellites.at(0);
        QCOMPARE(c.visible[platform::SatelliteCounts::BeiDou], 3);
        QCOMPARE(c.used[platform::SatelliteCounts::BeiDou], 2);
        QCOMPARE(c.used[platform::SatelliteCounts::Gps], 1);
        QCOMPARE(c.visible[platform::SatelliteCounts::Glonass], 1);
        QCOMPARE(c.used[platform::SatelliteCounts::Galileo], 1);
        QCOMPARE(c.visible[platform::SatelliteCounts::Unknown], 1); // type 42, unknown to API 29
    }

    // After stop() nothing reaches the feed, and the listeners are gone from LocationManager;
    // a fix already on its way is dropped, not delivered to a deleted feed.
    void stopEndsDelivery()
    {
        Received received;
        auto feed = startedFeed(received);
        QVERIFY(feed);
        QCOMPARE(locationListeners(m_context), 2); // the listener and the GNSS status callback
        feed->stop();
        QCOMPARE(locationListeners(m_context), 0);
        emitFix(m_context, 30.0, 104.0, 5.0f, 1, "gps", false);
        QCOMPARE(received.fixCount(), 0);
        feed.reset();
        QCOMPARE(locationListeners(m_context), 0);
    }

    void fixesFromAnotherThread()
    {
        Received received;
        auto feed = startedFeed(received);
        QVERIFY(feed);
        g_env->CallStaticVoidMethod(driver(), driverMethod("emitFixesFromThread", "(Landroid/content/Context;I)V"),
                                    m_context, jint(300));
        checkNoException();
        QCOMPARE(received.fixCount(), 300);
    }

    // No location permission: start() says so (the app shows the reason), and nothing is left
    // registered.
    void permissionRefused()
    {
        g_env->CallStaticVoidMethod(driver(), driverMethod("setLocationPermission", "(Landroid/content/Context;Z)V"),
                                    m_context, JNI_FALSE);
        checkNoException();
        Received received;
        QVERIFY(!startedFeed(received));
        QCOMPARE(locationListeners(m_context), 0);
        g_env->CallStaticVoidMethod(driver(), driverMethod("setLocationPermission", "(Landroid/content/Context;Z)V"),
                                    m_context, JNI_TRUE);
        checkNoException();
        QVERIFY(startedFeed(received));
    }

    // Android 12's "approximate" grant: GPS refuses, the network provider still delivers.
    void approximateLocationOnly()
    {
        g_env->CallStaticVoidMethod(driver(), driverMethod("setCoarseOnly", "(Landroid/content/Context;Z)V"),
                                    m_context, JNI_TRUE);
        checkNoException();
        Received received;
        auto feed = startedFeed(received);
        QVERIFY(feed);
        QCOMPARE(locationListeners(m_context), 1); // the network listener, no GNSS status
        emitFix(m_context, 30.6, 104.0, 900.0f, QDateTime::currentMSecsSinceEpoch(), "network", false);
        QCOMPARE(received.fixCount(), 1);
        QCOMPARE(location::chooseFix(received.fixes, {}, received.fixes.at(0).timeMs + 1).reasonCode, u"inaccurate"_qs);
        feed.reset();
        g_env->CallStaticVoidMethod(driver(), driverMethod("setCoarseOnly", "(Landroid/content/Context;Z)V"),
                                    m_context, JNI_FALSE);
        checkNoException();
    }

    // JobScheduler runs SyncJobService, whose worker thread runs the app's round through JNI.
    void backgroundRound()
    {
        std::atomic_int rounds = 0;
        std::thread::id roundThread;
        platform::registerRound([&](const std::atomic_bool &) {
            ++rounds;
            roundThread = std::this_thread::get_id();
            return platform::RoundOutcome::Retry;
        });
        QCOMPARE(runJob(false), 1); // Retry: JobScheduler is asked to reschedule
        QCOMPARE(rounds.load(), 1);
        QVERIFY(roundThread != std::this_thread::get_id());

        platform::registerRound([&](const std::atomic_bool &) {
            ++rounds;
            return platform::RoundOutcome::Done;
        });
        QCOMPARE(runJob(false), 0);
        QCOMPARE(rounds.load(), 2);

        platform::registerRound({}); // the app is not running, or locked
        QCOMPARE(runJob(false), 0);
        QCOMPARE(rounds.load(), 2);
    }

    // The system takes the time back (onStopJob): the round sees the cancel and ends.
    void backgroundRoundStopped()
    {
        std::atomic_bool sawCancel = false;
        platform::registerRound([&](const std::atomic_bool &cancelled) {
            const auto deadline = std::chrono::steady_clock::now() + 5s;
            while (!cancelled && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(5ms);
            sawCancel = cancelled.load();
            return platform::RoundOutcome::Retry;
        });
        QCOMPARE(runJob(true), 1);
        QVERIFY(sawCancel);
        platform::registerRound({});
    }

    void backgroundSchedule()
    {
        android::JobSchedulerWork work(m_context);
        QVERIFY(work.schedule(std::chrono::minutes(15)));
        QCOMPARE(contextString("scheduledJob", m_context),
                 u"service=org.hearth.platform.SyncJobService network=1 batteryNotLow=true periodMs=900000 persisted=true"_qs);
        const auto timesScheduled = [this] {
            const jint n = g_env->CallStaticIntMethod(
                driver(), driverMethod("timesScheduled", "(Landroid/content/Context;)I"), m_context);
            checkNoException();
            return int(n);
        };
        const int before = timesScheduled();
        // Every launch asks again: the same job is left as it is (its period is not restarted).
        QVERIFY(work.schedule(std::chrono::minutes(15)));
        QVERIFY(work.schedule(std::chrono::minutes(1))); // below the minimum: the minimum, the same job
        QCOMPARE(timesScheduled(), before);
        QVERIFY(contextString("scheduledJob", m_context).contains(u"periodMs=900000"));
        QVERIFY(work.schedule(std::chrono::minutes(60)));
        QCOMPARE(timesScheduled(), before + 1);
        QVERIFY(contextString("scheduledJob", m_context).contains(u"periodMs=3600000"));
        work.cancel();
        QCOMPARE(contextString("scheduledJob", m_context), QString());
    }

    void cleanupTestCase()
    {
        if (m_context)
            g_env->DeleteGlobalRef(m_context);
        android::shutdown(g_env);
        std::lock_guard lock(g_messagesMutex);
        const QString all = g_messages.join(QString());
        QVERIFY2(!all.contains(u"WARNING", Qt::CaseInsensitive) && !all.contains(u"FATAL"),
                 qPrintable(u"-Xcheck:jni reported: "_qs + all));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestAndroidJvm test;
    // The JVM handles SIGSEGV itself (null checks, safepoints): QtTest's crash handler must not.
    QStringList args = app.arguments();
    args.insert(1, u"-nocrashhandler"_qs);
    return QTest::qExec(&test, args);
}

#include "tst_android_jvm.moc"
