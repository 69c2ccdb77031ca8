// SPDX-License-Identifier: GPL-3.0-or-later
// Android only: runs when Qt's loader loads the app's library, on a thread whose class loader
// sees the app's classes, so FindClass here finds org.hearth.platform.* (a later native thread
// could not).
#include "jnisupport.h"

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *)
{
    void *env = nullptr;
    if (vm->GetEnv(&env, JNI_VERSION_1_6) != JNI_OK)
        return JNI_ERR;
    if (!hearth::android::initialise(vm, static_cast<JNIEnv *>(env)))
        return JNI_ERR; // a missing class: the APK was packaged without platforms/android/src
    return JNI_VERSION_1_6;
}
