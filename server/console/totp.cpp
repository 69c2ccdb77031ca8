// SPDX-License-Identifier: GPL-3.0-or-later
#include "totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <QUrl>

#include <cstdlib>
#include <mutex>

namespace hearth::server::console {
namespace {

constexpr unsigned kStep = 30;
constexpr unsigned kDigits = 6;

void initOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { oath_init(); });
}

// The raw secret from its base32 form (empty when it is not base32).
QByteArray raw(const QString &secret)
{
    initOnce();
    const QByteArray text = secret.toLatin1();
    char *out = nullptr;
    size_t length = 0;
    if (oath_base32_decode(text.constData(), size_t(text.size()), &out, &length) != OATH_OK)
        return {};
    QByteArray bytes(out, qsizetype(length));
    sodium_memzero(out, length);
    std::free(out);
    return bytes;
}

} // namespace

QString newTotpSecret()
{
    initOnce();
    unsigned char bytes[20];
    randombytes_buf(bytes, sizeof bytes);
    char *out = nullptr;
    size_t length = 0;
    oath_base32_encode(reinterpret_cast<const char *>(bytes), sizeof bytes, &out, &length);
    sodium_memzero(bytes, sizeof bytes);
    QString secret = QString::fromLatin1(out, qsizetype(length));
    std::free(out);
    return secret.remove(u'=');
}

QString totpUri(const QString &user, const QString &secret)
{
    return u"otpauth://totp/Hearth:%1?secret=%2&issuer=Hearth&digits=6&period=30"_qs.arg(
        QString::fromLatin1(QUrl::toPercentEncoding(user)), secret);
}

std::optional<qint64> totpStep(const QString &secret, const QString &code, qint64 nowS)
{
    const QByteArray key = raw(secret);
    const QByteArray otp = code.trimmed().toLatin1();
    if (key.isEmpty() || otp.size() != int(kDigits))
        return std::nullopt;
    int position = 0;
    const int rc = oath_totp_validate2(key.constData(), size_t(key.size()), time_t(nowS), kStep, 0, 1, &position,
                                       otp.constData());
    if (rc < 0)
        return std::nullopt;
    return nowS / kStep + position;
}

QString totpCode(const QString &secret, qint64 nowS)
{
    const QByteArray key = raw(secret);
    char otp[kDigits + 1] = {};
    if (key.isEmpty() || oath_totp_generate(key.constData(), size_t(key.size()), time_t(nowS), kStep, 0, kDigits, otp) != OATH_OK)
        return {};
    return QString::fromLatin1(otp);
}

QByteArray qrSvg(const QString &text)
{
    QRcode *code = QRcode_encodeString(text.toUtf8().constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return {};
    const int quiet = 4, size = code->width + 2 * quiet;
    QByteArray svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + QByteArray::number(size) + ' '
        + QByteArray::number(size) + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        "<path fill=\"#000\" d=\"";
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
            if (code->data[y * code->width + x] & 1)
                svg += 'M' + QByteArray::number(x + quiet) + ' ' + QByteArray::number(y + quiet) + "h1v1h-1z";
    svg += "\"/></svg>";
    QRcode_free(code);
    return svg;
}

} // namespace hearth::server::console
