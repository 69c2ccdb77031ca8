// SPDX-License-Identifier: GPL-3.0-or-later
#include "jnisupport.h"

#include "backgroundjob.h"
#include "locationfeed.h"

#include <vector>

namespace hearth::android {
namespace {

Java g_java;

// Android's jni.h declares AttachCurrentThread(JNIEnv **, void *), the JDK's (void **, void *):
// take whichever pointer type this jni.h wants.
template <typename R, typename C, typename A, typename B>
A firstParameter(R (C::*)(A, B));
using AttachEnvPointer = decltype(firstParameter(&JavaVM::AttachCurrentThread));

jclass globalClass(JNIEnv *env, const char *name)
{
    jclass local = env->FindClass(name);
    if (!local) {
        env->ExceptionClear();
        return nullptr;
    }
    auto global = static_cast<jclass>(env->NewGlobalRef(local));
    env->DeleteLocalRef(local);
    return global;
}

template <typename Id>
bool found(JNIEnv *env, Id id)
{
    if (id)
        return true;
    env->ExceptionClear();
    return false;
}

// JNINativeMethod's fields are char * in the JDK's jni.h and const char * in Android's.
JNINativeMethod native(const char *name, const char *signature, void *function)
{
    return JNINativeMethod{const_cast<char *>(name), const_cast<char *>(signature), function};
}

} // namespace

const Java &java()
{
    return g_java;
}

bool initialise(JavaVM *vm, JNIEnv *env)
{
    shutdown(env);
    Java j;
    j.vm = vm;
    j.keystoreWrap = globalClass(env, "org/hearth/platform/KeystoreWrap");
    j.failure = globalClass(env, "org/hearth/platform/KeystoreWrap$Failure");
    j.locationRelay = globalClass(env, "org/hearth/platform/LocationRelay");
    j.syncJob = globalClass(env, "org/hearth/platform/SyncJobService");
    // Optional: the camera app path (absent from the desktop JVM's class path).
    j.captureProvider = globalClass(env, "org/hearth/platform/CaptureProvider");
    g_java = j; // so that shutdown() frees whatever was found, even on failure
    if (!j.keystoreWrap || !j.failure || !j.locationRelay || !j.syncJob)
        return false;
    j.failureCode = env->GetFieldID(j.failure, "code", "I");
    j.seal = env->GetStaticMethodID(j.keystoreWrap, "seal", "(Ljava/lang/String;[B[B)[B");
    j.open = env->GetStaticMethodID(j.keystoreWrap, "open", "(Ljava/lang/String;[B[B)[B");
    j.prune = env->GetStaticMethodID(j.keystoreWrap, "prune", "(Ljava/lang/String;Ljava/lang/String;)V");
    j.relayInit = env->GetMethodID(j.locationRelay, "<init>", "(Landroid/content/Context;J)V");
    j.relayStart = env->GetMethodID(j.locationRelay, "start", "(J)Z");
    j.relayStop = env->GetMethodID(j.locationRelay, "stop", "()V");
    j.schedule = env->GetStaticMethodID(j.syncJob, "schedule", "(Landroid/content/Context;J)Z");
    j.cancel = env->GetStaticMethodID(j.syncJob, "cancel", "(Landroid/content/Context;)V");
    if (j.captureProvider) {
        j.captureIntent = env->GetStaticMethodID(j.captureProvider, "captureIntent",
                                                 "(Landroid/content/Context;)Landroid/content/Intent;");
        j.takeCapture = env->GetStaticMethodID(j.captureProvider, "takeCapture", "(Landroid/content/Context;)[B");
        if (!found(env, j.captureIntent) || !found(env, j.takeCapture)) {
            env->DeleteGlobalRef(j.captureProvider);
            j.captureProvider = nullptr;
        }
    }
    g_java = j;
    if (!found(env, j.failureCode) || !found(env, j.seal) || !found(env, j.open) || !found(env, j.prune)
        || !found(env, j.relayInit) || !found(env, j.relayStart) || !found(env, j.relayStop)
        || !found(env, j.schedule) || !found(env, j.cancel))
        return false;

    const std::vector<JNINativeMethod> relay = {
        native("nativeFix", "(JDDFJLjava/lang/String;Z)V", reinterpret_cast<void *>(&LocationFeedBridge::onFix)),
        native("nativeSatellites", "(J[I[I)V", reinterpret_cast<void *>(&LocationFeedBridge::onSatellites)),
    };
    const std::vector<JNINativeMethod> job = {
        native("nativeRunRound", "(J)I", reinterpret_cast<void *>(&BackgroundJobBridge::runRound)),
        native("nativeCancelRound", "(J)V", reinterpret_cast<void *>(&BackgroundJobBridge::cancelRound)),
    };
    if (env->RegisterNatives(j.locationRelay, relay.data(), jint(relay.size())) != JNI_OK
        || env->RegisterNatives(j.syncJob, job.data(), jint(job.size())) != JNI_OK) {
        env->ExceptionClear();
        return false;
    }
    return true;
}

void shutdown(JNIEnv *env)
{
    for (jclass c : {g_java.keystoreWrap, g_java.failure, g_java.locationRelay, g_java.syncJob, g_java.captureProvider})
        if (c)
            env->DeleteGlobalRef(c);
    g_java = Java{};
}

ThreadEnv::ThreadEnv()
{
    JavaVM *vm = g_java.vm;
    if (!vm)
        return;
    void *env = nullptr;
    const jint state = vm->GetEnv(&env, JNI_VERSION_1_6);
    if (state == JNI_OK) {
        m_env = static_cast<JNIEnv *>(env);
    } else if (state == JNI_EDETACHED) {
        JNIEnv *attached = nullptr;
        if (vm->AttachCurrentThread(reinterpret_cast<AttachEnvPointer>(&attached), nullptr) == JNI_OK) {
            m_env = attached;
            m_attached = true;
        }
    }
}

ThreadEnv::~ThreadEnv()
{
    if (m_attached)
        g_java.vm->DetachCurrentThread();
}

jbyteArray newByteArray(JNIEnv *env, QByteArrayView bytes)
{
    jbyteArray array = env->NewByteArray(jsize(bytes.size()));
    if (array && !bytes.isEmpty())
        env->SetByteArrayRegion(array, 0, jsize(bytes.size()), reinterpret_cast<const jbyte *>(bytes.data()));
    return array;
}

QByteArray toByteArray(JNIEnv *env, jbyteArray array)
{
    if (!array)
        return {};
    QByteArray out(env->GetArrayLength(array), Qt::Uninitialized);
    env->GetByteArrayRegion(array, 0, jsize(out.size()), reinterpret_cast<jbyte *>(out.data()));
    return out;
}

SecretBytes takeSecret(JNIEnv *env, jbyteArray array)
{
    if (!array)
        return {};
    const jsize size = env->GetArrayLength(array);
    SecretBytes out(static_cast<std::size_t>(size));
    env->GetByteArrayRegion(array, 0, size, reinterpret_cast<jbyte *>(out.data()));
    const std::vector<jbyte> zeros(static_cast<std::size_t>(size), 0);
    env->SetByteArrayRegion(array, 0, size, zeros.data());
    return out;
}

jstring newString(JNIEnv *env, const QString &text)
{
    // JNI's "modified UTF-8" and UTF-16 agree on every character: use UTF-16.
    return env->NewString(reinterpret_cast<const jchar *>(text.utf16()), jsize(text.size()));
}

QString toQString(JNIEnv *env, jstring text)
{
    if (!text)
        return {};
    const jsize length = env->GetStringLength(text);
    QString out(length, Qt::Uninitialized);
    env->GetStringRegion(text, 0, length, reinterpret_cast<jchar *>(out.data()));
    return out;
}

std::optional<Error> takeException(JNIEnv *env, ErrorCode otherwise)
{
    if (!env->ExceptionCheck())
        return std::nullopt;
    jthrowable thrown = env->ExceptionOccurred();
    env->ExceptionClear();
    std::optional<Error> error;
    if (g_java.failure && env->IsInstanceOf(thrown, g_java.failure)) {
        switch (env->GetIntField(thrown, g_java.failureCode)) {
        case 1: error = Error(ErrorCode::DeviceKeyLost, QStringLiteral("Android Keystore key lost")); break;
        case 2: error = Error(ErrorCode::KeyFileDamaged, QStringLiteral("Android Keystore seal does not open")); break;
        default: error = Error(ErrorCode::Crypto, QStringLiteral("Android Keystore failed")); break;
        }
    } else {
        error = Error(otherwise, QStringLiteral("Java exception"));
    }
    env->DeleteLocalRef(thrown);
    return error;
}

} // namespace hearth::android
