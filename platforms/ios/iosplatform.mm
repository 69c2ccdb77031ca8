// SPDX-License-Identifier: GPL-3.0-or-later
// iOS (Qt for iOS 6.4 with Xcode): the implementations of core/platform, chosen here. Qt
// Positioning (Core Location) serves location: iOS has no mock-location apps to refuse outside a
// debugger (iOS 15's CLLocationSourceInformation could feed the same flag later); background sync
// runs as a BGAppRefreshTask; permissions are asked by the system the first time Qt Positioning
// and Qt Multimedia start, with the texts of Info.plist.
#include "keychainbackend.h"

#include "platforms/common/layeredkeystore.h"
#include "platforms/common/qtconnectivity.h"

#include "core/platform/backgroundwork.h"
#include "core/platform/camera.h"
#include "core/platform/locationfeed.h"
#include "core/platform/permissions.h"

#import <BackgroundTasks/BackgroundTasks.h>
#import <AVFoundation/AVFoundation.h>
#import <CoreLocation/CoreLocation.h>

#include <QMediaDevices>
#include <QPromise>

namespace hearth::platform {
namespace {

constexpr auto kRefreshTask = @"org.hearth.field.sync"; // Info.plist BGTaskSchedulerPermittedIdentifiers

class RefreshTaskWork final : public BackgroundWork
{
public:
    RefreshTaskWork()
    {
        // Must be registered before the app finishes launching (main.cpp makes the services first).
        [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:kRefreshTask usingQueue:nil
                                                           launchHandler:^(BGTask *task) { run(task); }];
    }
    bool schedule(std::chrono::minutes period) override
    {
        m_period = period;
        return submit();
    }
    void cancel() override { [[BGTaskScheduler sharedScheduler] cancelTaskRequestWithIdentifier:kRefreshTask]; }

private:
    bool submit()
    {
        BGAppRefreshTaskRequest *request = [[BGAppRefreshTaskRequest alloc] initWithIdentifier:kRefreshTask];
        request.earliestBeginDate = [NSDate dateWithTimeIntervalSinceNow:double(m_period.count()) * 60.0];
        return [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:nil];
    }
    void run(BGTask *task)
    {
        submit(); // the next one
        static std::atomic<std::int64_t> runs{0};
        const std::int64_t run = ++runs;
        task.expirationHandler = ^{ cancelRound(run); };
        dispatch_async(dispatch_get_global_queue(QOS_CLASS_UTILITY, 0), ^{
            const RoundOutcome outcome = runRound(run);
            [task setTaskCompletedWithSuccess:outcome != RoundOutcome::Retry];
        });
    }
    std::chrono::minutes m_period{15};
};

class ApplePermissions final : public Permissions
{
public:
    bool granted(Permission permission) const override
    {
        switch (permission) {
        case Permission::Camera:
            return [AVCaptureDevice authorizationStatusForMediaType:AVMediaTypeVideo] == AVAuthorizationStatusAuthorized;
        case Permission::Location: {
            const CLAuthorizationStatus s = [[CLLocationManager alloc] init].authorizationStatus;
            return s == kCLAuthorizationStatusAuthorizedWhenInUse || s == kCLAuthorizationStatusAuthorizedAlways;
        }
        case Permission::Notifications:
            return true; // asked by the notification code itself
        }
        return false;
    }
    QFuture<bool> request(Permission permission) override
    {
        if (granted(permission) || permission != Permission::Camera)
            return QtFuture::makeReadyFuture(granted(permission)); // location: Qt Positioning asks on start
        auto promise = std::make_shared<QPromise<bool>>();
        promise->start();
        [AVCaptureDevice requestAccessForMediaType:AVMediaTypeVideo completionHandler:^(BOOL ok) {
            promise->addResult(ok);
            promise->finish();
        }];
        return promise->future();
    }
};

class AppleCamera final : public Camera
{
public:
    bool hasViewfinder() const override { return !QMediaDevices::videoInputs().isEmpty(); }
    bool hasSystemCamera() const override { return false; }
    QFuture<Result<QByteArray>> captureWithSystemCamera() override
    {
        return QtFuture::makeReadyFuture(Result<QByteArray>(Error(ErrorCode::InvalidArgument, QStringLiteral("cancelled"))));
    }
};

} // namespace

std::unique_ptr<SecureKeyStore> createSecureKeyStore()
{
    return std::make_unique<LayeredKeyStore>(
        std::make_unique<KeychainKeyWrap>(std::make_unique<AppleKeychainBackend>()));
}

std::unique_ptr<LocationFeed> createLocationFeed() { return nullptr; }
std::unique_ptr<BackgroundWork> createBackgroundWork() { return std::make_unique<RefreshTaskWork>(); }
std::unique_ptr<Connectivity> createConnectivity() { return std::make_unique<QtConnectivity>(); }
std::unique_ptr<Permissions> createPermissions() { return std::make_unique<ApplePermissions>(); }
std::unique_ptr<Camera> createCamera() { return std::make_unique<AppleCamera>(); }

} // namespace hearth::platform
