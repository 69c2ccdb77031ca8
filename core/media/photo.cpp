// SPDX-License-Identifier: GPL-3.0-or-later
#include "photo.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

namespace hearth::media {
namespace {

constexpr qint64 kMaxFileBytes = 64LL * 1024 * 1024;
constexpr qint64 kMaxPixels = 120LL * 1000 * 1000;

QByteArray encodeJpeg(const QImage &image, int quality)
{
    // A fresh image carries no text keys, so the writer emits no comment segment: the output
    // holds only the JFIF header and the pixels.
    QImage clean(image.width(), image.height(), QImage::Format_RGB32);
    clean.fill(Qt::white);
    for (int y = 0; y < image.height(); ++y)
        std::memcpy(clean.scanLine(y), image.constScanLine(y), size_t(image.width()) * 4);
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(quality);
    writer.setOptimizedWrite(true);
    return writer.write(clean) ? out : QByteArray();
}

QImage scaledTo(const QImage &image, int longEdge)
{
    if (std::max(image.width(), image.height()) <= longEdge)
        return image;
    return image.width() >= image.height() ? image.scaledToWidth(longEdge, Qt::SmoothTransformation)
                                           : image.scaledToHeight(longEdge, Qt::SmoothTransformation);
}

Result<ProcessedPhoto> process(QIODevice &device, const PhotoLimits &limits)
{
    const Error unreadable = Error::withReason(ErrorCode::BadFile, u"不是可识别的图片"_qs,
                                               u"not an image Hearth can read"_qs);
    QImageReader reader(&device);
    reader.setAutoTransform(true); // EXIF orientation, all eight
    const QSize stored = reader.size();
    if (!stored.isValid())
        return unreadable;
    if (qint64(stored.width()) * stored.height() > kMaxPixels)
        return Error::withReason(ErrorCode::BadFile, u"图片太大"_qs, u"the image is too large"_qs);
    // Decode at no less than the target size: libjpeg then scales by 1/2, 1/4 or 1/8 while
    // decoding. The scaled size is in the file's own orientation, before rotation.
    const int longest = std::max(stored.width(), stored.height());
    if (longest > limits.longEdge) {
        const double f = double(limits.longEdge) / longest;
        reader.setScaledSize(QSize(std::max(1, int(std::lround(stored.width() * f))),
                                   std::max(1, int(std::lround(stored.height() * f)))));
    }
    QImage image = reader.read();
    if (image.isNull())
        return unreadable;
    image = scaledTo(image, limits.longEdge).convertToFormat(QImage::Format_RGB32);
    ProcessedPhoto photo;
    photo.width = image.width();
    photo.height = image.height();
    photo.jpeg = encodeJpeg(image, limits.quality);
    photo.thumbnail = encodeJpeg(scaledTo(image, limits.thumbLongEdge), limits.thumbQuality);
    if (photo.jpeg.isEmpty() || photo.thumbnail.isEmpty())
        return Error(ErrorCode::Io, u"JPEG encoding failed"_qs);
    return photo;
}

} // namespace

Result<ProcessedPhoto> processPhoto(const QString &path, const PhotoLimits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::withReason(ErrorCode::BadFile, u"无法打开图片文件"_qs, u"cannot open the image file"_qs,
                                 file.errorString());
    if (file.size() > kMaxFileBytes)
        return Error::withReason(ErrorCode::BadFile, u"图片文件太大"_qs, u"the image file is too large"_qs);
    return process(file, limits);
}

Result<ProcessedPhoto> processPhoto(const QByteArray &bytes, const PhotoLimits &limits)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return process(buffer, limits);
}

} // namespace hearth::media
