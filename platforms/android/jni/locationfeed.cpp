// SPDX-License-Identifier: GPL-3.0-or-later
#include "locationfeed.h"

#include "jnisupport.h"

#include <mutex>
#include <set>

namespace hearth::android {
namespace {

// Feeds that may receive callbacks. Held while a callback runs, so stop() waits for it.
std::mutex g_mutex;
std::set<const AndroidLocationFeed *> g_live;

jlong handleOf(const AndroidLocationFeed *feed)
{
    return jlong(reinterpret_cast<std::intptr_t>(feed));
}

} // namespace

AndroidLocationFeed::AndroidLocationFeed(jobject context, qint64 intervalMs) : m_intervalMs(intervalMs)
{
    ThreadEnv env;
    if (env && context)
        m_context = env->NewGlobalRef(context);
}

AndroidLocationFeed::~AndroidLocationFeed()
{
    stop();
    ThreadEnv env;
    if (env && m_context)
        env->DeleteGlobalRef(m_context);
}

bool AndroidLocationFeed::start(FixSink onFix, SatelliteSink onSatellites)
{
    stop();
    ThreadEnv env;
    if (!env || !m_context)
        return false;
    LocalFrame frame(env.get(), 4);
    jobject relay = env->NewObject(java().locationRelay, java().relayInit, m_context, handleOf(this));
    if (takeException(env.get()) || !relay)
        return false;
    {
        std::lock_guard lock(g_mutex);
        m_onFix = std::move(onFix);
        m_onSatellites = std::move(onSatellites);
        g_live.insert(this);
    }
    m_relay = env->NewGlobalRef(relay);
    const bool started = env->CallBooleanMethod(m_relay, java().relayStart, jlong(m_intervalMs));
    if (takeException(env.get()) || !started) {
        stop();
        return false;
    }
    return true;
}

void AndroidLocationFeed::stop()
{
    {
        std::lock_guard lock(g_mutex);
        g_live.erase(this);
        m_onFix = nullptr;
        m_onSatellites = nullptr;
    }
    if (!m_relay)
        return;
    ThreadEnv env;
    if (!env)
        return;
    env->CallVoidMethod(m_relay, java().relayStop);
    takeException(env.get());
    env->DeleteGlobalRef(m_relay);
    m_relay = nullptr;
}

void JNICALL LocationFeedBridge::onFix(JNIEnv *env, jclass, jlong handle, jdouble latitude, jdouble longitude,
                                       jfloat accuracyM, jlong timeMs, jstring provider, jboolean mock)
{
    location::Fix fix;
    fix.latitude = latitude;
    fix.longitude = longitude;
    fix.accuracyM = accuracyM < 0 ? -1.0 : double(accuracyM);
    fix.timeMs = timeMs;
    fix.source = toQString(env, provider);
    fix.mock = mock == JNI_TRUE;
    std::lock_guard lock(g_mutex);
    auto *feed = reinterpret_cast<const AndroidLocationFeed *>(std::intptr_t(handle));
    if (g_live.count(feed) && feed->m_onFix)
        feed->m_onFix(fix);
}

void JNICALL LocationFeedBridge::onSatellites(JNIEnv *env, jclass, jlong handle, jintArray used, jintArray visible)
{
    platform::SatelliteCounts counts;
    const jsize n = std::min<jsize>(platform::SatelliteCounts::Systems,
                                    std::min(env->GetArrayLength(used), env->GetArrayLength(visible)));
    env->GetIntArrayRegion(used, 0, n, reinterpret_cast<jint *>(counts.used.data()));
    env->GetIntArrayRegion(visible, 0, n, reinterpret_cast<jint *>(counts.visible.data()));
    std::lock_guard lock(g_mutex);
    auto *feed = reinterpret_cast<const AndroidLocationFeed *>(std::intptr_t(handle));
    if (g_live.count(feed) && feed->m_onSatellites)
        feed->m_onSatellites(counts);
}

} // namespace hearth::android
