// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// image://media/<sha256>: a photo or thumbnail from the encrypted media store, decrypted in
// memory for an Image item. Nothing while the session is locked.

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
