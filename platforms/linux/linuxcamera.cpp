// SPDX-License-Identifier: GPL-3.0-or-later
// Linux: the in-app viewfinder (Qt Multimedia) when a camera is attached; no camera app to ask.
#include "core/platform/camera.h"

#include <QGuiApplication>
#include <QCameraDevice>
#include <QMediaDevices>

namespace hearth::platform {
namespace {

class DesktopCamera final : public Camera
{
public:
    bool hasViewfinder() const override
    {
        // Asked each time a visit page opens: the device scan runs once (as before the seam).
        // Offscreen renders (tests, screenshots) never have one.
        static const bool has = QGuiApplication::platformName() != u"offscreen" && !QMediaDevices::videoInputs().isEmpty();
        return has;
    }
    bool hasSystemCamera() const override { return false; }
    QFuture<Result<QByteArray>> captureWithSystemCamera() override
    {
        return QtFuture::makeReadyFuture(
            Result<QByteArray>(Error(ErrorCode::InvalidArgument, QStringLiteral("no system camera on Linux"))));
    }
};

} // namespace

std::unique_ptr<Camera> createCamera()
{
    return std::make_unique<DesktopCamera>();
}

} // namespace hearth::platform
