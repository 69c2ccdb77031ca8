// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/platform/backgroundwork.h"

#include <jni.h>

namespace hearth::android {

// SyncJobService scheduled through JobScheduler; the job runs platform::runRound().
class JobSchedulerWork final : public platform::BackgroundWork
{
public:
    explicit JobSchedulerWork(jobject context);
    ~JobSchedulerWork() override;
    bool schedule(std::chrono::minutes period) override;
    void cancel() override;

private:
    jobject m_context = nullptr;
};

// The native methods of SyncJobService (registered by initialise()).
struct BackgroundJobBridge
{
    static jint JNICALL runRound(JNIEnv *env, jclass, jlong run);
    static void JNICALL cancelRound(JNIEnv *env, jclass, jlong run);
};

} // namespace hearth::android
