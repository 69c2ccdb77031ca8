// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One suite for every phone key store (Android Keystore through JNI, the iOS backend's fake):
// the layered wrap's round trip, wrong PIN, tampering, records moved between stores, a lost and
// an invalidated device key, a store made before the layer, and the recovery code opening a
// store whose device key is gone. Each check is a QtTest macro; call them from test slots.

#include "core/platform/devicekeywrap.h"

#include <functional>
#include <memory>

namespace hearth::test {

struct KeyWrapHooks
{
    std::function<std::unique_ptr<platform::DeviceKeyWrap>()> make;
    // Each takes an alias prefix: every key of the store whose aliases start with it.
    std::function<void(const QString &prefix)> forget;     // the key is gone
    std::function<void(const QString &prefix)> invalidate; // the key is there but refuses to work
    std::function<int(const QString &prefix)> count;       // keys held
};

void keyWrapRoundTrip(const KeyWrapHooks &hooks);
void keyWrapWrongPin(const KeyWrapHooks &hooks);
void keyWrapTampered(const KeyWrapHooks &hooks);
void keyWrapWrongContext(const KeyWrapHooks &hooks);
void keyWrapLostKey(const KeyWrapHooks &hooks);
void keyWrapInvalidatedKey(const KeyWrapHooks &hooks);
void keyWrapUnlayeredRecord(const KeyWrapHooks &hooks);
void keyWrapWeakInnerParameters(const KeyWrapHooks &hooks);
void keyWrapCrashBeforeTheKeyFileIsSaved(const KeyWrapHooks &hooks);
void keyWrapStoreRecovery(const KeyWrapHooks &hooks, const QString &dir);

} // namespace hearth::test
