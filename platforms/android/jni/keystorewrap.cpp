// SPDX-License-Identifier: GPL-3.0-or-later
#include "keystorewrap.h"

#include "jnisupport.h"

namespace hearth::android {
namespace {

Error noJvm()
{
    return Error(ErrorCode::Crypto, QStringLiteral("no Java VM for the Android Keystore"));
}

} // namespace

Result<QByteArray> KeystoreDeviceWrap::seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad)
{
    ThreadEnv env;
    if (!env)
        return noJvm();
    LocalFrame frame(env.get(), 8);
    if (!frame)
        return Error(ErrorCode::Crypto, QStringLiteral("JNI frame"));
    // KeystoreWrap.seal zeroes its copy of the plaintext when done.
    jobject sealed = env->CallStaticObjectMethod(java().keystoreWrap, java().seal, newString(env.get(), alias),
                                                 newByteArray(env.get(), plain.view()), newByteArray(env.get(), aad));
    if (auto error = takeException(env.get()))
        return *error;
    return toByteArray(env.get(), static_cast<jbyteArray>(sealed));
}

Result<SecretBytes> KeystoreDeviceWrap::open(const QString &alias, QByteArrayView sealed, QByteArrayView aad)
{
    ThreadEnv env;
    if (!env)
        return noJvm();
    LocalFrame frame(env.get(), 8);
    if (!frame)
        return Error(ErrorCode::Crypto, QStringLiteral("JNI frame"));
    jobject plain = env->CallStaticObjectMethod(java().keystoreWrap, java().open, newString(env.get(), alias),
                                                newByteArray(env.get(), sealed), newByteArray(env.get(), aad));
    if (auto error = takeException(env.get()))
        return *error;
    return takeSecret(env.get(), static_cast<jbyteArray>(plain));
}

Result<void> KeystoreDeviceWrap::forget(const QString &alias)
{
    ThreadEnv env;
    if (!env)
        return noJvm();
    LocalFrame frame(env.get(), 4);
    env->CallStaticVoidMethod(java().keystoreWrap, java().forget, newString(env.get(), alias));
    if (auto error = takeException(env.get()))
        return *error;
    return {};
}

} // namespace hearth::android
