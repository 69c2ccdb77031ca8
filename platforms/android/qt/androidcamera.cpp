// SPDX-License-Identifier: GPL-3.0-or-later
// Android (Qt for Android only): the in-app viewfinder through Qt Multimedia (Camera2 under it);
// the phone's camera app through ACTION_IMAGE_CAPTURE and CaptureProvider where no camera opens
// in the app.
#include "platforms/android/jni/jnisupport.h"

#include "core/platform/camera.h"

#include <QCameraDevice>
#include <QJniObject>
#include <QMediaDevices>
#include <QPromise>
#include <QtCore/private/qandroidextras_p.h>

namespace hearth::platform {
namespace {

constexpr int kCaptureRequest = 0x4863;
constexpr int kResultOk = -1; // Activity.RESULT_OK

class AndroidCamera final : public Camera
{
public:
    bool hasViewfinder() const override
    {
        static const bool has = !QMediaDevices::videoInputs().isEmpty(); // scanned once
        return has;
    }
    bool hasSystemCamera() const override { return android::java().captureProvider != nullptr; }

    QFuture<Result<QByteArray>> captureWithSystemCamera() override
    {
        auto promise = std::make_shared<QPromise<Result<QByteArray>>>();
        promise->start();
        QFuture<Result<QByteArray>> future = promise->future();
        android::ThreadEnv env;
        if (!env || !hasSystemCamera()) {
            promise->addResult(Error(ErrorCode::InvalidArgument, QStringLiteral("no camera app")));
            promise->finish();
            return future;
        }
        jobject context = QNativeInterface::QAndroidApplication::context();
        QJniObject intent = QJniObject::fromLocalRef(
            env->CallStaticObjectMethod(android::java().captureProvider, android::java().captureIntent, context));
        if (auto error = android::takeException(env.get(), ErrorCode::Io); error || !intent.isValid()) {
            promise->addResult(error.value_or(Error(ErrorCode::Io, QStringLiteral("no capture intent"))));
            promise->finish();
            return future;
        }
        QtAndroidPrivate::startActivity(intent, kCaptureRequest, [promise, context](int, int resultCode, const QJniObject &) {
            android::ThreadEnv env;
            // Taken (and shredded) whatever the result, so no JPEG stays behind.
            auto bytes = static_cast<jbyteArray>(
                env->CallStaticObjectMethod(android::java().captureProvider, android::java().takeCapture, context));
            auto error = android::takeException(env.get(), ErrorCode::Io);
            const QByteArray jpeg = android::toByteArray(env.get(), bytes);
            if (bytes)
                env->DeleteLocalRef(bytes);
            if (error)
                promise->addResult(*error);
            else if (resultCode != kResultOk || jpeg.isEmpty())
                promise->addResult(Error(ErrorCode::InvalidArgument, QStringLiteral("cancelled")));
            else
                promise->addResult(jpeg);
            promise->finish();
        });
        return future;
    }
};

} // namespace

std::unique_ptr<Camera> createCamera()
{
    // A capture left behind by an app that died while the camera app was in front: shred it.
    android::ThreadEnv env;
    if (env && android::java().captureProvider) {
        jobject left = env->CallStaticObjectMethod(android::java().captureProvider, android::java().takeCapture,
                                                   QNativeInterface::QAndroidApplication::context());
        android::takeException(env.get());
        if (left)
            env->DeleteLocalRef(left);
    }
    return std::make_unique<AndroidCamera>();
}

} // namespace hearth::platform
