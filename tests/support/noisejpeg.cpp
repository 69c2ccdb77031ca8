// SPDX-License-Identifier: GPL-3.0-or-later
#include "noisejpeg.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QRandomGenerator>

#include <cmath>

namespace hearth::test {

QByteArray noiseJpeg(qint64 approxBytes, quint32 seed)
{
    // Noise at quality 95 costs about 1.2 bytes a pixel.
    const int pixels = int(approxBytes / 1.2);
    const int width = int(std::sqrt(pixels * 4.0 / 3.0)), height = pixels / std::max(width, 1);
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = random.generate() | 0xFF000000u;
    }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(95);
    writer.write(image);
    return out;
}

} // namespace hearth::test
