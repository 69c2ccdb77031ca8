// SPDX-License-Identifier: GPL-3.0-or-later
// Android: the implementations of core/platform, chosen here (Qt for Android only: this file
// needs QNativeInterface::QAndroidApplication and QtAndroidPrivate, which exist only in an
// Android build of Qt; everything it calls into is plain JNI, tested on Linux in a desktop JVM).
#include "platforms/android/jni/backgroundjob.h"
#include "platforms/android/jni/keystorewrap.h"
#include "platforms/android/jni/locationfeed.h"
#include "platforms/common/layeredkeystore.h"
#include "platforms/common/qtconnectivity.h"

#include "core/platform/permissions.h"

#include <QCoreApplication>
#include <QtCore/private/qandroidextras_p.h>

namespace hearth::platform {
namespace {

jobject appContext()
{
    return QNativeInterface::QAndroidApplication::context();
}

QString androidName(Permission permission)
{
    switch (permission) {
    case Permission::Location: return u"android.permission.ACCESS_FINE_LOCATION"_qs;
    case Permission::Camera: return u"android.permission.CAMERA"_qs;
    case Permission::Notifications: return u"android.permission.POST_NOTIFICATIONS"_qs;
    }
    return {};
}

// Runtime permissions through Qt 6.4's QtAndroidPrivate (QPermission arrives only in Qt 6.5):
// QFuture based, continued with .then(), never waited on.
class AndroidPermissions final : public Permissions
{
public:
    bool granted(Permission permission) const override
    {
        // checkPermission answers at once (ContextCompat.checkSelfPermission underneath).
        if (permission == Permission::Notifications && QNativeInterface::QAndroidApplication::sdkVersion() < 33)
            return true; // granted at install below Android 13
        return QtAndroidPrivate::checkPermission(androidName(permission)).result() == QtAndroidPrivate::Authorized;
    }

    QFuture<bool> request(Permission permission) override
    {
        if (granted(permission))
            return QtFuture::makeReadyFuture(true);
        QFuture<QtAndroidPrivate::PermissionResult> asked;
        if (permission == Permission::Location) // fine and coarse together (Android 12's dialog)
            asked = QtAndroidPrivate::requestPermission(QtAndroidPrivate::PreciseLocation);
        else
            asked = QtAndroidPrivate::requestPermission(androidName(permission));
        return asked.then([](QtAndroidPrivate::PermissionResult r) { return r == QtAndroidPrivate::Authorized; });
    }
};

} // namespace

std::unique_ptr<SecureKeyStore> createSecureKeyStore()
{
    return std::make_unique<LayeredKeyStore>(std::make_unique<android::KeystoreDeviceWrap>());
}

std::unique_ptr<LocationFeed> createLocationFeed()
{
    return std::make_unique<android::AndroidLocationFeed>(appContext());
}

std::unique_ptr<BackgroundWork> createBackgroundWork()
{
    return std::make_unique<android::JobSchedulerWork>(appContext());
}

std::unique_ptr<Connectivity> createConnectivity()
{
    return std::make_unique<QtConnectivity>(); // Qt's Android backend: ConnectivityManager
}

std::unique_ptr<Permissions> createPermissions()
{
    return std::make_unique<AndroidPermissions>();
}

} // namespace hearth::platform
