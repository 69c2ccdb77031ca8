// SPDX-License-Identifier: GPL-3.0-or-later
// iOS only (Xcode): the Keychain and the Secure Enclave behind platform::KeychainBackend. Thin on
// purpose: the sealing, the item format and every error path are in
// platforms/common/keychainkeywrap.cpp, tested on Linux against a fake of this file
// (tests/platform/fakekeychain.h).
#include "keychainbackend.h"

#import <Foundation/Foundation.h>
#import <Security/Security.h>

namespace hearth::platform {
namespace {

constexpr auto kService = @"org.hearth.field.db-key";

NSString *ns(const QString &s)
{
    return s.toNSString();
}

KeychainBackend::Status statusOf(OSStatus s)
{
    switch (s) {
    case errSecSuccess: return KeychainBackend::Status::Ok;
    case errSecItemNotFound: return KeychainBackend::Status::NotFound;
    case errSecInteractionNotAllowed: return KeychainBackend::Status::Locked; // before the first unlock
    default: return KeychainBackend::Status::Failed;
    }
}

NSDictionary *itemQuery(const QString &account)
{
    return @{(id)kSecClass: (id)kSecClassGenericPassword,
             (id)kSecAttrService: kService,
             (id)kSecAttrAccount: ns(account)};
}

NSData *tagData(const QString &tag)
{
    return [[@"org.hearth.field.enclave." stringByAppendingString:ns(tag)] dataUsingEncoding:NSUTF8StringEncoding];
}

// The enclave's private key for `tag`, made on first use: P-256, never exportable, usable only
// while the phone is unlocked, never leaving this phone.
SecKeyRef enclaveKey(const QString &tag, bool create, OSStatus *status)
{
    NSDictionary *query = @{(id)kSecClass: (id)kSecClassKey,
                            (id)kSecAttrApplicationTag: tagData(tag),
                            (id)kSecAttrKeyType: (id)kSecAttrKeyTypeECSECPrimeRandom,
                            (id)kSecReturnRef: @YES};
    CFTypeRef found = nullptr;
    *status = SecItemCopyMatching((__bridge CFDictionaryRef)query, &found);
    if (*status == errSecSuccess)
        return (SecKeyRef)found;
    if (*status != errSecItemNotFound || !create)
        return nullptr;
    SecAccessControlRef access = SecAccessControlCreateWithFlags(
        kCFAllocatorDefault, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, kSecAccessControlPrivateKeyUsage, nullptr);
    NSDictionary *attributes = @{(id)kSecAttrKeyType: (id)kSecAttrKeyTypeECSECPrimeRandom,
                                 (id)kSecAttrKeySizeInBits: @256,
                                 (id)kSecAttrTokenID: (id)kSecAttrTokenIDSecureEnclave,
                                 (id)kSecPrivateKeyAttrs: @{(id)kSecAttrIsPermanent: @YES,
                                                            (id)kSecAttrApplicationTag: tagData(tag),
                                                            (id)kSecAttrAccessControl: (__bridge id)access}};
    CFErrorRef error = nullptr;
    SecKeyRef key = SecKeyCreateRandomKey((__bridge CFDictionaryRef)attributes, &error);
    CFRelease(access);
    if (error)
        CFRelease(error);
    *status = key ? errSecSuccess : errSecParam;
    return key;
}

constexpr SecKeyAlgorithm kEcies = kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA256AESGCM;

} // namespace

KeychainBackend::Status AppleKeychainBackend::store(const QString &account, QByteArrayView bytes)
{
    SecItemDelete((__bridge CFDictionaryRef)itemQuery(account));
    NSMutableDictionary *item = [itemQuery(account) mutableCopy];
    item[(id)kSecValueData] = [NSData dataWithBytes:bytes.data() length:NSUInteger(bytes.size())];
    // Never in iCloud Keychain, never in a backup restored onto another phone.
    item[(id)kSecAttrAccessible] = (id)kSecAttrAccessibleWhenUnlockedThisDeviceOnly;
    item[(id)kSecAttrSynchronizable] = @NO;
    return statusOf(SecItemAdd((__bridge CFDictionaryRef)item, nullptr));
}

KeychainBackend::Status AppleKeychainBackend::load(const QString &account, QByteArray *bytes)
{
    NSMutableDictionary *query = [itemQuery(account) mutableCopy];
    query[(id)kSecReturnData] = @YES;
    query[(id)kSecMatchLimit] = (id)kSecMatchLimitOne;
    CFTypeRef data = nullptr;
    const OSStatus s = SecItemCopyMatching((__bridge CFDictionaryRef)query, &data);
    if (s == errSecSuccess && data) {
        NSData *d = (__bridge_transfer NSData *)data;
        *bytes = QByteArray(static_cast<const char *>(d.bytes), qsizetype(d.length));
    }
    return statusOf(s);
}

KeychainBackend::Status AppleKeychainBackend::remove(const QString &account)
{
    const OSStatus s = SecItemDelete((__bridge CFDictionaryRef)itemQuery(account));
    NSDictionary *key = @{(id)kSecClass: (id)kSecClassKey, (id)kSecAttrApplicationTag: tagData(account)};
    SecItemDelete((__bridge CFDictionaryRef)key);
    return statusOf(s);
}

QStringList AppleKeychainBackend::accounts()
{
    NSDictionary *query = @{(id)kSecClass: (id)kSecClassGenericPassword,
                            (id)kSecAttrService: kService,
                            (id)kSecReturnAttributes: @YES,
                            (id)kSecMatchLimit: (id)kSecMatchLimitAll};
    CFTypeRef found = nullptr;
    QStringList out;
    if (SecItemCopyMatching((__bridge CFDictionaryRef)query, &found) == errSecSuccess && found) {
        NSArray *items = (__bridge_transfer NSArray *)found;
        for (NSDictionary *item in items)
            out << QString::fromNSString(item[(id)kSecAttrAccount]);
    }
    return out;
}

bool AppleKeychainBackend::hasEnclave() const
{
#if TARGET_OS_SIMULATOR
    return false;
#else
    static const bool has = [] {
        OSStatus status = errSecSuccess;
        SecKeyRef probe = enclaveKey(QStringLiteral("probe"), true, &status);
        if (!probe)
            return false;
        CFRelease(probe);
        return true;
    }();
    return has;
#endif
}

KeychainBackend::Status AppleKeychainBackend::enclaveSeal(const QString &tag, const SecretBytes &plain, QByteArray *sealed)
{
    OSStatus status = errSecSuccess;
    SecKeyRef key = enclaveKey(tag, true, &status);
    if (!key)
        return statusOf(status);
    SecKeyRef publicKey = SecKeyCopyPublicKey(key);
    CFRelease(key);
    NSData *in = [NSData dataWithBytesNoCopy:const_cast<unsigned char *>(plain.data()) length:plain.size() freeWhenDone:NO];
    CFErrorRef error = nullptr;
    CFDataRef out = SecKeyCreateEncryptedData(publicKey, kEcies, (__bridge CFDataRef)in, &error);
    CFRelease(publicKey);
    if (!out) {
        if (error)
            CFRelease(error);
        return Status::Failed;
    }
    *sealed = QByteArray::fromNSData((__bridge NSData *)out);
    CFRelease(out);
    return Status::Ok;
}

KeychainBackend::Status AppleKeychainBackend::enclaveOpen(const QString &tag, QByteArrayView sealed, SecretBytes *plain)
{
    OSStatus status = errSecSuccess;
    SecKeyRef key = enclaveKey(tag, false, &status);
    if (!key)
        return statusOf(status);
    NSData *in = [NSData dataWithBytes:sealed.data() length:NSUInteger(sealed.size())];
    CFErrorRef error = nullptr;
    CFDataRef out = SecKeyCreateDecryptedData(key, kEcies, (__bridge CFDataRef)in, &error);
    CFRelease(key);
    if (!out) {
        const bool locked = error && CFErrorGetCode(error) == errSecInteractionNotAllowed;
        if (error)
            CFRelease(error);
        return locked ? Status::Locked : Status::Failed;
    }
    *plain = SecretBytes::copyOf(QByteArrayView(reinterpret_cast<const char *>(CFDataGetBytePtr(out)),
                                                qsizetype(CFDataGetLength(out))));
    // CFData cannot be wiped in place reliably; it is short-lived and released here.
    CFRelease(out);
    return Status::Ok;
}

} // namespace hearth::platform
