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
    jstring jalias = newString(env.get(), alias);
    jbyteArray jbytes = newByteArray(env.get(), bytes);
    jbyteArray jaad = newByteArray(env.get(), aad);
    if (!jalias || !jbytes || !jaad) // out of memory: an exception is pending
        return takeException(env.get()).value_or(Error(ErrorCode::Crypto, QStringLiteral("JNI allocation")));
    jobject out = env->CallStaticObjectMethod(java().keystoreWrap, method, jalias, jbytes, jaad);
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

void KeystoreDeviceWrap::prune(const QString &prefix, const QString &keep)
{
    ThreadEnv env;
    if (!env)
        return;
    LocalFrame frame(env.get(), 4);
    if (!frame)
        return;
    jstring jprefix = newString(env.get(), prefix);
    jstring jkeep = newString(env.get(), keep);
    if (!jprefix || !jkeep) {
        takeException(env.get());
        return;
    }
    env->CallStaticVoidMethod(java().keystoreWrap, java().prune, jprefix, jkeep);
    takeException(env.get()); // best effort: an old key left behind costs nothing but space
}

} // namespace hearth::android
