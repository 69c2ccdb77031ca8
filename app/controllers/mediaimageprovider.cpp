// SPDX-License-Identifier: GPL-3.0-or-later
#include "mediaimageprovider.h"

#include "core/media/mediastore.h"

#include <QImage>

namespace hearth::app {

MediaImageProvider::MediaImageProvider(SessionController *session)
    : QQuickImageProvider(QQuickImageProvider::Image), m_session(session)
{
}

QImage MediaImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    // Called on the GUI thread (no asynchronous Images use this provider), so the store
    // cannot close underneath.
    storage::Store *store =
        m_session && m_session->state() == SessionController::State::Unlocked ? m_session->store() : nullptr;
    if (!store)
        return {};
    auto bytes = media::MediaStore(store->mediaDirectory(), store->mediaKey()).get(id);
    if (!bytes)
        return {};
    QImage image = QImage::fromData(*bytes, "JPEG");
    if (size)
        *size = image.size();
    if (requestedSize.isValid() && !image.isNull())
        image = image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

} // namespace hearth::app
