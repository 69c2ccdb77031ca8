// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/platform/devicekeywrap.h"

namespace hearth::android {

// The Android Keystore seal (KeystoreWrap.java) behind the core's DeviceKeyWrap.
// Needs initialise() to have run; any thread may call it.
class KeystoreDeviceWrap final : public platform::DeviceKeyWrap
{
public:
    QString method() const override { return QStringLiteral("android-keystore"); }
    Result<QByteArray> seal(const QString &alias, const SecretBytes &plain, QByteArrayView aad) override;
    Result<SecretBytes> open(const QString &alias, QByteArrayView sealed, QByteArrayView aad) override;
    void prune(const QString &prefix, const QString &keep) override;
};

} // namespace hearth::android
