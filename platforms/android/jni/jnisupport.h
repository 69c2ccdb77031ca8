// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Plain JNI (no Qt), so the same sources build in the NDK against Android's jni.h and on Linux
// against the JDK's, where tests/platform/tst_android_jvm runs them in a desktop JVM with
// -Xcheck:jni. Everything that needs Qt for Android lives in platforms/android/qt/.

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <jni.h>

#include <QByteArray>
#include <QString>

namespace hearth::android {

// The Java half's classes and methods, looked up once on a thread that sees the app's class
// loader (JNI_OnLoad on a phone, the test's main thread on a desktop) and kept as global
// references: a thread the app starts later would see only the system class loader.
struct Java
{
    JavaVM *vm = nullptr;
    jclass keystoreWrap = nullptr;
    jclass failure = nullptr;
    jfieldID failureCode = nullptr;
    jmethodID seal = nullptr;
    jmethodID open = nullptr;
    jmethodID prune = nullptr;
    jclass locationRelay = nullptr;
    jmethodID relayInit = nullptr;
    jmethodID relayStart = nullptr;
    jmethodID relayStop = nullptr;
    jclass syncJob = nullptr;
    jmethodID schedule = nullptr;
    jmethodID cancel = nullptr;
    jclass captureProvider = nullptr;
    jmethodID captureIntent = nullptr;
    jmethodID takeCapture = nullptr;
};

// Finds the classes and registers the native methods of LocationRelay and SyncJobService.
// False, with the pending exception cleared, when something is missing.
bool initialise(JavaVM *vm, JNIEnv *env);
// Drops the global references (tests that start over; an app never needs it).
void shutdown(JNIEnv *env);
const Java &java();

// The calling thread's JNIEnv; a thread that was not attached is attached for the scope.
class ThreadEnv
{
public:
    ThreadEnv();
    ~ThreadEnv();
    ThreadEnv(const ThreadEnv &) = delete;
    ThreadEnv &operator=(const ThreadEnv &) = delete;
    JNIEnv *operator->() const { return m_env; }
    JNIEnv *get() const { return m_env; }
    explicit operator bool() const { return m_env != nullptr; }

private:
    JNIEnv *m_env = nullptr;
    bool m_attached = false;
};

// A local reference frame for one call into Java: every local reference made in it is freed.
class LocalFrame
{
public:
    LocalFrame(JNIEnv *env, jint capacity) : m_env(env), m_ok(env->PushLocalFrame(capacity) == 0) {}
    ~LocalFrame()
    {
        if (m_ok)
            m_env->PopLocalFrame(nullptr);
    }
    LocalFrame(const LocalFrame &) = delete;
    LocalFrame &operator=(const LocalFrame &) = delete;
    explicit operator bool() const { return m_ok; }

private:
    JNIEnv *m_env;
    bool m_ok;
};

jbyteArray newByteArray(JNIEnv *env, QByteArrayView bytes);
QByteArray toByteArray(JNIEnv *env, jbyteArray array);
// Copies a Java array into locked memory and overwrites the Java array with zeros.
SecretBytes takeSecret(JNIEnv *env, jbyteArray array);
jstring newString(JNIEnv *env, const QString &text);
QString toQString(JNIEnv *env, jstring text);

// The pending Java exception as an error (and cleared), or none. KeystoreWrap.Failure codes map
// to DeviceKeyLost / KeyFileDamaged / Crypto; any other exception to `otherwise`. The detail
// never carries an exception's message, which could hold data.
std::optional<Error> takeException(JNIEnv *env, ErrorCode otherwise = ErrorCode::Crypto);

} // namespace hearth::android
