// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundjob.h"

#include "jnisupport.h"

namespace hearth::android {

JobSchedulerWork::JobSchedulerWork(jobject context)
{
    ThreadEnv env;
    if (env && context)
        m_context = env->NewGlobalRef(context);
}

JobSchedulerWork::~JobSchedulerWork()
{
    ThreadEnv env;
    if (env && m_context)
        env->DeleteGlobalRef(m_context);
}

bool JobSchedulerWork::schedule(std::chrono::minutes period)
{
    ThreadEnv env;
    if (!env || !m_context)
        return false;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(period).count();
    const bool scheduled = env->CallStaticBooleanMethod(java().syncJob, java().schedule, m_context, jlong(ms));
    return !takeException(env.get()) && scheduled;
}

void JobSchedulerWork::cancel()
{
    ThreadEnv env;
    if (!env || !m_context)
        return;
    env->CallStaticVoidMethod(java().syncJob, java().cancel, m_context);
    takeException(env.get());
}

jint JNICALL BackgroundJobBridge::runRound(JNIEnv *, jclass, jlong run)
{
    // SyncJobService's constants: DONE 0, RETRY 1, LOCKED 2.
    switch (platform::runRound(run)) {
    case platform::RoundOutcome::Done: return 0;
    case platform::RoundOutcome::Retry: return 1;
    case platform::RoundOutcome::Locked: return 2;
    }
    return 1;
}

void JNICALL BackgroundJobBridge::cancelRound(JNIEnv *, jclass, jlong run)
{
    platform::cancelRound(run);
}

} // namespace hearth::android
