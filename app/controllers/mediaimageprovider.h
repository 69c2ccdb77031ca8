// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// image://media/<sha256>[#revision]: a photo or thumbnail from the encrypted media store,
// decrypted in memory for an Image item, and marked used in the photo cache. Nothing while the
// session is locked; a transparent 1×1 image when the photo is not on this device (yet).

#include "sessioncontroller.h"

#include <QPointer>
#include <QQuickImageProvider>

namespace hearth::app {

class MediaImageProvider : public QQuickImageProvider
{
public:
    explicit MediaImageProvider(SessionController *session);
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;

private:
    QPointer<SessionController> m_session;
};

} // namespace hearth::app
