// SPDX-License-Identifier: GPL-3.0-or-later
#include "mediaimageprovider.h"

#include "core/media/mediacache.h"
#include "core/media/mediastore.h"
#include "core/storage/store.h"

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
    // "HASH#N": N is the app's photo revision, which makes an Image ask again once photos arrived.
    const QString hash = id.section(u'#', 0, 0);
    auto bytes = media::MediaStore(store->mediaDirectory(), store->mediaKey()).get(hash);
    if (!bytes) {
        // Not on this device (yet): a transparent pixel, which the page shows as "not fetched"
        // (an empty image would log a warning for every photo of another device).
        QImage none(1, 1, QImage::Format_ARGB32);
        none.fill(Qt::transparent);
        if (size)
            *size = none.size();
        return none;
    }
    media::noteViewed(hash); // looked at: the cache keeps it longest (written by a worker, never waited for here)
    QImage image = QImage::fromData(*bytes, "JPEG");
    if (size)
        *size = image.size();
    if (requestedSize.isValid() && !image.isNull())
        image = image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

} // namespace hearth::app
