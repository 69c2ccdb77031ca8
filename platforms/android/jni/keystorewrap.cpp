// SPDX-License-Identifier: GPL-3.0-or-later
#include "keystorewrap.h"

#include "jnisupport.h"

namespace hearth::android {
namespace {

Error noJvm()
{
    return Error(ErrorCode::Crypto, QStringLiteral("no Java VM for the Android Keystore"));
}

// Calls KeystoreWrap.seal or .open(alias, bytes, aad) and converts what it returns.
template <typename Convert>
auto callWrap(jmethodID method, const QString &alias, QByteArrayView bytes, QByteArrayView aad, Convert convert)
    -> Result<decltype(convert(static_cast<JNIEnv *>(nullptr), jbyteArray()))>
{
    ThreadEnv env;
    if (!env)
        return noJvm();
    LocalFrame frame(env.get(), 8);
    if (!frame)
        return Error(ErrorCode::Crypto, QStringLiteral("JNI frame"));
    jobject out = env->CallStaticObjectMethod(java().keystoreWrap, method, newString(env.get(), alias),
                                              newByteArray(env.get(), bytes), newByteArray(env.get(), aad));
    if (auto error = takeException(env.get()))
        return *error;
    return convert(env.get(), static_cast<jbyteArray>(out));
}

} // namespace

Result<QByteArray> KeystoreDeviceWrap::seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad)
{
    // KeystoreWrap.seal zeroes its copy of the plaintext when done.
    return callWrap(java().seal, alias, plain.view(), aad, toByteArray);
}

Result<SecretBytes> KeystoreDeviceWrap::open(const QString &alias, QByteArrayView sealed, QByteArrayView aad)
{
    return callWrap(java().open, alias, sealed, aad, takeSecret);
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
