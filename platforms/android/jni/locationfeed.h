// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/platform/locationfeed.h"

#include <jni.h>

namespace hearth::android {

// Fixes from LocationRelay.java. The Java object holds this feed's handle; the handle is looked
// up in a registry under a lock on every callback, so a fix already queued on Android's main
// looper when stop() runs is dropped instead of reaching a deleted feed.
class AndroidLocationFeed final : public platform::LocationFeed
{
public:
    // `context`: an android.content.Context (a global reference is taken).
    explicit AndroidLocationFeed(jobject context, qint64 intervalMs = 1000);
    ~AndroidLocationFeed() override;

    bool start(FixSink onFix, SatelliteSink onSatellites) override;
    void stop() override;

private:
    friend struct LocationFeedBridge;
    jobject m_context = nullptr;
    jobject m_relay = nullptr;
    qint64 m_intervalMs;
    FixSink m_onFix;
    SatelliteSink m_onSatellites;
};

// The native methods of LocationRelay (registered by initialise()).
struct LocationFeedBridge
{
    static void JNICALL onFix(JNIEnv *env, jclass, jlong handle, jdouble latitude, jdouble longitude,
                              jfloat accuracyM, jlong timeMs, jstring provider, jboolean mock);
    static void JNICALL onSatellites(JNIEnv *env, jclass, jlong handle, jintArray used, jintArray visible);
};

} // namespace hearth::android
