// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam for taking a photo. The app's own viewfinder (Qt Multimedia: frames stay in memory)
// is the default everywhere; where it cannot run, a phone can hand the capture to its own camera
// app (Android: ACTION_IMAGE_CAPTURE into CaptureProvider's one file, read and shredded at once).

#include "core/error.h"

#include <QByteArray>
#include <QFuture>

#include <memory>

namespace hearth::platform {

class Camera
{
public:
    virtual ~Camera() = default;
    // A camera the in-app viewfinder can open.
    virtual bool hasViewfinder() const = 0;
    // The phone's camera app can be asked instead.
    virtual bool hasSystemCamera() const = 0;
    // The JPEG the camera app took, or an error (cancelled: InvalidArgument "cancelled").
    virtual QFuture<Result<QByteArray>> captureWithSystemCamera() = 0;
};

std::unique_ptr<Camera> createCamera();

} // namespace hearth::platform
