// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace hearth::media {

struct PhotoLimits
{
    int longEdge = 1600;
    int quality = 80;
    int thumbLongEdge = 320;
    int thumbQuality = 70;
};

// A photo ready to store: upright, no metadata at all (EXIF, GPS, comments), scaled so its long
// edge is at most 1600 px, JPEG quality 80, plus a thumbnail.
struct ProcessedPhoto
{
    QByteArray jpeg;
    QByteArray thumbnail;
    int width = 0;
    int height = 0;
};

// Reads an image file (JPEG, PNG, ...), applies its EXIF orientation (all eight), scales and
// re-encodes it. The file is only read; nothing of it is written anywhere unencrypted.
// A 12-megapixel JPEG is decoded at reduced size by libjpeg's DCT scaling, which keeps this fast.
Result<ProcessedPhoto> processPhoto(const QString &path, const PhotoLimits &limits = {});
Result<ProcessedPhoto> processPhoto(const QByteArray &bytes, const PhotoLimits &limits = {});

} // namespace hearth::media
